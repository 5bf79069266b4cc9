#pragma once
// Private to the core: the state document's sections that live outside state.cpp.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "bitstamp/core/state.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::core {

// ["a","b"]: strings as a canonical JSON array, in the given order.
[[nodiscard]] std::string json_string_array(const std::vector<std::string>& values);

// An id as the state document and requests write it: 1 to 18 decimal digits (so it fits 63 bits).
bool decode_id(const std::string& text, std::int64_t& id);

// "orders": {"lastCompletedMs":…,"fills":{"lastTransactionID":…,"backfillPending":…},
//            "tracked":{id:{"firstSeenMs":…,"context":{…},"lastBody":"…"}},
//            "settled":{id:ms}}
[[nodiscard]] std::string encode_orders(const TaskProgress& progress, const OrdersCursor& cursor);
bool decode_orders(const nlohmann::json& object, TaskProgress& progress, OrdersCursor& cursor, std::string& error);

// "enrichment": {"markets":[…],"myMarkets":[…],"tradingFees":{symbol:{…}},"withdrawalFees":{ticker:[…]}}
[[nodiscard]] std::string encode_enrichment(const Enrichment& enrichment);
bool decode_enrichment(const nlohmann::json& object, Enrichment& enrichment, std::string& error);

}  // namespace bitstamp::core
