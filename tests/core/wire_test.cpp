// Proves the on-demand reading helpers: a body is read from the thread's reused padded buffer,
// bodies of any size one after another, and a body that is itself a view of that buffer (text
// taken from the previous body) reads as its own bytes.
#include <gtest/gtest.h>

#include <string>

#include "connector/wire.hpp"

namespace connector::wire {
namespace {

// The string value of `key` in the object `body`, read through a WireDocument.
std::optional<std::string_view> member_text(std::string_view body, std::string_view key) {
  WireDocument document(body);
  od::document* doc = nullptr;
  od::object object;
  od::value value;
  if (document.open(doc) != simdjson::SUCCESS || doc->get_object().get(object) != simdjson::SUCCESS ||
      object.find_field_unordered(key).get(value) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return scalar_text(value);
}

TEST(WireDocument, ReadsBodiesOfAnySizeOneAfterAnother) {
  const std::string large = R"({"pad":")" + std::string(300'000, 'x') + R"(","k":"large"})";
  EXPECT_EQ(member_text(R"({"k":"small"})", "k"), std::optional<std::string_view>("small"));
  EXPECT_EQ(member_text(large, "k"), std::optional<std::string_view>("large"));
  EXPECT_EQ(member_text(R"({"k":"again"})", "k"), std::optional<std::string_view>("again"));
  EXPECT_EQ(member_text(R"({"k":)", "k"), std::nullopt);  // a cut body: no stale bytes read past it
}

// The raw text of the member `key` of the object `body`: a view into the thread's buffer.
std::optional<std::string_view> member_raw(std::string_view body, std::string_view key) {
  WireDocument document(body);
  od::document* doc = nullptr;
  od::object object;
  od::object member;
  std::string_view raw;
  if (document.open(doc) != simdjson::SUCCESS || doc->get_object().get(object) != simdjson::SUCCESS ||
      object.find_field_unordered(key).get_object().get(member) != simdjson::SUCCESS ||
      member.raw_json().get(raw) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return raw;
}

TEST(WireDocument, ReadsABodyThatIsAViewOfThePreviousOne) {
  // The inner object's text overlaps where a new body is copied to (the sanitizer pass would
  // report a memcpy over itself): it is copied out first and reads as its own bytes.
  const std::string pad(64, 'p');
  const std::optional<std::string_view> inner = member_raw(R"({"inner":{"k":"deep","pad":")" + pad + R"("}})", "inner");
  ASSERT_TRUE(inner.has_value());
  EXPECT_EQ(*inner, R"({"k":"deep","pad":")" + pad + R"("})");
  EXPECT_EQ(member_text(*inner, "k"), std::optional<std::string_view>("deep"));
}

}  // namespace
}  // namespace connector::wire
