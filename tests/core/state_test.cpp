// Proves the state document round-trips, refuses what it cannot read, and persists nothing
// of a cycle in progress.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "bitstamp/core/state.hpp"

namespace bitstamp::core {
namespace {

TEST(State, EncodesCanonically) {
  SyncState state;
  state.assets.fetched_at_ms = 5;
  state.assets.by_ticker["BTC"] = Currency{"BTC", 8, "crypto"};
  state.accounts.last_completed_ms = 7;
  EXPECT_EQ(encode_state(state),
            R"({"accounts":{"lastCompletedMs":7},"assets":{"currencies":[{"decimals":8,)"
            R"("ticker":"BTC","type":"crypto"}],"fetchedAtMs":5},"version":1})");
}

TEST(State, NeverPersistsACycleInProgress) {
  SyncState running;
  running.running.accounts_running = true;
  running.running.currencies_running = true;
  const StateDecode decoded = decode_state(encode_state(running));
  ASSERT_TRUE(decoded.state.has_value());
  EXPECT_EQ(decoded.state->running, CycleFlags{});
}

TEST(State, DecodesAMinimalDocumentWithDefaults) {
  const StateDecode decoded = decode_state(R"({"version":1})");
  ASSERT_TRUE(decoded.state.has_value()) << decoded.error;
  EXPECT_EQ(*decoded.state, SyncState{});
}

TEST(State, RefusesWhatItCannotReadAndSaysWhere) {
  EXPECT_EQ(decode_state("").error, "state is not valid JSON");
  EXPECT_EQ(decode_state("[]").error, "state must be a JSON object");
  EXPECT_EQ(decode_state(R"({"version":2})").error,
            "state.version 2 is not supported (this build reads 1..1)");
  EXPECT_EQ(decode_state(R"({"version":1,"accounts":{"lastCompletedMs":"x"}})").error,
            "accounts.lastCompletedMs must be an integer");
  EXPECT_EQ(decode_state(R"({"version":1,"assets":{"currencies":[{"ticker":"btc","decimals":8}]}})").error,
            "assets.currencies[0] has an invalid ticker or decimals");
  EXPECT_FALSE(decode_state(R"({"version":1,"assets":{"currencies":[{"decimals":8}]}})").state);
}

RC_GTEST_PROP(StateProperty, EncodeThenDecodeRoundTrips, ()) {
  SyncState state;
  state.accounts.last_completed_ms = *rc::gen::inRange<std::int64_t>(-1, 1LL << 50);
  state.assets.fetched_at_ms = *rc::gen::inRange<std::int64_t>(-1, 1LL << 50);
  const auto tickers = *rc::gen::container<std::vector<std::string>>(
      rc::gen::elementOf(std::vector<std::string>{"BTC", "USD", "EUR", "USDT", "ETH", "A_B", "X9"}));
  for (const std::string& ticker : tickers) {
    state.assets.by_ticker[ticker] = Currency{ticker, *rc::gen::inRange<std::uint32_t>(0, 31),
                                              *rc::gen::elementOf(std::vector<std::string>{"crypto", "fiat", ""})};
  }
  const StateDecode decoded = decode_state(encode_state(state));
  RC_ASSERT(decoded.state.has_value());
  RC_ASSERT(*decoded.state == state);
  RC_ASSERT(encode_state(*decoded.state) == encode_state(state));
}

RC_GTEST_PROP(StateProperty, AnyTextDecodesOrExplains, (const std::string& text)) {
  const StateDecode decoded = decode_state(text);
  RC_ASSERT(decoded.state.has_value() != !decoded.error.empty());
}

}  // namespace
}  // namespace bitstamp::core
