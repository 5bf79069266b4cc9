#include "harness/capture.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <string_view>
#include <nlohmann/json.hpp>

#include "connector/canonical_json.hpp"
#include "connector/time.hpp"

namespace harness {
namespace {

using nlohmann::json;

constexpr std::size_t capture_line_bytes_max = 64u << 20;  // one response body, generously

bool only_keys(const json& object, std::initializer_list<std::string_view> allowed,
               const std::string& where, std::string& error) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || key == name;
    if (!known) {
      error = where + " has unknown field '" + key + "'";
      return false;
    }
  }
  return true;
}

bool read_request(const json& object, connector::Request& request, std::string& error) {
  if (!object.is_object()) {
    error = "request must be an object";
    return false;
  }
  if (!only_keys(object, {"method", "path", "params"}, "request", error)) return false;
  const auto method = object.find("method");
  if (method == object.end() || !method->is_string() ||
      (*method != "GET" && *method != "POST")) {
    error = "request.method must be \"GET\" or \"POST\"";
    return false;
  }
  request.method = *method == "GET" ? connector::Method::get : connector::Method::post;
  const auto path = object.find("path");
  if (path == object.end() || !path->is_string() || path->get<std::string>().empty() ||
      path->get<std::string>().front() != '/') {
    error = "request.path must be a string starting with '/'";
    return false;
  }
  request.path = path->get<std::string>();
  if (const auto params = object.find("params"); params != object.end()) {
    if (!params->is_array()) {
      error = "request.params must be an array of [name, value] pairs";
      return false;
    }
    for (const json& pair : *params) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        error = "request.params must be an array of [name, value] string pairs";
        return false;
      }
      request.params.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
    }
  }
  return true;
}

bool read_response(const json& object, connector::Response& response, std::string& error) {
  if (!object.is_object()) {
    error = "response must be an object";
    return false;
  }
  if (!only_keys(object, {"status", "headers", "body", "transport"}, "response", error)) return false;
  if (const auto transport = object.find("transport"); transport != object.end()) {
    if (*transport == "timeout") {
      response.transport = connector::Transport::timeout;
    } else if (*transport == "connection_failed") {
      response.transport = connector::Transport::connection_failed;
    } else {
      error = "response.transport must be \"timeout\" or \"connection_failed\"";
      return false;
    }
    return true;
  }
  const auto status = object.find("status");
  if (status == object.end() || !status->is_number_integer() || *status < 100 || *status > 599) {
    error = "response.status must be an HTTP status (100..599)";
    return false;
  }
  response.status = status->get<int>();
  if (const auto headers = object.find("headers"); headers != object.end()) {
    if (!headers->is_object()) {
      error = "response.headers must be an object of strings";
      return false;
    }
    for (const auto& [name, value] : headers->items()) {
      if (!value.is_string()) {
        error = "response.headers." + name + " must be a string";
        return false;
      }
      std::string lowercase = name;
      for (char& c : lowercase) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      response.headers.push_back({lowercase, value.get<std::string>()});
    }
  }
  const auto body = object.find("body");
  if (body == object.end() || !body->is_string()) {
    error = "response.body must be a string (the wire bytes, verbatim)";
    return false;
  }
  response.body = body->get<std::string>();
  return true;
}

// Nesting a capture line may have: an exchange is four levels deep at most. Deeper is refused
// before parsing, so a hostile line costs neither stack nor time.
constexpr std::size_t capture_depth_max = 64;

// The byte (1-based) where `line` nests deeper than capture_depth_max, outside strings; 0 when
// it does not.
std::size_t too_deep_at(std::string_view line) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > capture_depth_max) return i + 1;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return 0;
}

// Parses one line, or says why it is not JSON in the parser's own words and at which byte.
std::optional<json> parse_line(std::string_view line, std::string& error) {
  if (const std::size_t at = too_deep_at(line); at != 0) {
    error = "not valid JSON: nested deeper than " + std::to_string(capture_depth_max) + " levels at byte " + std::to_string(at);
    return std::nullopt;
  }
  try {
    return json::parse(line.begin(), line.end());
  } catch (const json::parse_error& e) {
    std::string reason = e.what();
    if (const std::size_t end = reason.find("] "); reason.front() == '[' && end != std::string::npos) reason.erase(0, end + 2);
    error = "not valid JSON: " + reason + " (byte " + std::to_string(e.byte) + ")";
    return std::nullopt;
  }
}

