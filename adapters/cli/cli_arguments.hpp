#pragma once
// Argument parsing the commands share.

#include <charconv>
#include <cstdint>
#include <string>

#include "bitstamp/core/engine.hpp"

namespace harness {

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

// "accounts,payments" -> the tasks enabled; returns an error message or "".
inline std::string parse_tasks(const std::string& list, bitstamp::core::EnabledTasks& tasks) {
  tasks = bitstamp::core::EnabledTasks{false, false, false, false, false};
  std::size_t begin = 0;
  while (begin <= list.size()) {
    const std::size_t end = std::min(list.find(',', begin), list.size());
    const std::string name = list.substr(begin, end - begin);
    if (name == "all") {
      tasks = bitstamp::core::EnabledTasks{};
    } else if (name == "accounts") {
      tasks.accounts = true;
    } else if (name == "payments") {
      tasks.payments = true;
    } else if (name == "conversions") {
      tasks.conversions = true;
    } else if (name == "orders") {
      tasks.orders = true;
    } else if (name == "enrichment") {
      tasks.enrichment = true;
    } else {
      return "unknown task '" + name + "' (known: accounts, payments, conversions, orders, enrichment, all)";
    }
    begin = end + 1;
  }
  return "";
}

}  // namespace harness
