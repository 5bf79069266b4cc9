// Exercises the core end to end with nothing but bitstamp_core linked (see CMakeLists.txt):
// if any core function reached for curl, OpenSSL or SQLite this program would not link.
#include <cstdio>

#include "bitstamp/core/engine.hpp"
#include "connector/record_json.hpp"

int main() {
  using namespace bitstamp::core;
  const Settings settings;
  StepResult planned = plan(SyncState{}, settings, 1'759'320'000'000);
  Response currencies{Transport::received, 200, {}, R"([{"currency":"BTC","decimals":8,"type":"crypto"}])"};
  StepResult after_currencies = step(std::move(planned.state), settings, planned.requests.at(0),
                                     currencies, 1'759'320'000'100);
  Response balances{Transport::received, 200, {}, R"([{"currency":"btc","total":"1","available":"1","reserved":"0"}])"};
  StepResult done = step(std::move(after_currencies.state), settings,
                         after_currencies.requests.at(0), balances, 1'759'320'000'200);
  if (done.records.size() != 2) return 1;
  std::puts(to_json(done.records[1]).c_str());
  return 0;
}
