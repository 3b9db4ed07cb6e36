// A small DNS client for tests: one query over UDP or TCP to 127.0.0.1, raw TCP connections for
// pipelining and split-segment tests, and the shared presentation-format matcher (style.md §4).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "vouchd/dnswire/master_file.h"
#include "vouchd/dnswire/message.h"

namespace vouchd::testing {

using Bytes = std::vector<std::uint8_t>;

inline sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// Sends `query` over UDP and returns the reply, or an empty vector after `timeout_ms`.
inline Bytes udp_exchange(std::uint16_t port, const Bytes& query, int timeout_ms = 3000) {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  const sockaddr_in to = loopback(port);
  sendto(fd, query.data(), query.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  Bytes reply(65535);
  pollfd p{fd, POLLIN, 0};
  ssize_t n = -1;
  if (poll(&p, 1, timeout_ms) == 1) n = recv(fd, reply.data(), reply.size(), 0);
  close(fd);
  reply.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return reply;
}

// A TCP connection to 127.0.0.1:port with DNS framing helpers.
class TcpConnection {
 public:
  explicit TcpConnection(std::uint16_t port) : fd_{socket(AF_INET, SOCK_STREAM, 0)} {
    const sockaddr_in to = loopback(port);
    if (connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
      throw std::runtime_error("connect failed");
    }
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~TcpConnection() { close(fd_); }
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  void send_raw(const Bytes& b) {
    if (::send(fd_, b.data(), b.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(b.size())) {
      throw std::runtime_error("send failed");
    }
  }
  static Bytes framed(const Bytes& query) {
    Bytes out{static_cast<std::uint8_t>(query.size() >> 8), static_cast<std::uint8_t>(query.size())};
    out.insert(out.end(), query.begin(), query.end());
    return out;
  }
  void send_query(const Bytes& query) { send_raw(framed(query)); }

  // Reads one framed message; empty if the peer closed or `timeout_ms` passed.
  Bytes read_message(int timeout_ms = 3000) {
    Bytes len = read_exact(2, timeout_ms);
    if (len.size() != 2) return {};
    return read_exact(static_cast<std::size_t>(len[0] << 8 | len[1]), timeout_ms);
  }
  // True once the server has closed the connection (read returns 0) within `timeout_ms`.
  bool closed_by_peer(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) != 1) return false;
    std::uint8_t b;
    return recv(fd_, &b, 1, 0) <= 0;
  }

 private:
  Bytes read_exact(std::size_t n, int timeout_ms) {
    Bytes out;
    while (out.size() < n) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, timeout_ms) != 1) return {};
      std::uint8_t buf[4096];
      const ssize_t got = recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
      if (got <= 0) return {};
      out.insert(out.end(), buf, buf + got);
    }
    return out;
  }
  int fd_;
};

inline Bytes tcp_exchange(std::uint16_t port, const Bytes& query) {
  TcpConnection c{port};
  c.send_query(query);
  return c.read_message();
}

inline Bytes query(std::string_view qname, dnswire::RRType qtype, std::uint16_t id = 0x1234,
                   bool edns = true) {
  std::optional<dnswire::Edns> opt;
  if (edns) opt = dnswire::Edns{.udp_size = 1232, .options = {}};
  return dnswire::make_query(id, dnswire::Name::from_text(qname).value(), qtype, 0, opt);
}

// Records of a section in presentation form ("owner TTL CLASS TYPE RDATA"), sorted, for
// comparison with expected text.
inline std::vector<std::string> as_text(const std::vector<dnswire::Record>& rrs) {
  std::vector<std::string> out;
  for (const dnswire::Record& rr : rrs) {
    out.push_back(dnswire::record_to_text(rr.owner, rr.ttl, rr.rclass, rr.type, rr.rdata));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vouchd::testing
