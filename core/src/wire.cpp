#include "connector/wire.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <functional>
#include <vector>

#include "connector/compact_json.hpp"

namespace connector::wire {
namespace {

// One parser per thread, reused across calls: its buffers are scratch space, never state that
// reaches an output, so the functions that use it stay pure in every observable way.
od::parser& thread_parser() {
  thread_local od::parser parser;
  return parser;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// `body` copied into the thread's buffer, followed by zeroed padding. The buffer keeps the size
// of the largest body read on this thread (a page: at most a few hundred kB).
simdjson::padded_string_view padded_copy(std::string_view body) {
  thread_local std::vector<char> buffer;
  const std::less<const char*> before;  // orders any two pointers (the built-in < may not)
  if (!before(body.data(), buffer.data()) && before(body.data(), buffer.data() + buffer.size())) {
    // A view of the buffer itself (a part of the last body read): copied out before it moves.
    const std::string own(body);
    return padded_copy(own);
  }
  const std::size_t needed = body.size() + simdjson::SIMDJSON_PADDING;
  if (buffer.size() < needed) buffer.resize(needed);
  if (!body.empty()) std::memcpy(buffer.data(), body.data(), body.size());
  std::memset(buffer.data() + body.size(), 0, simdjson::SIMDJSON_PADDING);
  return simdjson::padded_string_view(buffer.data(), body.size(), buffer.size());
}

}  // namespace

WireDocument::WireDocument(std::string_view body) : padded_(padded_copy(body)) {}

simdjson::error_code WireDocument::open(od::document*& out) {
  const simdjson::error_code error = thread_parser().iterate(padded_).get(document_);
  if (error != simdjson::SUCCESS) return error;
  out = &document_;
  return simdjson::SUCCESS;
}

std::string_view trim_trailing_space(std::string_view text) {
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<std::string_view> scalar_text(od::value value) {
  od::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return std::nullopt;
  if (type == od::json_type::string) {
    const std::string_view token = value.raw_json_token();
    if (auto in_place = unescaped_in_place(token.data() + 1)) return in_place;
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
    return text;
  }
  if (type == od::json_type::number) {
    return trim_trailing_space(value.raw_json_token());
  }
  return std::nullopt;
}

std::string scalar_string(od::value value) {
  const std::optional<std::string_view> text = scalar_text(value);
  return text ? std::string(*text) : std::string();
}

std::optional<std::int64_t> integer_value(od::value value) {
  const std::optional<std::string_view> text = scalar_text(value);
  if (!text || text->empty()) return std::nullopt;
  std::int64_t parsed = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, error] = std::from_chars(text->data(), end, parsed);
  if (error != std::errc() || ptr != end) return std::nullopt;
  return parsed;
}

bool open_row(od::value& element, od::object& object, const char*& begin) {
  begin = element.raw_json_token().data();
  return element.get_object().get(object) == simdjson::SUCCESS;
}

std::string take_row_raw(od::value& element, const char* begin, std::string& out) {
  const char* end = nullptr;
  if (element.current_location().get(end) != simdjson::SUCCESS || end < begin) {
    // At the document's end: the row ran to the last byte, which a page of rows never does.
    return "could not be delimited";
  }
  // The walk stops at the token after the row: ',' or the array's ']'.
  const std::string why = compact_json(std::string_view(begin, static_cast<std::size_t>(end - begin)), out);
  return why.empty() ? why : "is not valid JSON (" + why + ")";
}

std::string take_body_raw(std::string_view body, std::string& out) {
  const std::string why = compact_json(body, out);
  return why.empty() ? why : "is not valid JSON (" + why + ")";
}

std::size_t rows_in_body_estimate(std::string_view body, std::size_t rows_max) {
  constexpr std::size_t row_bytes_min = 48;
  return std::min<std::size_t>(body.size() / row_bytes_min, rows_max);
}

char first_significant_byte(std::string_view body) {
  for (const char c : body) {
    if (!is_space(c)) return c;
  }
  return '\0';
}

}  // namespace connector::wire
