#pragma once
// Where committed books go. One commit is one transaction: every record of a finished cycle
// and the state document that says it is finished, together or not at all (DESIGN.md §2).
// MemoryStore keeps them in memory (the simulator, tests); SqliteStore on disk (sync).

#include <optional>
#include <string>
#include <vector>

#include "connector/record.hpp"

namespace harness {

class Store {
 public:
  virtual ~Store() = default;
  // REQUIRES: state_document is bitstamp::core::encode_state of the state the records came with.
  virtual void commit(const std::vector<connector::Record>& records, std::string state_document) = 0;
  // The last committed state document; nullopt before the first commit (a fresh install).
  [[nodiscard]] virtual std::optional<std::string> load_state_document() const = 0;
};

// One line of a store's canonical view for an account's latest balance: both stores print
// the same bytes for the same books.
[[nodiscard]] std::string balance_view_line(const connector::PspBalance& balance);

}  // namespace harness
