#pragma once
// The live transport: libcurl's multi interface on the caller's thread, a bounded number of
// transfers at once over reused connections, TLS verification on. What comes back is a
// connector::Response (status, lowercase headers, body), a timeout or a connection failure: never
// an exception, and curl's types stay out of this header.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connector/request.hpp"

namespace harness {

struct HttpOptions {
  std::int64_t connect_timeout_ms = 10'000;
  std::int64_t request_timeout_ms = 30'000;  // the whole exchange, connect included
  std::size_t concurrency_max = 4;           // transfers in flight at once
  std::size_t response_bytes_max = 64 * 1024 * 1024;  // a larger body is cut and reported as a failure
  // curl's --connect-to: "HOST:PORT:CONNECT-HOST:CONNECT-PORT" sends requests for HOST:PORT to
  // another socket, Host header and TLS name unchanged. Tests use it to reach a loopback server
  // through an endpoint spelled with its default port; empty in production.
  std::vector<std::string> connect_to;
};

struct HttpRequest {
  std::uint64_t tag = 0;   // the caller's handle for the answer
  connector::Method method = connector::Method::post;
  std::string url;         // "https://www.bitstamp.net/api/v2/user_transactions/" (query included for GET)
  std::string body;
  std::vector<connector::Header> headers;  // as sent
};

struct HttpAnswer {
  std::uint64_t tag = 0;
  connector::Response response;
  std::string failure;  // curl's words when the transport failed; "" otherwise
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  [[nodiscard]] bool has_free_slot() const;
  [[nodiscard]] std::size_t in_flight() const;
  // REQUIRES: has_free_slot().
  void start(HttpRequest request);
  // Drives the transfers for at most wait_ms (returning early when one finishes) and returns
  // every transfer that finished.
  [[nodiscard]] std::vector<HttpAnswer> wait(std::int64_t wait_ms);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace harness
