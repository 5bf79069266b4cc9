#pragma once
// Private to the core: reading Bitstamp response bodies with simdjson's on-demand API.
// Responses are the hot path (DESIGN.md "JSON: two libraries"). Every helper reports failure
// as a value; nothing here throws.

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

namespace bitstamp::core::wire {

namespace od = simdjson::ondemand;

// Owns a padded copy of one body and the document iterating it.
// REQUIRES: one live WireDocument per thread at a time (they share the thread's parser).
class WireDocument {
 public:
  explicit WireDocument(std::string_view body);
  // SUCCESS and a document, or the simdjson error that stopped it.
  simdjson::error_code open(od::document*& out);

 private:
  simdjson::padded_string padded_;
  od::document document_;
};

// A scalar's text: a string's unescaped content or a number token's exact characters (a
// number is never converted through double). Nullopt for objects, arrays, booleans and null.
std::optional<std::string_view> scalar_text(od::value value);

// scalar_text as an owned string; "" for anything that is not a scalar.
std::string scalar_string(od::value value);

// An integer given as a JSON number or as a string of digits ("type":"2" and "type":2).
std::optional<std::int64_t> integer_value(od::value value);

// Calls visit(key, value) for every member of `object`, in wire order. False when the
// object cannot be walked (a damaged body); `visit` may stop early by returning false too.
template <class Visit>
bool for_each_field(od::object& object, Visit&& visit) {
  for (auto field : object) {
    std::string_view key;
    od::value value;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS ||
        field.value().get(value) != simdjson::SUCCESS) {
      return false;
    }
    if (!visit(key, value)) return false;
  }
  return true;
}

// Opens one row: `object` ready to walk from its first member, `raw` its verbatim JSON with
// trailing whitespace trimmed. False when the element is not a readable object.
bool open_row(od::value element, od::object& object, std::string_view& raw);

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

// Walks a body that must be a JSON array, calling visit(element) for each element in order.
// Returns "" when every element was visited, or a message naming `what` and the first element
// that could not be read or that `visit` refused (returned false). Callers drop whatever they
// gathered on failure: a damaged page is refused whole, never published in part.
template <class Visit>
std::string for_each_element(std::string_view body, std::string_view what, Visit&& visit) {
  WireDocument document(body);
  od::document* doc = nullptr;
  od::array elements;
  if (document.open(doc) != simdjson::SUCCESS || doc->get_array().get(elements) != simdjson::SUCCESS) {
    return std::string(what) + ": body is not a JSON array";
  }
  std::size_t index = 0;
  for (auto element : elements) {
    od::value value;
    if (element.get(value) != simdjson::SUCCESS || !visit(value)) {
      return std::string(what) + "[" + std::to_string(index) + "]: not a readable row";
    }
    ++index;
  }
  return "";
}

// The first non-whitespace byte of a body, or '\0' if there is none.
char first_significant_byte(std::string_view body);

std::string_view trim_trailing_space(std::string_view text);

}  // namespace bitstamp::core::wire
