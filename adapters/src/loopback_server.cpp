#include "harness/loopback_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace harness {
namespace {

constexpr std::size_t request_bytes_max = 1 << 20;  // a larger request is refused and the connection closed
constexpr int poll_interval_ms = 50;                // how soon the thread notices it should stop
constexpr int listen_backlog = 64;

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

}  // namespace

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

std::vector<connector::Param> decode_form(std::string_view form) {
  std::vector<connector::Param> params;
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

namespace {

// Parses one request from the front of `buffer`; nullopt while incomplete. Sets `bad` on a
// request this server will not read.
std::optional<ServedRequest> take_request(std::string& buffer, bool& bad) {
  const std::size_t head_end = buffer.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    bad = buffer.size() > request_bytes_max;
    return std::nullopt;
  }
  ServedRequest request;
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
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string serialize(const ServedResponse& response) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
  out += "Content-Type: " + response.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  if (response.retry_after) out += "Retry-After: " + *response.retry_after + "\r\n";
  out += "Connection: keep-alive\r\n\r\n";
  out += response.body;
  return out;
}

struct Connection {
  int fd = -1;
  std::string in;
  std::string out;
  bool closing = false;
};

}  // namespace

LoopbackServer::LoopbackServer(std::string name, std::uint16_t port, Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error(name + ": no socket");
  const int yes = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, never another interface
  address.sin_port = htons(port);     // 0: a free port
  socklen_t length = sizeof address;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, listen_backlog) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error(name + ": cannot listen on 127.0.0.1" +
                             (port != 0 ? ":" + std::to_string(port) + " (is it taken?)"
                                                       : std::string()));
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}


LoopbackServer::~LoopbackServer() {
  stop_.store(true);
  thread_.join();
  ::close(listen_fd_);
}

void LoopbackServer::serve() {
  std::vector<Connection> connections;
  while (!stop_.load()) {
    std::vector<pollfd> fds;
    fds.push_back({listen_fd_, POLLIN, 0});
    for (const Connection& c : connections) {
      fds.push_back({c.fd, static_cast<short>(POLLIN | (c.out.empty() ? 0 : POLLOUT)), 0});
    }
    if (::poll(fds.data(), fds.size(), poll_interval_ms) < 0) continue;
    if (fds[0].revents & POLLIN) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
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
          while (std::optional<ServedRequest> request = take_request(c.in, bad)) c.out += serialize(handler_(*request));
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

}  // namespace harness
