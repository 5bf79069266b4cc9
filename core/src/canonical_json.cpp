#include "bitstamp/core/canonical_json.hpp"

#include <algorithm>
#include <cassert>

namespace bitstamp::core {

void append_json_string(std::string& out, std::string_view value) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (const char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
          out += hex[static_cast<unsigned char>(c) & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

CanonicalObject& CanonicalObject::string(std::string_view key, std::string_view value) {
  std::string json;
  append_json_string(json, value);
  members_.emplace_back(std::string(key), std::move(json));
  return *this;
}

CanonicalObject& CanonicalObject::integer(std::string_view key, std::int64_t value) {
  members_.emplace_back(std::string(key), std::to_string(value));
  return *this;
}

CanonicalObject& CanonicalObject::amount(std::string_view key, Amount value) {
  members_.emplace_back(std::string(key), to_string(value));
  return *this;
}

CanonicalObject& CanonicalObject::boolean(std::string_view key, bool value) {
  members_.emplace_back(std::string(key), value ? "true" : "false");
  return *this;
}

CanonicalObject& CanonicalObject::raw(std::string_view key, std::string_view json) {
  members_.emplace_back(std::string(key), std::string(json));
  return *this;
}

std::string CanonicalObject::finish() {
  std::sort(members_.begin(), members_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  assert(std::adjacent_find(members_.begin(), members_.end(), [](const auto& a, const auto& b) {
           return a.first == b.first;
         }) == members_.end());
  std::string out = "{";
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, members_[i].first);
    out += ':';
    out += members_[i].second;
  }
  out += '}';
  return out;
}

}  // namespace bitstamp::core
