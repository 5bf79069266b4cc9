#include "bitstamp/simulator/faults.hpp"

#include "bitstamp/simulator/rng.hpp"

namespace bitstamp::simulator {

std::string_view to_string(Fault fault) {
  switch (fault) {
    case Fault::server_error: return "server_error";
    case Fault::timeout_before: return "timeout_before";
    case Fault::timeout_after: return "timeout_after";
    case Fault::rate_limited: return "rate_limited";
    case Fault::rate_limited_retry_after: return "rate_limited_retry_after";
    case Fault::auth_error: return "auth_error";
    case Fault::error_on_200: return "error_on_200";
    case Fault::truncated_body: return "truncated_body";
    case Fault::non_json_body: return "non_json_body";
    case Fault::duplicate_row: return "duplicate_row";
    case Fault::duplicate_delivery: return "duplicate_delivery";
    case Fault::reordered: return "reordered";
    case Fault::crash: return "crash";
    case Fault::retention_expiry: return "retention_expiry";
  }
  return "unknown";
}

std::optional<Fault> fault_from_string(std::string_view name) {
  for (const Fault fault : all_faults) {
    if (to_string(fault) == name) return fault;
  }
  return std::nullopt;
}

FaultMenu FaultMenu::all() {
  FaultMenu menu;
  menu.enabled.fill(true);
  return menu;
}

FaultMenu FaultMenu::none() { return FaultMenu{}; }

std::optional<FaultMenu> parse_fault_menu(std::string_view text, std::string& error) {
  if (text == "all") return FaultMenu::all();
  if (text == "none") return FaultMenu::none();
  FaultMenu menu;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    const std::optional<Fault> fault = fault_from_string(name);
    if (!fault) {
      error = "unknown fault '" + std::string(name) + "'; known: all, none, or a list of:";
      for (const Fault f : all_faults) error += " " + std::string(to_string(f));
      return std::nullopt;
    }
    menu.enabled[static_cast<std::size_t>(*fault)] = true;
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return menu;
}

std::string describe(const FaultMenu& menu) {
  std::string names;
  for (const Fault fault : all_faults) {
    if (!menu.has(fault)) continue;
    if (!names.empty()) names += ',';
    names += to_string(fault);
  }
  return names.empty() ? "none" : names;
}

FaultPlan draw_fault_plan(std::uint64_t seed, const FaultMenu& menu, std::uint32_t intensity_percent) {
  Rng rng(seed);
  FaultPlan plan;
  for (std::size_t i = 0; i < fault_count; ++i) {
    const std::uint32_t drawn = static_cast<std::uint32_t>(rng.below(fault_rate_per_mille_max[i] + 1));
    plan.rate_per_mille[i] = menu.enabled[i] ? drawn * intensity_percent / 100 : 0;
  }
  return plan;
}

}  // namespace bitstamp::simulator
