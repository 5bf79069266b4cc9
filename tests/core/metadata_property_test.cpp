// Proves connector::Metadata behaves as the std::map<std::string, std::string> it replaced:
// any sequence of sets (constant and copied keys), erases, copies and moves leaves the same
// entries, in the same key order, as the map does; equality is by content, whatever the keys'
// storage. Keys and values come from a small alphabet so that replacing and erasing an existing
// key happens often, and long values push the buffer past its inline room onto the heap.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "connector/metadata.hpp"

namespace connector {
namespace {

constexpr MetadataKey constant_a{"com.test.spec/a"};
constexpr MetadataKey constant_b{"com.test.spec/b"};
constexpr MetadataKey constant_long{"com.test.spec/a-key-long-enough-to-leave-any-small-string-buffer"};
constexpr MetadataKey constants[] = {constant_a, constant_b, constant_long};

std::vector<std::pair<std::string, std::string>> entries_of(const Metadata& metadata) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : metadata) out.emplace_back(key, value);
  return out;
}

std::vector<std::pair<std::string, std::string>> entries_of(const std::map<std::string, std::string>& model) {
  return {model.begin(), model.end()};
}

rc::Gen<std::string> short_text() {
  return rc::gen::container<std::string>(rc::gen::elementOf(std::string("ab.z/\x01\xff")));
}

rc::Gen<std::string> value_text() {
  return rc::gen::oneOf(short_text(), rc::gen::map(rc::gen::inRange(0, 400), [](int n) {
                          return std::string(static_cast<std::size_t>(n), 'v');
                        }));
}

enum class Op { set_copied, set_constant, erase, copy, move, self_value };

RC_GTEST_PROP(MetadataProperty, AgreesWithAnOrderedMapUnderAnySequenceOfChanges, ()) {
  Metadata metadata;
  std::map<std::string, std::string> model;
  const int steps = *rc::gen::inRange(0, 60);
  for (int step = 0; step < steps; ++step) {
    switch (*rc::gen::element(Op::set_copied, Op::set_constant, Op::erase, Op::copy, Op::move, Op::self_value)) {
      case Op::set_copied: {
        const std::string key = *rc::gen::oneOf(short_text(), rc::gen::just(std::string(constant_a.text())));
        const std::string value = *value_text();
        metadata.set(key, value);
        model[key] = value;
        break;
      }
      case Op::set_constant: {
        const MetadataKey key = constants[*rc::gen::inRange(0, 3)];
        const std::string value = *value_text();
        metadata.set(key, value);
        model[std::string(key.text())] = value;
        break;
      }
      case Op::erase: {
        const std::string key = model.empty() || *rc::gen::arbitrary<bool>() ? *short_text() : model.begin()->first;
        RC_ASSERT(metadata.erase(key) == (model.erase(key) == 1));
        break;
      }
      case Op::copy: {
        const Metadata copy(metadata);
        metadata = Metadata();
        metadata = copy;
        break;
      }
      case Op::move: {
        Metadata moved(std::move(metadata));
        metadata = std::move(moved);
        break;
      }
      case Op::self_value: {  // a value (and key) that are views of the buffer being changed
        if (model.empty()) break;
        const auto entry = *metadata.begin();
        const std::string value(entry.value);
        const std::string key(entry.key);
        metadata.set(entry.key, entry.value);
        metadata.set(std::string_view("zz"), metadata.at(key));
        model["zz"] = value;
        break;
      }
    }
    RC_ASSERT(entries_of(metadata) == entries_of(model));
    RC_ASSERT(metadata.size() == model.size());
    RC_ASSERT(metadata.empty() == model.empty());
  }
  for (const auto& [key, value] : model) {
    RC_ASSERT(metadata.find(key) == std::optional<std::string_view>(value));
    RC_ASSERT(metadata.at(key) == value);
  }
  // Equal content is equal, however the keys are stored.
  Metadata rebuilt;
  for (auto it = model.rbegin(); it != model.rend(); ++it) rebuilt.set(std::string_view(it->first), it->second);
  RC_ASSERT(rebuilt == metadata);
  if (!model.empty()) {
    rebuilt.set(std::string_view(model.begin()->first), model.begin()->second + "!");
    RC_ASSERT(!(rebuilt == metadata));
  }
}

TEST(Metadata, AMissingKeyIsAbsentAndAtThrowsLikeAMap) {
  Metadata metadata{{"k", "v"}};
  EXPECT_EQ(metadata.find("k"), std::optional<std::string_view>("v"));
  EXPECT_EQ(metadata.find("j"), std::nullopt);
  EXPECT_THROW((void)metadata.at("j"), std::out_of_range);
  EXPECT_FALSE(metadata.erase("j"));
}

TEST(Metadata, AConstantKeyIsEqualToTheSameKeyCopied) {
  Metadata constant;
  constant.set(constant_long, "x");
  Metadata copied;
  copied.set(std::string(constant_long.text()), "x");
  EXPECT_EQ(constant, copied);
}

}  // namespace
}  // namespace connector
