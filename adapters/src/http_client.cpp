#include "harness/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <list>
#include <mutex>
#include <stdexcept>

namespace harness {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

struct Transfer {
  HttpRequest request;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  std::vector<connector::Header> response_headers;
  std::string body;
  bool too_large = false;
  std::size_t body_bytes_max = 0;

  ~Transfer() {
    curl_slist_free_all(header_list);
    curl_easy_cleanup(easy);
  }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->body.size() + bytes > transfer->body_bytes_max) {
    transfer->too_large = true;
    return 0;  // curl aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

// One header line at a time; a new status line (after a 100 Continue, say) starts afresh.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    transfer->response_headers.clear();
  } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    transfer->response_headers.push_back({trim(name), trim(line.substr(colon + 1))});
  }
  return size * count;
}

}  // namespace

struct HttpClient::Impl {
  HttpOptions options;
  CURLM* multi = nullptr;
  curl_slist* connect_to = nullptr;  // options.connect_to, shared by every transfer
  std::list<Transfer> transfers;
};

HttpClient::HttpClient(HttpOptions options) : impl_(std::make_unique<Impl>()) {
  global_init_once();
  impl_->options = options;
  impl_->multi = curl_multi_init();
  if (impl_->multi == nullptr) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options.concurrency_max));
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.concurrency_max));
  for (const std::string& rule : options.connect_to) impl_->connect_to = curl_slist_append(impl_->connect_to, rule.c_str());
}

HttpClient::~HttpClient() {
  for (Transfer& transfer : impl_->transfers) curl_multi_remove_handle(impl_->multi, transfer.easy);
  impl_->transfers.clear();
  curl_multi_cleanup(impl_->multi);
  curl_slist_free_all(impl_->connect_to);
}

bool HttpClient::has_free_slot() const { return impl_->transfers.size() < impl_->options.concurrency_max; }

std::size_t HttpClient::in_flight() const { return impl_->transfers.size(); }

void HttpClient::start(HttpRequest request) {
  Transfer& transfer = impl_->transfers.emplace_back();
  transfer.request = std::move(request);
  transfer.body_bytes_max = impl_->options.response_bytes_max;
  transfer.easy = curl_easy_init();
  if (transfer.easy == nullptr) throw std::runtime_error("curl_easy_init failed");
  CURL* easy = transfer.easy;
  for (const connector::Header& header : transfer.request.headers) {
    transfer.header_list = curl_slist_append(transfer.header_list, (header.name + ": " + header.value).c_str());
  }
  // curl adds these on its own; Bitstamp signs none of them, and Expect would stall a POST.
  transfer.header_list = curl_slist_append(transfer.header_list, "Expect:");
  if (transfer.request.body.empty()) {
    transfer.header_list = curl_slist_append(transfer.header_list, "Content-Type:");
  }
  curl_easy_setopt(easy, CURLOPT_URL, transfer.request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.header_list);
  if (impl_->connect_to != nullptr) curl_easy_setopt(easy, CURLOPT_CONNECT_TO, impl_->connect_to);
  if (transfer.request.method == connector::Method::post) {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(transfer.request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer.request.body.c_str());
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(impl_->options.connect_timeout_ms));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(impl_->options.request_timeout_ms));
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer to classify, not to follow
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "bitstamp-connector/0.1");
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
  curl_multi_add_handle(impl_->multi, easy);
}

std::vector<HttpAnswer> HttpClient::wait(std::int64_t wait_ms) {
  std::vector<HttpAnswer> answers;
  int running = 0;
  curl_multi_perform(impl_->multi, &running);
  // Wait only while every started transfer is still running: one that just finished is
  // reported now, not after the wait.
  if (!impl_->transfers.empty() && static_cast<std::size_t>(running) == impl_->transfers.size()) {
    int ready = 0;
    curl_multi_poll(impl_->multi, nullptr, 0, static_cast<int>(std::clamp<std::int64_t>(wait_ms, 0, 60'000)), &ready);
    curl_multi_perform(impl_->multi, &running);
  }
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(impl_->multi, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    Transfer* transfer = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
    HttpAnswer answer;
    answer.tag = transfer->request.tag;
    const CURLcode code = message->data.result;
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
      answer.response = connector::Response{connector::Transport::received, static_cast<int>(status),
                                       std::move(transfer->response_headers), std::move(transfer->body)};
    } else {
      answer.response.transport =
          code == CURLE_OPERATION_TIMEDOUT ? connector::Transport::timeout : connector::Transport::connection_failed;
      answer.failure = transfer->too_large ? "response larger than " + std::to_string(transfer->body_bytes_max) + " bytes"
                                           : curl_easy_strerror(code);
    }
    answers.push_back(std::move(answer));
    curl_multi_remove_handle(impl_->multi, transfer->easy);
    impl_->transfers.remove_if([&](const Transfer& t) { return &t == transfer; });
  }
  return answers;
}

}  // namespace harness
