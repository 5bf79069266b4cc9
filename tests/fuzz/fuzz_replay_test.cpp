// Replays every committed fuzz input through its target, in the normal suite and with any
// compiler: the seed corpora (fuzz/corpus/<target>/) and the regressions, inputs that once
// broke an invariant (tests/regressions/fuzz/<target>/, see scripts/fuzz.sh). A target that
// throws InvariantBroken fails here with the file that broke it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz/fuzz_check.hpp"
#include "fuzz/targets.hpp"

namespace bitstamp::fuzz {
namespace {

namespace fs = std::filesystem;

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::size_t replay_folder(const Target& target, const fs::path& folder) {
  if (!fs::is_directory(folder)) return 0;
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& input : inputs) {
    const std::string data = bytes_of(input);
    try {
      target.run(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    } catch (const InvariantBroken& broken) {
      ADD_FAILURE() << input << ": " << broken.what();
    }
  }
  return inputs.size();
}

TEST(FuzzReplay, EverySeedAndRegressionInputKeepsItsTargetsInvariants) {
  const fs::path root = fs::path(BITSTAMP_FIXTURES_DIR).parent_path();
  for (const Target& target : targets) {
    SCOPED_TRACE(std::string(target.name));
    const std::size_t seeds = replay_folder(target, root / "fuzz" / "corpus" / target.name);
    EXPECT_GT(seeds, 0u) << "every target has a seed corpus";
    replay_folder(target, root / "tests" / "regressions" / "fuzz" / target.name);
  }
}

// The invariants have teeth: inputs that must break them do.
TEST(FuzzReplay, ATargetReportsABrokenInvariant) {
  EXPECT_THROW(require(false, "deliberately broken"), InvariantBroken);
  EXPECT_NO_THROW(require(true, "holds"));
}

}  // namespace
}  // namespace bitstamp::fuzz
