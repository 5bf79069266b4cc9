#include "bitstamp/simulator/http_front.hpp"
#include "bitstamp/simulator/rng.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "harness/clock.hpp"
#include "bitstamp/adapters/signer.hpp"
#include "bitstamp/core/signing.hpp"
#include "bitstamp/simulator/server.hpp"
#include "bitstamp/core/kernel.hpp"

namespace bitstamp::simulator {
namespace {

constexpr std::size_t request_bytes_max = 1 << 20;  // a larger request is refused and the connection closed
constexpr int poll_interval_ms = 50;                // how soon the thread notices it should stop
constexpr int listen_backlog = 64;

struct HttpRequestIn {
  std::string method;
  std::string path;
  std::string query;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  [[nodiscard]] std::string header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

struct HttpResponseOut {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::optional<std::string> retry_after;
};

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<core::Param> decode_form(std::string_view form) {
  std::vector<core::Param> params;
  while (!form.empty()) {
    const std::size_t amp = form.find('&');
    const std::string_view pair = form.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (!pair.empty()) {
      params.push_back({percent_decode(pair.substr(0, eq)),
                        eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1))});
    }
    if (amp == std::string_view::npos) break;
    form.remove_prefix(amp + 1);
  }
  return params;
}

// Parses one request from the front of `buffer`; nullopt while incomplete. Sets `bad` on a
// request this server will not read.
std::optional<HttpRequestIn> take_request(std::string& buffer, bool& bad) {
  const std::size_t head_end = buffer.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    bad = buffer.size() > request_bytes_max;
    return std::nullopt;
  }
  HttpRequestIn request;
  std::string_view head(buffer.data(), head_end);
  const std::size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const std::size_t first_space = request_line.find(' ');
  const std::size_t second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) {
    bad = true;
    return std::nullopt;
  }
  request.method = std::string(request_line.substr(0, first_space));
  const std::string_view target = request_line.substr(first_space + 1, second_space - first_space - 1);
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  std::string_view rest = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  while (!rest.empty()) {
    const std::size_t end = rest.find("\r\n");
    const std::string_view line = rest.substr(0, end);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string value(line.substr(colon + 1));
      while (!value.empty() && value.front() == ' ') value.erase(value.begin());
      while (!value.empty() && value.back() == ' ') value.pop_back();
      request.headers[lowercase(std::string(line.substr(0, colon)))] = value;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 2);
  }
  std::size_t length = 0;
  if (const std::string declared = request.header("content-length"); !declared.empty()) {
    try {
      length = std::stoul(declared);
    } catch (...) {
      bad = true;
      return std::nullopt;
    }
  }
  if (length > request_bytes_max) {
    bad = true;
    return std::nullopt;
  }
  if (buffer.size() < head_end + 4 + length) return std::nullopt;
  request.body = buffer.substr(head_end + 4, length);
  buffer.erase(0, head_end + 4 + length);
  return request;
}

std::string reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 502: return "Bad Gateway";
    default: return "Status";
  }
}

std::string serialize(const HttpResponseOut& response) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
  out += "Content-Type: " + response.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  if (response.retry_after) out += "Retry-After: " + *response.retry_after + "\r\n";
  out += "Connection: keep-alive\r\n\r\n";
  out += response.body;
  return out;
}

HttpResponseOut auth_error(std::string_view code, std::string_view reason) {
  return {403, "application/json",
          R"({"status":"error","reason":")" + std::string(reason) + R"(","code":")" + std::string(code) + R"("})", {}};
}

struct Connection {
  int fd = -1;
  std::string in;
  std::string out;
  bool closing = false;
};

}  // namespace

Account static_account(std::uint64_t seed, std::int64_t history_days, std::int64_t end_s) {
  AccountShape shape;
  shape.history_start_s = end_s - history_days * 86400;
  shape.end_s = end_s;
  Rng rng(seed ^ 0x6f6c642d6869737aULL);  // "old-hist": a stream apart from the history's
  draw_old_history(rng, shape);
  return Account(seed, shape);
}

struct HttpFront::Impl {
  Impl(const Account& account, HttpFrontOptions front_options)
      : options(std::move(front_options)), server(account) {}

