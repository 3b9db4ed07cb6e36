// DNS over UDP and TCP with Boost.Asio (design.md §7): one io_context and one SO_REUSEPORT UDP
// socket per worker thread (share-nothing), batched with recvmmsg/sendmmsg; TCP per RFC 7766
// (length prefix, pipelining, idle timeout, connection limit).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vouchd/metrics/dns_metrics.h"
#include "vouchd/responder/responder.h"
#include "vouchd/zone/zone_set.h"

namespace vouchd::net {

struct ListenAddress {
  std::string host;        // "127.0.0.1", "::1", "0.0.0.0"
  std::uint16_t port = 0;  // 0 = any free port (UDP and TCP share it)
};

// "127.0.0.1:53", "[::1]:5353"; nullopt if malformed.
std::optional<ListenAddress> parse_listen_address(std::string_view text);

struct ServerOptions {
  std::vector<ListenAddress> dns;
  unsigned threads = 1;
  responder::Options responder;
  std::chrono::milliseconds tcp_idle_timeout{10000};  // RFC 7766 §6.2.3: seconds, not minutes
  std::size_t max_tcp_connections = 1024;
};

class DnsServer {
 public:
  // `publisher` and `metrics` must outlive the server; workers read the publisher's current
  // snapshot and each counts into its own shard of `metrics`.
  DnsServer(const zone::Publisher& publisher, metrics::DnsMetrics& metrics, ServerOptions options);
  ~DnsServer();
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  // Binds every socket (throws std::system_error on failure). Returns lines such as
  // "dns-udp 127.0.0.1:40123", one per socket address, for the readiness report.
  std::vector<std::string> bind();
  // Starts the worker threads; returns at once.
  void start();
  // Stops the workers and joins them.
  void stop();
  // Queries counted in `metrics` (answered and dropped), over every worker.
  std::uint64_t queries() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vouchd::net
