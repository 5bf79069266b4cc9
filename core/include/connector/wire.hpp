#pragma once
// The connectors' cores only: reading response bodies with simdjson's on-demand API.
// Responses are the hot path (DESIGN.md "JSON: two libraries"). Every helper reports failure
// as a value; nothing here throws.

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "connector/body_shape.hpp"

namespace connector::wire {

namespace od = simdjson::ondemand;

// A padded copy of one body and the document iterating it. The copy lives in a buffer the
// thread reuses (simdjson reads up to SIMDJSON_PADDING bytes past a body's end, so a body is
// copied, but a page no longer costs an allocation, and past the mmap threshold a fresh mapping).
// REQUIRES: one live WireDocument per thread at a time (they share the thread's parser and buffer).
class WireDocument {
 public:
  explicit WireDocument(std::string_view body);
  // SUCCESS and a document, or the simdjson error that stopped it.
  simdjson::error_code open(od::document*& out);

 private:
  simdjson::padded_string_view padded_;
  od::document document_;
};

// A scalar's text: a string's unescaped content or a number token's exact characters (a
// number is never converted through double). Nullopt for objects, arrays, booleans and null.
std::optional<std::string_view> scalar_text(od::value value);

// scalar_text as an owned string; "" for anything that is not a scalar.
std::string scalar_string(od::value value);

// An integer given as a JSON number or as a string of digits ("type":"2" and "type":2).
std::optional<std::int64_t> integer_value(od::value value);

// The text between a string token's quotes, read in place: nullopt when it holds an escape
// (the caller then asks simdjson for the unescaped copy). `opening` points just past the
// opening quote; stage 1 has validated the document, so a closing quote follows.
inline std::optional<std::string_view> unescaped_in_place(const char* opening) {
  const char* end = opening;
  while (*end != '"') {
    if (*end == '\\') return std::nullopt;
    ++end;
  }
  return std::string_view(opening, static_cast<std::size_t>(end - opening));
}

// A field's key: in place when it has no escape (every key Bitstamp sends), which spares a
// copy through simdjson's string buffer per field; unescaped otherwise.
inline simdjson::error_code field_key(od::field& field, std::string_view& key) {
  if (const std::optional<std::string_view> in_place = unescaped_in_place(field.key().raw())) {
    key = *in_place;
    return simdjson::SUCCESS;
  }
  return field.unescaped_key().get(key);
}

// Calls visit(key, value) for every member of `object`, in wire order. False when the
// object cannot be walked (a damaged body); `visit` may stop early by returning false too.
template <class Visit>
bool for_each_field(od::object& object, Visit&& visit) {
  for (auto field_result : object) {
    od::field field;
    std::string_view key;
    if (std::move(field_result).get(field) != simdjson::SUCCESS || field_key(field, key) != simdjson::SUCCESS) {
      return false;
    }
    od::value value = field.value();
    if (!visit(key, value)) return false;
  }
  return true;
}

// Opens one row: `object` ready to walk from its first member, `begin` its first byte (the
// '{'). False when the element is not a readable object. After walking every field,
// take_row_raw gives the row's JSON; the row is read once, not once more to find its end first.
bool open_row(od::value& element, od::object& object, const char*& begin);

// A row's JSON once `element`'s every field was walked, from `begin` to where the walk stopped,
// checked strictly and compacted into `out` (compact_json.hpp): "" when done, otherwise why the
// row is not valid JSON (the caller refuses the page: a record's raw must always parse).
std::string take_row_raw(od::value& element, const char* begin, std::string& out);

// A whole body (order_status/) checked and compacted the same way.
std::string take_body_raw(std::string_view body, std::string& out);

// Calls visit(element) for each element of an array value, in order. False when the array
// cannot be walked or `visit` refused an element (returned false).
template <class Visit>
bool for_each_in_array(od::value value, Visit&& visit) {
  od::array elements;
  if (value.get_array().get(elements) != simdjson::SUCCESS) return false;
  for (auto element : elements) {
    od::value item;
    if (element.get(item) != simdjson::SUCCESS || !visit(item)) return false;
  }
  return true;
}

// Walks a body that must be a JSON array of `shape`'s rows, calling visit(element) for each
// element in order; visit returns "" when it read the row, otherwise what is wrong with it
// ("has no 'fee' (…)"). Returns "" when every element was read, or the refusal naming the row.
// Callers drop whatever they gathered on failure: a page is refused whole, never published in
// part.
template <class Visit>
std::string for_each_element(std::string_view body, const BodyShape& shape, Visit&& visit) {
  WireDocument document(body);
  od::document* doc = nullptr;
  od::array elements;
  if (document.open(doc) != simdjson::SUCCESS || doc->get_array().get(elements) != simdjson::SUCCESS) {
    return shape_refusal(shape);
  }
  std::size_t index = 0;
  for (auto element : elements) {
    od::value value;
    std::string why = element.get(value) != simdjson::SUCCESS ? std::string("is not readable JSON") : visit(value);
    if (!why.empty()) return row_refusal(shape, "[" + std::to_string(index) + "]", why);
    ++index;
  }
  return "";
}

// How many rows a page body may hold, for reserving room before walking it: a row takes at
// least a few dozen bytes, and a page never holds more than `rows_max` of them.
std::size_t rows_in_body_estimate(std::string_view body, std::size_t rows_max);

// The first non-whitespace byte of a body, or '\0' if there is none.
char first_significant_byte(std::string_view body);

std::string_view trim_trailing_space(std::string_view text);

}  // namespace connector::wire
