#pragma once
// Whole-file reads for the command line: small documents (configs, state), read at once.

#include <optional>
#include <string>

namespace harness {

// The file's bytes, or nullopt when it cannot be opened.
[[nodiscard]] std::optional<std::string> read_file(const std::string& path);

}  // namespace harness
