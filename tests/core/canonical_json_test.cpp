// Proves records serialize canonically: sorted keys, exact amounts, Formance field names.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include "connector/canonical_json.hpp"
#include "bitstamp/core/limits.hpp"
#include "connector/record_json.hpp"

namespace bitstamp::core {
namespace {

TEST(CanonicalJson, SortsKeysAndEscapesStrings) {
  const std::string json = CanonicalObject()
                               .string("b", "quote\" back\\ nl\n ctl\x01")
                               .integer("a", -3)
                               .boolean("c", true)
                               .raw("d", "[1,2]")
                               .finish();
  EXPECT_EQ(json, R"({"a":-3,"b":"quote\" back\\ nl\n ctl\u0001","c":true,"d":[1,2]})");
}

TEST(RecordJson, WritesAnAccountWithFormanceFieldNames) {
  PspAccount account{"BTC", bitstamp_genesis_us, "BTC", "BTC/8",
                     {{"com.bitstamp.spec/is_crypto", "true"}},
                     R"({"currency":"btc","available":"1"})"};
  EXPECT_EQ(to_json(account),
            R"({"createdAt":"2011-08-02T00:00:00Z","defaultAsset":"BTC/8","kind":"account",)"
            R"("metadata":{"com.bitstamp.spec/is_crypto":"true"},"name":"BTC",)"
            R"("raw":{"currency":"btc","available":"1"},"reference":"BTC"})");
}

TEST(RecordJson, WritesAmountsBeyond64BitsAsExactNumbers) {
  const PspBalance balance{"ETH", 0, parse_decimal("123.456789012345678901", 18).amount, "ETH/18"};
  EXPECT_EQ(to_json(balance),
            R"({"accountReference":"ETH","amount":123456789012345678901,"asset":"ETH/18",)"
            R"("createdAt":"1970-01-01T00:00:00Z","kind":"balance"})");
}

RC_GTEST_PROP(RecordJsonProperty, AnyStringsGiveValidJsonThatReadsBack,
              (const std::string& reference, const std::string& key, const std::string& value)) {
  // Valid UTF-8 is what reaches records; non-ASCII bytes pass through unchanged, so the
  // property is stated over ASCII text.
  auto ascii = [](std::string text) {
    for (char& c : text) c = static_cast<char>(static_cast<unsigned char>(c) & 0x7f);
    return text;
  };
  PspAccount account{ascii(reference), 0, "n", "A/1", {{ascii(key), ascii(value)}}, ""};
  const nlohmann::json parsed = nlohmann::json::parse(to_json(account));
  RC_ASSERT(parsed["reference"].get<std::string>() == ascii(reference));
  RC_ASSERT(parsed["metadata"][ascii(key)].get<std::string>() == ascii(value));
  RC_ASSERT(parsed["raw"].is_null());
}

// Every record is one line of JSON whatever bytes came in: a byte that is not well-formed UTF-8
// becomes U+FFFD, and well-formed text reads back unchanged.
RC_GTEST_PROP(RecordJsonProperty, AnyBytesGiveOneLineOfValidJson, (const std::string& value)) {
  const PspAccount account{"A", 0, value, "A/1", {{"k", value}}, ""};
  const std::string line = to_json(account);
  RC_ASSERT(line.find('\n') == std::string::npos);
  const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  RC_ASSERT(!parsed.is_discarded());
  bool valid_utf8 = true;
  try {
    (void)nlohmann::json(value).dump();
  } catch (const nlohmann::json::exception&) {
    valid_utf8 = false;
  }
  if (valid_utf8) RC_ASSERT(parsed["name"].get<std::string>() == value);
}

TEST(RecordJson, ReplacesBytesThatAreNotUtf8) {
  const PspAccount account{"A", 0, std::string("a\xc3\x28" "b\xed\xa0\x80" "c\xe2\x82\xac"), "A/1", {}, ""};
  const std::string expected = R"("name":"a\ufffd(b\ufffd\ufffd\ufffdc)" + std::string("\xe2\x82\xac") + "\"";
  EXPECT_NE(to_json(account).find(expected), std::string::npos)
      << to_json(account);
}

}  // namespace
}  // namespace bitstamp::core
