#include "bitstamp/core/classify.hpp"

#include <charconv>

#include "bitstamp/core/limits.hpp"
#include "connector/wire.hpp"
#include "bitstamp/core/kernel.hpp"
#include "body_shapes.hpp"

namespace bitstamp::core {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// API0001..API0021: the authentication codes of the wire digest §8. An undocumented API code
// (API0000, API5506) says our request or this account cannot be served, not that a person must
// fix the credentials.
bool is_documented_auth_code(std::string_view code) {
  constexpr int auth_code_max = 21;
  if (code.size() != 7 || !starts_with(code, "API00")) return false;
  const int number = (code[5] - '0') * 10 + (code[6] - '0');
  return code[5] >= '0' && code[5] <= '9' && code[6] >= '0' && code[6] <= '9' && number >= 1 && number <= auth_code_max;
}

// The error fields found in a top-level object, if it is one.
struct ErrorBody {
  bool is_error = false;
  std::string code;
  std::string reason;
};

void append_reason(std::string& out, std::string_view piece) {
  if (!out.empty()) out += "; ";
  out += piece;
}

// `reason` (or v1's `error`, or `errors`) is a string, a list of strings, or the validation shape
// {"__all__":["…"], "field":["…"]}. Anything else says nothing we can quote.
void read_reason(wire::od::value value, std::string& out) {
  if (auto text = wire::scalar_text(value)) {
    append_reason(out, *text);
    return;
  }
  wire::od::array list;
  if (value.get_array().get(list) == simdjson::SUCCESS) {
    for (auto element : list) {
      wire::od::value item;
      if (element.get(item) != simdjson::SUCCESS) return;
      if (auto text = wire::scalar_text(item)) append_reason(out, *text);
    }
    return;
  }
  wire::od::object fields;
  if (value.get_object().get(fields) != simdjson::SUCCESS) return;
  for (auto field : fields) {
    std::string_view key;
    wire::od::array messages;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return;
    if (field.value().get_array().get(messages) != simdjson::SUCCESS) continue;
    for (auto message : messages) {
      std::string_view text;
      if (message.get_string().get(text) != simdjson::SUCCESS) continue;
      append_reason(out, key == "__all__" ? std::string(text) : std::string(key) + ": " + std::string(text));
    }
  }
}

// Reads a top-level object's error fields. Returns nullopt when the body is not JSON at all.
std::optional<ErrorBody> read_error_body(std::string_view body) {
  ErrorBody error;
  const char first = wire::first_significant_byte(body);
  if (first == '[') return error;  // every error shape is an object; arrays are data
  if (first != '{') return std::nullopt;
  wire::WireDocument document(body);
  wire::od::document* doc = nullptr;
  wire::od::object object;
  if (document.open(doc) != simdjson::SUCCESS || doc->get_object().get(object) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  bool status_error = false;
  bool has_message = false;
  const bool walked = wire::for_each_field(object, [&](std::string_view key, wire::od::value value) {
    if (key == "status") {
      const auto text = wire::scalar_text(value);
      status_error = text && *text == "error";
    } else if (key == "reason") {
      read_reason(value, error.reason);
    } else if (key == "code" || key == "response_code") {
      if (auto text = wire::scalar_text(value); text && error.code.empty()) error.code = *text;
    } else if (key == "message") {
      if (auto text = wire::scalar_text(value)) {
        append_reason(error.reason, *text);
        has_message = true;
      }
    } else if (key == "error" || key == "errors") {
      // v1 style, whatever its value holds: a message, field errors, a list. Reading only a
      // string here once let {"error":{"amount":[…]}} pass as data and lost a whole history.
      read_reason(value, error.reason);
      error.is_error = true;
    }
    return true;
  });
  if (!walked) return std::nullopt;
  const bool api_code = starts_with(error.code, "API");
  error.is_error = error.is_error || status_error || api_code || (has_message && !error.code.empty());
  return error;
}


bool contains(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

std::int64_t retry_after_ms(const Response& response) {
  const std::string_view text = response.header("retry-after");
  std::int64_t seconds = 0;
  const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || error != std::errc() || ptr != text.data() + text.size() || seconds < 0) {
    return 0;  // absent, or an HTTP-date: the shell's own backoff applies
  }
  return std::min(seconds * ms_per_second, retry_after_ms_max);
}

// Decides from Bitstamp's code first, then from the HTTP status, then from the v1 reason.
Outcome outcome_of_error(int status, const ErrorBody& error) {
  const std::string_view code = error.code;
  if (code == "400.002") return Outcome::rate_limited;
  if (code == "API0004" || code == "API0017") return Outcome::nonce_rejected;
  if (code == "API0003") return Outcome::permission_denied;
  if (is_documented_auth_code(code)) return Outcome::auth_failed;
  if (code == "404.002" || error.reason == "Order not found") return Outcome::not_found;
  if (status == 429) return Outcome::rate_limited;
  if (status >= 500) return Outcome::retry;
  if (contains(error.reason, "maintenance")) return Outcome::retry;
  if (error.reason == "No permission found" || status == 403) return Outcome::permission_denied;
  if (status == 401) return Outcome::auth_failed;
  if (status == 404) return Outcome::not_found;
  return Outcome::rejected;
}

}  // namespace

Classification classify(const Response& response) {
  Classification result;
  if (response.transport != Transport::received) {
    result.outcome = Outcome::retry;
    result.reason = std::string(to_string(response.transport));
    return result;
  }
  result.retry_after_ms = retry_after_ms(response);
  const std::optional<ErrorBody> error = read_error_body(response.body);
  const bool http_ok = response.status >= 200 && response.status < 300;
  if (!error) {  // not JSON: an HTML error page, a proxy message, a truncated body
    result.outcome = response.status == 429 ? Outcome::rate_limited
                     : (http_ok || response.status >= 500) ? Outcome::retry
                     : response.status == 403 ? Outcome::permission_denied
                     : response.status == 404 ? Outcome::not_found
                                              : Outcome::rejected;
    result.reason = http_ok ? "response body is not JSON" : "HTTP " + std::to_string(response.status);
    return result;
  }
  if (http_ok && !error->is_error) return result;
  result.code = error->code;
  result.reason = error->reason.empty() ? "HTTP " + std::to_string(response.status) : error->reason;
  result.outcome = outcome_of_error(response.status, *error);
  return result;
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return "ok";
    case Outcome::retry: return "retry";
    case Outcome::rate_limited: return "rate_limited";
    case Outcome::nonce_rejected: return "nonce_rejected";
    case Outcome::auth_failed: return "auth_failed";
    case Outcome::permission_denied: return "permission_denied";
    case Outcome::not_found: return "not_found";
    case Outcome::rejected: return "rejected";
    case Outcome::unexpected_shape: return "unexpected_shape";
  }
  return "unknown";
}

std::string_view auth_failure_hint(std::string_view code) {
  if (code == "API0001") return "the API key was not found: check apiKey";
  if (code == "API0002") return "this IP address is not on the key's allow-list";
  if (code == "API0003") return "the key lacks the permission this endpoint needs";
  if (code == "API0004") return "nonce rejected: reused or concurrent nonce";
  if (code == "API0005") return "signature rejected: check apiSecret";
  if (code == "API0006") return "the account is frozen";
  if (code == "API0008") return "authentication failed: check apiKey and apiSecret";
  if (code == "API0017" || code == "API0018") return "timestamp rejected: check the clock (NTP)";
  return "authentication failed";
}

}  // namespace bitstamp::core
