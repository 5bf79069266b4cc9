#pragma once
// Argument parsing the commands share.

#include <charconv>
#include <cstdint>
#include <string>

namespace bitstamp::adapters {

// True when `text` is exactly an integer in [low, high]; then `value` holds it.
template <class Integer>
bool parse_integer(const std::string& text, Integer low, Integer high, Integer& value) {
  Integer parsed{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || parsed < low || parsed > high) {
    return false;
  }
  value = parsed;
  return true;
}

}  // namespace bitstamp::adapters
