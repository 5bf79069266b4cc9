#include "json_rows.hpp"

#include <charconv>

#include "connector/compact_json.hpp"
#include "connector/wire.hpp"

namespace fireblocks::core::json {

namespace {

std::vector<std::unique_ptr<dom::parser>>& idle_parsers() {
  thread_local std::vector<std::unique_ptr<dom::parser>> idle;
  return idle;
}

}  // namespace

Body::Body() {
  std::vector<std::unique_ptr<dom::parser>>& idle = idle_parsers();
  if (idle.empty()) {
    parser_ = std::make_unique<dom::parser>();
  } else {
    parser_ = std::move(idle.back());
    idle.pop_back();
  }
}

Body::~Body() {
  constexpr std::size_t idle_parsers_max = 4;  // deeper nesting never happens; do not hoard
  if (idle_parsers().size() < idle_parsers_max) idle_parsers().push_back(std::move(parser_));
}

bool Body::parse(std::string_view text) {
  const simdjson::error_code error = parser_->parse(text.data(), text.size(), true).get(root_);
  if (error != simdjson::SUCCESS) {
    why_ = simdjson::error_message(error);
    return false;
  }
  return true;
}

std::optional<dom::element> member(dom::element element, std::string_view key) {
  dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
  dom::element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

std::optional<std::string_view> string_member(dom::element element, std::string_view key) {
  const std::optional<dom::element> value = member(element, key);
  std::string_view text;
  if (!value || value->get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return text;
}

std::string_view text_member(dom::element element, std::string_view key) {
  return string_member(element, key).value_or(std::string_view());
}

std::optional<bool> bool_member(dom::element element, std::string_view key) {
  const std::optional<dom::element> value = member(element, key);
  bool flag = false;
  if (!value || value->get_bool().get(flag) != simdjson::SUCCESS) return std::nullopt;
  return flag;
}

std::optional<std::int64_t> integer_member(dom::element element, std::string_view key) {
  const std::optional<dom::element> value = member(element, key);
  if (!value) return std::nullopt;
  std::int64_t number = 0;
  if (value->get_int64().get(number) == simdjson::SUCCESS) return number;
  std::uint64_t unsigned_number = 0;
  if (value->get_uint64().get(unsigned_number) == simdjson::SUCCESS) return std::nullopt;  // beyond int64
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS || text.empty()) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

std::optional<dom::array> array_member(dom::element element, std::string_view key) {
  const std::optional<dom::element> value = member(element, key);
  dom::array array;
  if (!value || value->get_array().get(array) != simdjson::SUCCESS) return std::nullopt;
  return array;
}

std::string joined_strings(dom::element element, std::string_view key) {
  std::string out;
  const std::optional<dom::array> items = array_member(element, key);
  if (!items) return out;
  for (dom::element item : *items) {
    std::string_view text;
    if (item.get_string().get(text) != simdjson::SUCCESS) continue;
    if (!out.empty()) out += ',';
    out += text;
  }
  return out;
}

std::string element_raws(std::string_view body, std::string_view key, std::vector<std::string>& out) {
  namespace od = connector::wire::od;
  connector::wire::WireDocument document(body);
  od::document* doc = nullptr;
  if (document.open(doc) != simdjson::SUCCESS) return "is not readable JSON";
  od::array elements;
  if (key.empty()) {
    if (doc->get_array().get(elements) != simdjson::SUCCESS) return "is not an array";
  } else {
    od::object top;
    od::value list;
    if (doc->get_object().get(top) != simdjson::SUCCESS || top.find_field_unordered(key).get(list) != simdjson::SUCCESS ||
        list.get_array().get(elements) != simdjson::SUCCESS) {
      return "has no array '" + std::string(key) + "'";
    }
  }
  std::size_t index = 0;
  for (auto element : elements) {
    od::object row;
    std::string_view text;
    if (element.get_object().get(row) != simdjson::SUCCESS || row.raw_json().get(text) != simdjson::SUCCESS) {
      return "[" + std::to_string(index) + "] is not an object";
    }
    std::string compact;
    if (std::string why = connector::compact_json(text, compact); !why.empty()) {
      return "[" + std::to_string(index) + "] is not valid JSON (" + why + ")";
    }
    out.push_back(std::move(compact));
    ++index;
  }
  return "";
}

}  // namespace fireblocks::core::json
