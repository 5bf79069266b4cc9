#pragma once
// Folding the emissions of one historical order (DESIGN.md §4 "Orders"). An order rebuilt from
// its fill rows is emitted once per cycle that read some of them, holding those fills only
// (metadata first_fill_id .. last_fill_id): the core keeps no per-order memory across cycles,
// so a backfill's memory does not grow with its history. The store folds each emission into
// what it holds: sums add up, the earliest fill dates the order, the raw rows join in id order.
// Fill ids only grow along the walk and a cycle's records commit with its cursor, so an
// emission either follows what is held, or (a walk read again) adds nothing new.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "connector/record.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

// What a stored historical order holds that a later emission of it adds to.
struct HistoricalFills {
  Amount base_filled;
  Amount quote_filled;
  Amount fee;
  std::int64_t created_at_us = 0;
  std::optional<std::int64_t> first_fill_id;  // absent in records written before fill ids were kept
  std::optional<std::int64_t> last_fill_id;
  std::string raw;  // "[row,…]", the fill rows verbatim
  friend bool operator==(const HistoricalFills&, const HistoricalFills&) = default;
};

// Nullopt unless `order` is historical.
[[nodiscard]] std::optional<HistoricalFills> historical_fills_of(const PspOrder& order);

// The same, read from the record's canonical JSON (record_json.hpp) as a store keeps it; nullopt
// unless it is a historical order record that reads back whole.
[[nodiscard]] std::optional<HistoricalFills> historical_fills_from_json(std::string_view record_json);

enum class FoldOutcome {
  replaced,      // nothing historical to fold into (or `incoming` is not historical): store it
  folded,        // `order` holds both
  already_held,  // every fill of `incoming` is held already: store nothing
  conflict,      // the fills overlap part-way, or their sums overflow: keep what is held
};

struct OrderFold {
  FoldOutcome outcome = FoldOutcome::replaced;
  PspOrder order;  // what to store: `incoming`, or `incoming` folded into `stored`
};

// What the store should hold once `incoming` arrives for a reference holding `stored`.
[[nodiscard]] OrderFold fold_order(const std::optional<HistoricalFills>& stored, const PspOrder& incoming);

}  // namespace bitstamp::core
