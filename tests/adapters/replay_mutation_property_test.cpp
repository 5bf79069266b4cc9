// Proves every record `replay` prints is one line of valid JSON whatever bytes the capture's
// bodies hold: the fixture captures with their bodies mutated (bytes flipped, inserted or
// removed, invalid UTF-8, control bytes, lone surrogates, junk tokens, indentation) replay to
// lines that all parse. A record's raw keeps the wire row only when the row is valid JSON.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "harness/replay.hpp"
#include "connector/record_json.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  std::vector<Exchange> exchanges;
  bitstamp::core::Settings settings;
};

// Every capture under fixtures/captures, with the tasks its directory names ("accounts+enrichment")
// and the page size its NAME.args gives, if any.
const std::vector<Fixture>& fixtures() {
  static const std::vector<Fixture> all = [] {
    std::vector<Fixture> found;
    std::vector<fs::path> paths;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(BITSTAMP_FIXTURES_DIR) / "captures")) {
      if (entry.path().extension() == ".jsonl") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& path : paths) {
      Fixture fixture;
      fixture.exchanges = read_capture_file(path.string()).exchanges;
      const std::string tasks = path.parent_path().filename().string();
      fixture.settings.tasks = bitstamp::core::EnabledTasks{false, false, false, false, false};
      bitstamp::core::EnabledTasks& t = fixture.settings.tasks;
      t.accounts = tasks.find("accounts") != std::string::npos || tasks == "all";
      t.payments = tasks.find("payments") != std::string::npos || tasks == "all";
      t.conversions = tasks.find("conversions") != std::string::npos || tasks == "all";
      t.orders = tasks.find("orders") != std::string::npos || tasks == "all";
      t.enrichment = tasks.find("enrichment") != std::string::npos || tasks == "all";
      if (path.filename() == "historical_across_pages.jsonl") fixture.settings.page_size = 2;  // its .args
      found.push_back(std::move(fixture));
    }
    return found;
  }();
  return all;
}

// One mutation of a body, the kinds a flaky network, a recorder or a fuzzer produce.
std::string mutate(std::string body) {
  if (body.empty()) return body;
  const std::size_t at = *rc::gen::inRange<std::size_t>(0, body.size());
  switch (*rc::gen::inRange(0, 8)) {
    case 0: body[at] = static_cast<char>(*rc::gen::arbitrary<unsigned char>()); break;
    case 1: body.insert(at, 1, static_cast<char>(*rc::gen::inRange(0, 0x20))); break;  // a control byte
    case 2: body.insert(at, *rc::gen::elementOf(std::vector<std::string>{"\xc3\x28", "\xed\xa0\x80", "\xff", "\xe2\x82"})); break;
    case 3: body.insert(at, *rc::gen::elementOf(std::vector<std::string>{"\\ud800", "\\udc00", "\\u00", "\\q", "\""})); break;
    case 4: body.insert(at, *rc::gen::elementOf(std::vector<std::string>{"\"zz\":nope,", "nope", ",", "]", "}", "{", "01"})); break;
    case 5: body.insert(at, *rc::gen::elementOf(std::vector<std::string>{"\n  ", " ", "\t", "\r\n"})); break;
    case 6: body.erase(at, *rc::gen::inRange<std::size_t>(1, 8)); break;
    default: body.resize(at); break;
  }
  return body;
}

RC_GTEST_PROP(ReplayMutationProperty, EveryPrintedRecordIsOneLineOfValidJson, ()) {
  const Fixture& fixture = *rc::gen::elementOf(fixtures());
  std::vector<Exchange> exchanges = fixture.exchanges;
  const std::size_t mutations = *rc::gen::inRange<std::size_t>(1, 6);
  for (std::size_t i = 0; i < mutations; ++i) {
    Exchange& exchange = exchanges[*rc::gen::inRange<std::size_t>(0, exchanges.size())];
    exchange.response.body = mutate(std::move(exchange.response.body));
  }
  const ReplayResult result = replay(exchanges, fixture.settings);
  for (const connector::Record& record : result.records) {
    const std::string line = connector::to_json(record);
    RC_ASSERT(line.find('\n') == std::string::npos);
    RC_ASSERT(line.find('\r') == std::string::npos);
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    RC_ASSERT(!parsed.is_discarded());
  }
}

}  // namespace
}  // namespace harness
