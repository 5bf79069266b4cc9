#pragma once
// The fault menu and the plan a seed draws from it. Each fault has a rate per mille that
// varies by seed (some seeds are calm, some are storms); a menu switches kinds on or off.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bitstamp::simulator {

enum class Fault : std::uint8_t {
  server_error,           // HTTP 500/502/503, HTML or JSON body
  timeout_before,         // the request never reached Bitstamp
  timeout_after,          // Bitstamp answered (and counted it), the answer was lost
  rate_limited,           // HTTP 429 / 400.002 without Retry-After
  rate_limited_retry_after,  // ... with Retry-After: N seconds
  auth_error,             // HTTP 403 API0008 (a key rotated under us): the cycle stops
  error_on_200,           // a v1 maintenance error body with HTTP 200
  truncated_body,         // the body cut short
  non_json_body,          // an HTML page with HTTP 200
  duplicate_row,          // a row listed twice within one page
  duplicate_delivery,     // the same response delivered twice
  reordered,              // concurrent responses arrive out of order (extra latency)
  crash,                  // the process dies at a step: before, inside or after the commit
  retention_expiry,       // deposits completing beyond since_timestamp's 30-day reach
};

inline constexpr std::size_t fault_count = 14;
inline constexpr std::array<Fault, fault_count> all_faults = {
    Fault::server_error,   Fault::timeout_before,   Fault::timeout_after, Fault::rate_limited,
    Fault::rate_limited_retry_after, Fault::auth_error, Fault::error_on_200, Fault::truncated_body,
    Fault::non_json_body,  Fault::duplicate_row,    Fault::duplicate_delivery, Fault::reordered,
    Fault::crash,          Fault::retention_expiry};

[[nodiscard]] std::string_view to_string(Fault fault);
[[nodiscard]] std::optional<Fault> fault_from_string(std::string_view name);

// Which kinds may happen.
struct FaultMenu {
  std::array<bool, fault_count> enabled{};
  [[nodiscard]] bool has(Fault fault) const { return enabled[static_cast<std::size_t>(fault)]; }
  static FaultMenu all();
  static FaultMenu none();
};

// "all", "none", or a comma-separated list of fault names; nullopt and `error` on junk.
[[nodiscard]] std::optional<FaultMenu> parse_fault_menu(std::string_view text, std::string& error);
[[nodiscard]] std::string describe(const FaultMenu& menu);

// Rate caps per mille of requests (crash: of steps; retention: of deposits). A seed draws
// each rate in [0, cap] and then scales the lot by `intensity_percent`.
inline constexpr std::array<std::uint32_t, fault_count> fault_rate_per_mille_max = {
    60, 30, 30, 40, 40, 8, 20, 20, 20, 60, 40, 200, 15, 150};

struct FaultPlan {
  std::array<std::uint32_t, fault_count> rate_per_mille{};
  [[nodiscard]] std::uint32_t rate(Fault fault) const { return rate_per_mille[static_cast<std::size_t>(fault)]; }
};

[[nodiscard]] FaultPlan draw_fault_plan(std::uint64_t seed, const FaultMenu& menu, std::uint32_t intensity_percent);

}  // namespace bitstamp::simulator
