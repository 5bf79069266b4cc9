// Proves every example in README.md is true: each line in a code block that starts with "$ "
// runs the command it shows (in-process, from the project root) and must exit 0, and every
// output line shown under it must appear in what the command printed. A shown line with "…"
// stands for any line that begins with the text before the "…"; "> FILE" discards standard
// output, as the shell would. A README example that drifts from the program fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/cli.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

struct Example {
  std::string command;              // as shown, after "$ "
  std::vector<std::string> shown;   // the output lines shown under it
};

std::vector<Example> readme_examples(const fs::path& readme) {
  std::ifstream in(readme);
  std::vector<Example> examples;
  bool in_block = false;
  bool after_command = false;  // within this block, below a "$ " line
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) {
      in_block = !in_block;
      after_command = false;
      continue;
    }
    if (!in_block) continue;
    if (line.rfind("$ ", 0) == 0) {
      examples.push_back({line.substr(2), {}});
      after_command = true;
    } else if (after_command && !line.empty()) {
      examples.back().shown.push_back(line);
    }
  }
  return examples;
}

std::vector<std::string> words_of(const std::string& command) {
  std::istringstream in(command);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool printed(const std::vector<std::string>& lines, const std::string& shown) {
  const std::size_t ellipsis = shown.find("…");
  for (const std::string& line : lines) {
    if (ellipsis == std::string::npos ? line == shown : line.rfind(shown.substr(0, ellipsis), 0) == 0) return true;
  }
  return false;
}

TEST(Readme, EveryExampleRunsAndPrintsWhatItShows) {
  const fs::path root = fs::path(BITSTAMP_FIXTURES_DIR).parent_path();
  const std::vector<Example> examples = readme_examples(root / "README.md");
  ASSERT_GE(examples.size(), 2u);
  const fs::path before = fs::current_path();
  fs::current_path(root);
  for (const Example& example : examples) {
    SCOPED_TRACE(example.command);
    std::vector<std::string> args = words_of(example.command);
    ASSERT_FALSE(args.empty());
    ASSERT_TRUE(args.front() == "bitstamp-connector" || args.front() == "./build/bitstamp-connector")
        << "a README example runs the connector";
    args.erase(args.begin());
    bool stdout_discarded = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i] == ">") {
        stdout_discarded = true;
        args.resize(i);
      }
    }
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(run_cli(args, CliEnvironment{}, out, err), exit_ok) << err.str();
    std::vector<std::string> lines;
    std::istringstream all((stdout_discarded ? "" : out.str()) + err.str());
    for (std::string line; std::getline(all, line);) lines.push_back(line);
    for (const std::string& shown : example.shown) {
      EXPECT_TRUE(printed(lines, shown)) << "shown but not printed: " << shown << "\n--- printed:\n" << all.str();
    }
  }
  fs::current_path(before);
}

}  // namespace
}  // namespace harness
