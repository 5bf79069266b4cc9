// Proves a record's raw JSON is checked strictly and written compactly: whitespace between
// tokens goes, key order, string bytes and number text stay; anything RFC 8259 refuses is
// refused, with a reason and a byte position.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include "connector/compact_json.hpp"

namespace connector {
namespace {

std::string compacted(std::string_view text) {
  std::string out;
  const std::string why = compact_json(text, out);
  EXPECT_EQ(why, "") << text;
  return out;
}

TEST(CompactJson, DropsWhitespaceBetweenTokensOnly) {
  EXPECT_EQ(compacted(" {\n  \"a\" : [ 1 , 2.50 , -0e+7 ] ,\t\"b\" : \" x  y \" , \"c\":{ } ,\"d\":[ ]}\r\n"),
            R"({"a":[1,2.50,-0e+7],"b":" x  y ","c":{},"d":[]})");
  EXPECT_EQ(compacted(R"({"k":"\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t"})"), R"({"k":"\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t"})");
  EXPECT_EQ(compacted("\"caf\xc3\xa9\""), "\"caf\xc3\xa9\"");
  EXPECT_EQ(compacted("true"), "true");
  const std::string numbers = "[1.7e307,0.00001e-400,0e999999999999,-12345678901234567890123456789]";
  EXPECT_EQ(compacted(numbers), numbers);
  EXPECT_FALSE(nlohmann::json::parse(numbers, nullptr, false).is_discarded());
}

TEST(CompactJson, RefusesWhatIsNotJsonWithAReasonAndPosition) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"zz":nope})", "not a JSON value at byte 6"},
      {R"({"a":"\ud800"})", "a lone high surrogate in a string"},
      {R"({"a":"\udc00"})", "a lone low surrogate in a string"},
      {std::string("{\"a\":\"x\x01\"}"), "a control byte inside a string"},
      {std::string("{\"a\":\"x\0\"}", 10), "a control byte inside a string"},
      {std::string("{\"a\":\"\xc3\x28\"}"), "invalid UTF-8 in a string"},
      {std::string("{\"a\":\"\xed\xa0\x80\"}"), "invalid UTF-8 in a string"},
      {std::string("{\"a\":\"\xe0\x80\x80\"}"), "invalid UTF-8 in a string"},
      {R"({"a":01})", "expected ',' or '}'"},
      {R"({"a":1.})", "a number without digits after '.'"},
      {R"([1,])", "not a JSON value"},
      {R"({"a":1,})", "expected a string key"},
      {R"({"a" 1})", "expected ':'"},
      {R"({"a":1} x)", "text after the value"},
      {R"({"a":"x)", "a string without its closing quote"},
      {R"({"a":[1)", "the text ends inside the value"},
      {R"({"a":"\x"})", "an invalid escape in a string"},
      // Found by the fuzzer: valid JSON grammar, but past a double: nlohmann refuses to read it.
      {R"({"a":77e902})", "a number too large for a double"},
      {R"({"a":1e308})", "a number too large for a double"},
      {"{\"a\":1" + std::string(320, '0') + "}", "a number too large for a double"},
  };
  for (const auto& [text, reason] : cases) {
    std::string out = "kept";
    const std::string why = compact_json(text, out);
    EXPECT_NE(why.find(reason), std::string::npos) << text << " -> " << why;
    EXPECT_NE(why.find("at byte"), std::string::npos) << why;
    EXPECT_EQ(out, "kept");
  }
}

TEST(CompactJson, RefusesNestingBeyondItsBoundWithoutRecursion) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  std::string out;
  EXPECT_NE(compact_json(deep, out).find("nesting deeper than allowed"), std::string::npos);
}

// Any JSON value, indented, compacts to exactly its compact dump.
RC_GTEST_PROP(CompactJsonProperty, AnIndentedValueCompactsToItsCompactForm, ()) {
  const auto leaf = rc::gen::oneOf(
      rc::gen::map(rc::gen::arbitrary<std::int64_t>(), [](std::int64_t n) { return nlohmann::json(n); }),
      rc::gen::map(rc::gen::string<std::string>(), [](std::string text) {
        for (char& c : text) c = static_cast<char>(static_cast<unsigned char>(c) & 0x7f);
        return nlohmann::json(text);
      }),
      rc::gen::just(nlohmann::json(nullptr)), rc::gen::just(nlohmann::json(true)));
  nlohmann::json value = nlohmann::json::object();
  const auto keys = *rc::gen::container<std::vector<std::string>>(rc::gen::string<std::string>());
  for (const std::string& key : keys) {
    std::string ascii = key;
    for (char& c : ascii) c = static_cast<char>(static_cast<unsigned char>(c) & 0x7f);
    value[ascii] = *rc::gen::oneOf(leaf, rc::gen::map(rc::gen::container<std::vector<nlohmann::json>>(leaf),
                                                      [](std::vector<nlohmann::json> items) { return nlohmann::json(items); }));
  }
  std::string out;
  RC_ASSERT(compact_json(value.dump(*rc::gen::inRange(1, 5)), out).empty());
  RC_ASSERT(out == value.dump());
}

// Whatever the bytes, the result is refused or parses as JSON on one line.
RC_GTEST_PROP(CompactJsonProperty, AnyBytesAreRefusedOrGiveOneLineOfJson, (const std::string& text)) {
  std::string out;
  if (!compact_json(text, out).empty()) return;
  RC_ASSERT(out.find('\n') == std::string::npos);
  RC_ASSERT(!nlohmann::json::parse(out, nullptr, false).is_discarded());
}

// Strings are scanned eight bytes at a time: a string of any length, with the bytes that end a
// plain run ('"', '\\', control bytes, bytes >= 0x80) at any offset, is accepted exactly when a
// strict parser accepts it, and then unchanged.
RC_GTEST_PROP(CompactJsonProperty, StringsAreJudgedAsAStrictParserJudgesThem, ()) {
  // Mostly plain runs, so that a lone offending byte is often the first special byte of its word.
  const auto plain_run = rc::gen::container<std::string>(rc::gen::elementOf(std::string("aZ ~u0\x7f")));
  const auto special_byte = rc::gen::map(rc::gen::elementOf(std::string("\"\\\x01\x1f\x80\xbf\xc3\xe2\xff", 9)),
                                         [](char c) { return std::string(1, c); });
  const auto valid_sequence = rc::gen::element<std::string>("\\n", "\\\"", "\\u00e9", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80");
  const auto piece = rc::gen::weightedOneOf<std::string>({{8, plain_run}, {1, special_byte}, {2, valid_sequence}});
  std::string content;
  for (const std::string& part : *rc::gen::container<std::vector<std::string>>(piece)) content += part;
  const std::string text = "{\"k\":\"" + content + "\"}";
  std::string out;
  const std::string why = compact_json(text, out);
  const bool parsed = !nlohmann::json::parse(text, nullptr, false).is_discarded();
  RC_ASSERT(why.empty() == parsed);
  if (parsed) RC_ASSERT(out == text);
}

}  // namespace
}  // namespace connector
