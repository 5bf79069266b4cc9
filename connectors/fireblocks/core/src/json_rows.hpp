#pragma once
// Reading Fireblocks bodies: simdjson's DOM for the fields (the bodies nest: amountInfo,
// source, destinations[].destination), and one on-demand pass for each row's verbatim bytes,
// checked strictly and compacted (compact_json) so a record's raw always parses. Nothing here
// throws; every failure is a value.

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fireblocks::core::json {

namespace dom = simdjson::dom;

// A parsed body. The element is valid while this object lives. Parsers are scratch space reused
// across bodies (a thread's own pool, one per Body alive at once), so reading a page and then
// each of its rows allocates nothing after the first; no state reaches an output.
class Body {
 public:
  Body();
  ~Body();
  Body(const Body&) = delete;
  Body& operator=(const Body&) = delete;
  // False (and why()) when the text is not one JSON value.
  bool parse(std::string_view text);
  [[nodiscard]] dom::element root() const { return root_; }
  [[nodiscard]] const std::string& why() const { return why_; }

 private:
  std::unique_ptr<dom::parser> parser_;
  dom::element root_;
  std::string why_;
};

// The member `key` of an object, if `element` is an object that has it.
[[nodiscard]] std::optional<dom::element> member(dom::element element, std::string_view key);
// A string member's text; nullopt when absent, null or not a string.
[[nodiscard]] std::optional<std::string_view> string_member(dom::element element, std::string_view key);
// A string member, "" when absent, null or not a string.
[[nodiscard]] std::string_view text_member(dom::element element, std::string_view key);
// A boolean member; nullopt unless it is true or false.
[[nodiscard]] std::optional<bool> bool_member(dom::element element, std::string_view key);
// An integer member given as a JSON integer or a string of digits.
[[nodiscard]] std::optional<std::int64_t> integer_member(dom::element element, std::string_view key);
// An array member, if present and an array.
[[nodiscard]] std::optional<dom::array> array_member(dom::element element, std::string_view key);
// A string array member joined with ",": "ERC20,ERC721"; non-strings are skipped.
[[nodiscard]] std::string joined_strings(dom::element element, std::string_view key);

// The verbatim bytes of each element of the body's array, compacted: the body itself when
// `key` is "", otherwise the array member `key` of the top-level object. "" when every element
// is an object and valid JSON, otherwise why not.
[[nodiscard]] std::string element_raws(std::string_view body, std::string_view key, std::vector<std::string>& out);

}  // namespace fireblocks::core::json
