// String forms of the core's enums, and the form encoding of request parameters.
#include "connector/diagnostic.hpp"
#include "connector/request.hpp"

namespace connector {

std::string_view to_string(Task task) {
  switch (task) {
    case Task::currencies: return "currencies";
    case Task::accounts: return "accounts";
    case Task::payments: return "payments";
    case Task::conversions: return "conversions";
    case Task::orders: return "orders";
    case Task::enrichment: return "enrichment";
  }
  return "unknown";
}

std::string_view to_string(Method method) { return method == Method::get ? "GET" : "POST"; }

std::string_view to_string(Transport transport) {
  switch (transport) {
    case Transport::received: return "received";
    case Transport::timeout: return "timeout";
    case Transport::connection_failed: return "connection_failed";
  }
  return "unknown";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::debug: return "debug";
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "unknown";
}

namespace {

// RFC 3986 unreserved characters pass; everything else is percent-encoded.
void append_form_component(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
      out += hex[static_cast<unsigned char>(c) & 0xf];
    }
  }
}

}  // namespace

std::string percent_encode(std::string_view text) {
  std::string out;
  append_form_component(out, text);
  return out;
}

std::string encode_form(const std::vector<Param>& params) {
  std::string out;
  for (const Param& param : params) {
    if (!out.empty()) out += '&';
    append_form_component(out, param.name);
    out += '=';
    append_form_component(out, param.value);
  }
  return out;
}

}  // namespace connector