bool read_exchange(std::string_view line, Exchange& exchange, std::string& error) {
  const std::optional<json> parsed = parse_line(line, error);
  if (!parsed) return false;
  const json& object = *parsed;
  if (!object.is_object()) {
    error = "not a JSON object";
    return false;
  }
  if (!only_keys(object, {"request", "response", "receivedAt"}, "exchange", error)) return false;
  if (!object.contains("request") || !object.contains("response") || !object.contains("receivedAt")) {
    error = "an exchange needs request, response and receivedAt";
    return false;
  }
  if (!read_request(object["request"], exchange.request, error)) return false;
  if (!read_response(object["response"], exchange.response, error)) return false;
  const json& received = object["receivedAt"];
  const auto instant = received.is_string()
                           ? connector::parse_rfc3339_us(received.get<std::string>())
                           : std::nullopt;
  if (!instant) {
    error = "receivedAt must be an RFC 3339 UTC time such as \"2025-10-01T12:00:00Z\"";
    return false;
  }
  exchange.received_at_ms = *instant / connector::us_per_ms;
  return true;
}

}  // namespace

CaptureRead read_capture(std::istream& in) {
  CaptureRead result;
  std::string line;
  std::size_t line_number = 0;
  std::int64_t previous_ms = std::numeric_limits<std::int64_t>::min();
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines
    if (line.size() > capture_line_bytes_max) {
      result.error = "line " + std::to_string(line_number) + ": longer than 64 MiB";
      break;
    }
    Exchange exchange;
    std::string error;
    try {
      if (!read_exchange(line, exchange, error)) {
        result.error = "line " + std::to_string(line_number) + ": " + error;
        break;
      }
    } catch (const std::exception& e) {
      result.error = "line " + std::to_string(line_number) + ": " + e.what();
      break;
    }
    if (exchange.received_at_ms < previous_ms) {
      result.error = "line " + std::to_string(line_number) +
                     ": receivedAt goes back in time (exchanges are in arrival order)";
      break;
    }
    previous_ms = exchange.received_at_ms;
    result.exchanges.push_back(std::move(exchange));
  }
  if (result.error.empty() && in.bad()) result.error = "read error";
  if (result.error.empty() && result.exchanges.empty()) result.error = "the capture holds no exchange";
  if (!result.error.empty()) result.exchanges.clear();
  return result;
}

CaptureRead read_capture_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return CaptureRead{{}, "cannot open " + path};
  return read_capture(in);
}

std::string write_exchange(const Exchange& exchange) {
  std::string params = "[";
  for (std::size_t i = 0; i < exchange.request.params.size(); ++i) {
    if (i > 0) params += ',';
    params += '[';
    connector::append_json_string(params, exchange.request.params[i].name);
    params += ',';
    connector::append_json_string(params, exchange.request.params[i].value);
    params += ']';
  }
  params += ']';
  const std::string request = connector::CanonicalObject()
                                  .string("method", connector::to_string(exchange.request.method))
                                  .string("path", exchange.request.path)
                                  .raw("params", params)
                                  .finish();
  connector::CanonicalObject response;
  if (exchange.response.transport != connector::Transport::received) {
    response.string("transport", connector::to_string(exchange.response.transport));
  } else {
    connector::CanonicalObject headers;
    for (const char* allowed : capture_header_allowlist) {
      const std::string_view value = exchange.response.header(allowed);  // the first one wins
      if (!value.empty()) headers.string(allowed, value);
    }
    response.integer("status", exchange.response.status)
        .raw("headers", headers.finish())
        .string("body", exchange.response.body);
  }
  return connector::CanonicalObject()
      .raw("request", request)
      .raw("response", response.finish())
      .string("receivedAt", connector::format_rfc3339(exchange.received_at_ms * connector::us_per_ms))
      .finish();
}

namespace {

bool clock_derived(const connector::Param& param) {
  return std::ranges::any_of(clock_derived_params, [&](std::string_view name) { return param.name == name; });
}

}  // namespace

bool same_request(const connector::Request& a, const connector::Request& b) {
  if (a.method != b.method || a.path != b.path || a.params.size() != b.params.size()) return false;
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    const connector::Param& left = a.params[i];
    const connector::Param& right = b.params[i];
    if (left.name != right.name) return false;
    if (left.value != right.value && !clock_derived(left)) return false;
  }
  return true;
}

}  // namespace harness