  HttpFrontOptions options;
  BitstampServer server;
  std::uint64_t checked_requests = 0;  // requests that passed the checks: the fault storms' clock
  int listen_fd = -1;
  std::uint16_t port = 0;
  std::atomic<bool> stop{false};
  std::thread thread;
  mutable std::mutex stats_mutex;
  HttpFrontStats stats;
  std::deque<std::pair<std::int64_t, std::string>> nonces_seen;  // arrival order
  std::set<std::string> nonces_recent;

  void serve();
  HttpResponseOut handle(const HttpRequestIn& request);
  std::optional<HttpResponseOut> check_auth(const HttpRequestIn& request, std::int64_t now_ms);
  void count(std::uint64_t HttpFrontStats::*field) {
    const std::lock_guard lock(stats_mutex);
    ++(stats.*field);
  }
};

std::optional<HttpResponseOut> HttpFront::Impl::check_auth(const HttpRequestIn& request, std::int64_t now_ms) {
  if (request.header("x-auth") != "BITSTAMP " + options.api_key) {
    return auth_error("API0001", "API key not found");
  }
  if (request.header("x-auth-version") != core::auth_version) return auth_error("API0010", "Invalid version");
  std::int64_t timestamp_ms = 0;
  try {
    timestamp_ms = std::stoll(request.header("x-auth-timestamp"));
  } catch (...) {
    return auth_error("API0017", "X-Auth-Timestamp header is missing or not a number");
  }
  if (timestamp_ms < now_ms - auth_timestamp_skew_ms_max || timestamp_ms > now_ms + auth_timestamp_skew_ms_max) {
    return auth_error("API0017", "X-Auth-Timestamp header is out of range");
  }
  const std::string nonce = request.header("x-auth-nonce");
  while (!nonces_seen.empty() && nonces_seen.front().first < now_ms - nonce_memory_ms) {
    nonces_recent.erase(nonces_seen.front().second);
    nonces_seen.pop_front();
  }
  if (!core::is_wellformed_nonce(nonce) || nonces_recent.contains(nonce)) {
    count(&HttpFrontStats::rejected_nonce);
    return auth_error("API0004", "Invalid nonce");
  }
  const std::string content_type = request.header("content-type");
  if (request.body.empty() && !content_type.empty()) {
    return auth_error("API0020", "Content-Type header should not be present");
  }
  const core::WireRequest wire{request.method == "GET" ? core::Method::get : core::Method::post, request.path,
                               request.query, request.body, content_type};
  const std::string host = request.header("host");
  const core::SignatureInputs inputs{options.api_key, host, nonce, timestamp_ms};
  const std::string expected = bitstamp::adapters::hmac_sha256_hex(options.api_secret, core::string_to_sign(wire, inputs));
  if (request.header("x-auth-signature") != expected) {
    count(&HttpFrontStats::rejected_signature);
    return auth_error("API0005", "Invalid signature");
  }
  // Only a request that passed every check spends its nonce.
  nonces_seen.emplace_back(now_ms, nonce);
  nonces_recent.insert(nonce);
  return std::nullopt;
}

HttpResponseOut HttpFront::Impl::handle(const HttpRequestIn& request) {
  count(&HttpFrontStats::requests);
  const std::int64_t now_ms = harness::wall_clock_ms();
  const bool get = request.method == "GET";
  if (!get && request.method != "POST") return {405, "application/json", R"({"status":"error","reason":"Method not allowed"})", {}};
  if (!get) {
    if (std::optional<HttpResponseOut> refused = check_auth(request, now_ms)) {
      count(&HttpFrontStats::rejected_auth);
      return *refused;
    }
  }
  if (options.faults.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.faults.latency_ms));
  const HttpFrontFaults& faults = options.faults;
  // The faulted slots are spread over the period, not bunched at its start: a request retried
  // alone must not meet three refusals in a row made by the pattern itself.
  const std::uint64_t slot = faults.period == 0 ? 0 : checked_requests++ % faults.period;
  const std::uint64_t faulted = std::min<std::uint64_t>(std::uint64_t{faults.rate_limited} + faults.server_errors, faults.period);
  const bool is_fault = faults.period != 0 && (slot * faulted) % faults.period < faulted;
  const std::uint64_t fault_index = faults.period == 0 ? 0 : slot * faulted / faults.period;
  const bool limited = is_fault && fault_index < faults.rate_limited;
  const bool broken = is_fault && !limited;
  if (limited) {
    count(&HttpFrontStats::faults_injected);
    return {429, "application/json",
            R"({"status":"error","reason":"Request rejected due to exceeded rate limit.","response_code":"400.002"})",
            "1"};
  }
  if (broken) {
    count(&HttpFrontStats::faults_injected);
    return {502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", {}};
  }
  core::Request inner{core::Task::accounts, get ? core::Method::get : core::Method::post, request.path,
                      decode_form(get ? request.query : request.body), !get};
  const std::uint64_t violations_before = server.rate_limit_violations();
  const core::Response answer = server.answer(inner, now_ms);
  if (server.rate_limit_violations() > violations_before) count(&HttpFrontStats::rate_limit_violations);
  count(&HttpFrontStats::answered_by_account);
  HttpResponseOut response{answer.status, std::string(answer.header("content-type")), answer.body, {}};
  if (response.content_type.empty()) response.content_type = "application/json";
  if (const std::string_view retry = answer.header("retry-after"); !retry.empty()) response.retry_after = std::string(retry);
  return response;
}

