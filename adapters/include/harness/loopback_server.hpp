#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for the simulated APIs (Bitstamp's account, Fireblocks'
// workspace): one thread, poll(2), keep-alive, requests handed to a callback one at a time. It
// binds the loopback interface only, never another.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "connector/request.hpp"

namespace harness {

struct ServedRequest {
  std::string method;
  std::string path;   // as sent, percent-encoding kept
  std::string query;  // after '?', as sent
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  [[nodiscard]] std::string header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

struct ServedResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::optional<std::string> retry_after;
};

// application/x-www-form-urlencoded (a query or a POST body) into parameters, in order.
[[nodiscard]] std::vector<connector::Param> decode_form(std::string_view form);
[[nodiscard]] std::string percent_decode(std::string_view text);

class LoopbackServer {
 public:
  using Handler = std::function<ServedResponse(const ServedRequest&)>;
  // Binds 127.0.0.1:port (0: a free one) and serves at once. Throws std::runtime_error when no
  // socket can be had or the port is taken. `name` is for those messages.
  LoopbackServer(std::string name, std::uint16_t port, Handler handler);
  ~LoopbackServer();  // stops the thread and closes every socket
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve();
  Handler handler_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace harness
