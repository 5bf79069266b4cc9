#include "harness/log.hpp"

#include <algorithm>

namespace harness {
namespace {

void append_value(std::string& out, std::string_view value) {
  const bool plain = !value.empty() && value.find_first_of(" \"=\\\n\t") == std::string_view::npos;
  if (plain) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

void Redactor::add_secret_and_its_lines(std::string_view secret) {
  constexpr std::size_t line_length_min = 16;  // PEM's "-----END" lines are public; key lines are 64
  add_secret(std::string(secret));
  for (std::size_t begin = 0; begin < secret.size();) {
    const std::size_t end = std::min(secret.find('\n', begin), secret.size());
    if (end - begin >= line_length_min) add_secret(std::string(secret.substr(begin, end - begin)));
    begin = end + 1;
  }
}

void Redactor::add_secret(std::string secret) {
  if (secret.size() >= secret_length_min) secrets_.push_back(std::move(secret));
}

std::string Redactor::redact(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    for (std::size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + 10)) {
      out.replace(at, secret.size(), "[redacted]");
    }
  }
  return out;
}

std::string format_log_line(connector::Severity severity, std::string_view code,
                            std::string_view message) {
  std::string line = "level=";
  line += connector::to_string(severity);
  line += " code=";
  append_value(line, code);
  line += " msg=";
  append_value(line, message);
  return line;
}

void Logger::log(connector::Severity severity, std::string_view code, std::string_view message) {
  if (severity < threshold_) return;
  out_ << redactor_.redact(format_log_line(severity, code, message)) << '\n';
}

}  // namespace harness
