#pragma once
// What a body must be to be read as data: an endpoint's documented shape, named once per
// endpoint by each connector (a table of BodyShape values beside its readers). A body is data
// only when it positively has its endpoint's shape: an error object, another endpoint's answer
// or an empty object is never read as "no rows", which once turned an error body into a
// completed walk and lost a whole history. Readers check each row against its shape's required
// keys while they walk it (RequiredKeys) and refuse the whole page when one is missing.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace connector {

inline constexpr std::size_t shape_keys_max = 5;

struct BodyShape {
  std::string_view endpoint;     // as named in diagnostics: "user_transactions/"
  std::string_view description;  // what the body must be, in words
  std::array<std::string_view, shape_keys_max> keys{};  // every row (or the object) has these
};

// Which of a shape's keys one row (or object) has shown so far.
class RequiredKeys {
 public:
  explicit constexpr RequiredKeys(const BodyShape& shape) : shape_(&shape) {}

  // Notes `key` if the shape requires it; any other key is ignored.
  constexpr void note(std::string_view key) {
    for (std::size_t i = 0; i < shape_keys_max && !shape_->keys[i].empty(); ++i) {
      if (shape_->keys[i] == key) seen_ |= 1U << i;
    }
  }
  // The first required key not noted, or "" when every one was.
  [[nodiscard]] constexpr std::string_view missing() const {
    for (std::size_t i = 0; i < shape_keys_max && !shape_->keys[i].empty(); ++i) {
      if ((seen_ & (1U << i)) == 0) return shape_->keys[i];
    }
    return {};
  }
  constexpr void reset() { seen_ = 0; }

 private:
  const BodyShape* shape_;
  std::uint32_t seen_ = 0;
};

// Why a row (or the object) does not have its shape: "has no 'fee' (expected an array of
// objects each with id, type, datetime and fee)".
[[nodiscard]] inline std::string missing_key_refusal(const BodyShape& shape, std::string_view key) {
  return "has no '" + std::string(key) + "' (expected " + std::string(shape.description) + ")";
}

// The refusal of a body that is not even the right kind of JSON value.
[[nodiscard]] inline std::string shape_refusal(const BodyShape& shape) {
  return std::string(shape.endpoint) + ": the body is not " + std::string(shape.description);
}

// The refusal of one row: "user_transactions/[3] has no 'fee' (…)". `where` names the row
// ("[3]", ".deposits[0]").
[[nodiscard]] inline std::string row_refusal(const BodyShape& shape, std::string_view where, std::string_view why) {
  return std::string(shape.endpoint) + std::string(where) + " " + std::string(why);
}

}  // namespace connector