void HttpFront::Impl::serve() {
  std::vector<Connection> connections;
  while (!stop.load()) {
    std::vector<pollfd> fds;
    fds.push_back({listen_fd, POLLIN, 0});
    for (const Connection& c : connections) {
      fds.push_back({c.fd, static_cast<short>(POLLIN | (c.out.empty() ? 0 : POLLOUT)), 0});
    }
    if (::poll(fds.data(), fds.size(), poll_interval_ms) < 0) continue;
    if (fds[0].revents & POLLIN) {
      const int fd = ::accept(listen_fd, nullptr, nullptr);
      if (fd >= 0) connections.push_back({fd, "", "", false});
    }
    for (std::size_t i = 1; i < fds.size(); ++i) {
      Connection& c = connections[i - 1];
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        char chunk[16384];
        const ssize_t got = ::recv(c.fd, chunk, sizeof chunk, 0);
        if (got <= 0) {
          c.closing = true;
          c.out.clear();
        } else {
          c.in.append(chunk, static_cast<std::size_t>(got));
          bool bad = false;
          while (std::optional<HttpRequestIn> request = take_request(c.in, bad)) c.out += serialize(handle(*request));
          if (bad) {
            c.out += serialize({400, "application/json", R"({"status":"error","reason":"Bad request"})", {}});
            c.closing = true;
          }
        }
      }
      if (!c.out.empty() && (fds[i].revents & POLLOUT)) {
        const ssize_t sent = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (sent > 0) c.out.erase(0, static_cast<std::size_t>(sent));
        else c.closing = true;
      }
    }
    std::erase_if(connections, [](const Connection& c) {
      if (!c.closing || !c.out.empty()) return false;
      ::close(c.fd);
      return true;
    });
  }
  for (const Connection& c : connections) ::close(c.fd);
}

HttpFront::HttpFront(const Account& account, HttpFrontOptions options)
    : impl_(std::make_unique<Impl>(account, std::move(options))) {
  impl_->listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (impl_->listen_fd < 0) throw std::runtime_error("simulator HTTP front: no socket");
  const int yes = 1;
  ::setsockopt(impl_->listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, never another interface
  address.sin_port = htons(impl_->options.port);     // 0: a free port
  socklen_t length = sizeof address;
  if (::bind(impl_->listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(impl_->listen_fd, listen_backlog) != 0 ||
      ::getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(impl_->listen_fd);
    throw std::runtime_error("simulator HTTP front: cannot listen on 127.0.0.1" +
                             (impl_->options.port != 0 ? ":" + std::to_string(impl_->options.port) + " (is it taken?)"
                                                       : std::string()));
  }
  impl_->port = ntohs(address.sin_port);
  impl_->thread = std::thread([impl = impl_.get()] { impl->serve(); });
}

HttpFront::~HttpFront() {
  impl_->stop.store(true);
  impl_->thread.join();
  ::close(impl_->listen_fd);
}

std::uint16_t HttpFront::port() const { return impl_->port; }

std::string HttpFront::endpoint() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

HttpFrontStats HttpFront::stats() const {
  const std::lock_guard lock(impl_->stats_mutex);
  return impl_->stats;
}

}  // namespace bitstamp::simulator
