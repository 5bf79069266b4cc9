#include "bitstamp/adapters/file_io.hpp"

#include <fstream>
#include <sstream>

namespace bitstamp::adapters {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace bitstamp::adapters
