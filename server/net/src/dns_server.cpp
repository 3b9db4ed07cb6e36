// Worker threads, sockets and the UDP loop of the DNS server (design.md §7).
#include "vouchd/net/dns_server.h"

#include <sys/socket.h>

#include <charconv>
#include <chrono>
#include <memory>
#include <thread>
#include <utility>

#include <boost/asio.hpp>

#include "tcp_session.h"
#include "udp_batch.h"
#include "worker_state.h"

namespace vouchd::net {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

namespace {

constexpr int kBatchesPerWake = 16;  // then yield to the io_context (TCP, timers, stop)
constexpr std::chrono::milliseconds kAcceptRetry{100};

std::string endpoint_text(const asio::ip::address& a, std::uint16_t port) {
  const std::string host = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
  return host + ":" + std::to_string(port);
}

// One thread: its io_context, its UDP sockets, and the TCP sessions handed to it.
struct Worker {
  Worker(const zone::Publisher& publisher, metrics::DnsMetrics& metrics)
      : state{publisher, metrics} {}
  asio::io_context io{1};
  std::vector<std::unique_ptr<udp::socket>> udp_sockets;
  UdpBatch batch;
  WorkerState state;
  std::thread thread;
};

}  // namespace

struct DnsServer::Impl {
  const zone::Publisher& publisher;
  metrics::DnsMetrics& metrics;
  ServerOptions options;
  std::atomic<std::size_t> open_connections{0};  // before workers: sessions outlive them
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;  // on workers[0]
  std::size_t next_worker = 0;

  Impl(const zone::Publisher& p, metrics::DnsMetrics& m, ServerOptions o)
      : publisher{p}, metrics{m}, options{std::move(o)} {
    const unsigned n = std::max(1u, options.threads);
    for (unsigned i = 0; i < n; ++i) {
      workers.push_back(std::make_unique<Worker>(publisher, metrics));
    }
  }

  std::uint16_t bind_udp(const asio::ip::address& addr, std::uint16_t port);
  void bind_tcp(const asio::ip::address& addr, std::uint16_t port);
  void wait_udp(Worker& w, udp::socket& s);
  void drain_udp(Worker& w, udp::socket& s);
  void accept(tcp::acceptor& a);
};

std::optional<ListenAddress> parse_listen_address(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value > 65535 || host.empty()) {
    return std::nullopt;
  }
  boost::system::error_code bad;
  asio::ip::make_address(std::string{host}, bad);
  if (bad) return std::nullopt;
  return ListenAddress{std::string{host}, static_cast<std::uint16_t>(value)};
}

DnsServer::DnsServer(const zone::Publisher& publisher, metrics::DnsMetrics& metrics,
                     ServerOptions options)
    : impl_{std::make_unique<Impl>(publisher, metrics, std::move(options))} {}

DnsServer::~DnsServer() { stop(); }

// One SO_REUSEPORT socket per worker on the same address; the kernel spreads datagrams over them.
std::uint16_t DnsServer::Impl::bind_udp(const asio::ip::address& addr, std::uint16_t port) {
  for (auto& w : workers) {
    auto s = std::make_unique<udp::socket>(w->io);
    s->open(addr.is_v6() ? udp::v6() : udp::v4());
    if (addr.is_v6()) s->set_option(asio::ip::v6_only(true));
    const int one = 1;
    ::setsockopt(s->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    s->set_option(udp::socket::receive_buffer_size(4 << 20));
    s->bind(udp::endpoint{addr, port});
    port = s->local_endpoint().port();
    s->non_blocking(true);
    w->udp_sockets.push_back(std::move(s));
  }
  return port;
}

void DnsServer::Impl::bind_tcp(const asio::ip::address& addr, std::uint16_t port) {
  auto a = std::make_unique<tcp::acceptor>(workers.front()->io);
  a->open(addr.is_v6() ? tcp::v6() : tcp::v4());
  if (addr.is_v6()) a->set_option(asio::ip::v6_only(true));
  a->set_option(tcp::acceptor::reuse_address(true));
  a->bind(tcp::endpoint{addr, port});
  a->listen(asio::socket_base::max_listen_connections);
  acceptors.push_back(std::move(a));
}

std::vector<std::string> DnsServer::bind() {
  std::vector<std::string> lines;
  for (const ListenAddress& l : impl_->options.dns) {
    const asio::ip::address addr = asio::ip::make_address(l.host);
    // With port 0, UDP picks a free port and TCP takes the same; retry if TCP has it in use.
    for (int attempt = 0;; ++attempt) {
      const std::size_t udp_before = impl_->workers.front()->udp_sockets.size();
      const std::uint16_t port = impl_->bind_udp(addr, l.port);
      try {
        impl_->bind_tcp(addr, port);
      } catch (const boost::system::system_error&) {
        if (l.port != 0 || attempt >= 20) throw;
        for (auto& w : impl_->workers) w->udp_sockets.resize(udp_before);
        continue;
      }
      lines.push_back("dns-udp " + endpoint_text(addr, port));
      lines.push_back("dns-tcp " + endpoint_text(addr, port));
      break;
    }
  }
  return lines;
}

void DnsServer::Impl::wait_udp(Worker& w, udp::socket& s) {
  s.async_wait(udp::socket::wait_read, [this, &w, &s](const boost::system::error_code& ec) {
    if (ec) return;
    drain_udp(w, s);
  });
}

// Answers whatever datagrams are waiting, a batch per system call, then waits again.
//
// Answer latency is timed per batch, not per query: one clock read when recvmmsg has returned
// the batch and one when sendmmsg has handed its answers to the kernel, and every answer in the
// batch is charged that time. It is an upper bound for each (the first answer also waits for
// the last), which is the delay a client sees under load, and it costs two vDSO clock reads per
// up to 32 queries instead of two per query. A coarse per-query clock (CLOCK_MONOTONIC_COARSE)
// would be as cheap but ticks every few milliseconds, too coarse for microsecond buckets.
void DnsServer::Impl::drain_udp(Worker& w, udp::socket& s) {
  const int fd = s.native_handle();
  const zone::ZoneSet& zones = w.state.zones();
  for (int round = 0; round < kBatchesPerWake; ++round) {
    const std::size_t n = w.batch.receive(fd);
    if (n == 0) return wait_udp(w, s);
    const auto received = WorkerState::Clock::now();
    std::uint64_t answered = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (w.batch.query_truncated(i)) {
        w.state.dropped(metrics::DnsTransport::Udp);
        continue;
      }
      const responder::Outcome out =
          responder::answer(w.batch.query(i), responder::Transport::Udp, zones,
                            options.responder, w.batch.response_buffer(i));
      w.batch.reply(i, out.size);
      w.state.count(metrics::DnsTransport::Udp, out);
      answered += out.size != 0 ? 1 : 0;
    }
    w.batch.flush(fd);
    w.state.answered(metrics::DnsTransport::Udp, received, answered);
  }
  asio::post(w.io, [this, &w, &s] { drain_udp(w, s); });  // more may wait; let others run first
}

void DnsServer::Impl::accept(tcp::acceptor& a) {
  Worker& target = *workers[next_worker++ % workers.size()];
  a.async_accept(target.io, [this, &a, &target](const boost::system::error_code& ec,
                                                tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {  // e.g. out of file descriptors: wait a little instead of spinning on the error
      auto pause = std::make_shared<asio::steady_timer>(a.get_executor(), kAcceptRetry);
      pause->async_wait([this, &a, pause](const boost::system::error_code& stopped) {
        if (!stopped) accept(a);
      });
      return;
    }
    if (open_connections.fetch_add(1, std::memory_order_relaxed) < options.max_tcp_connections) {
      std::make_shared<TcpSession>(std::move(socket), target.state, options.responder,
                                   options.tcp_idle_timeout, open_connections)
          ->start();
    } else {
      open_connections.fetch_sub(1, std::memory_order_relaxed);  // over the limit: refuse
    }
    accept(a);
  });
}

void DnsServer::start() {
  for (auto& a : impl_->acceptors) impl_->accept(*a);
  for (auto& w : impl_->workers) {
    for (auto& s : w->udp_sockets) impl_->wait_udp(*w, *s);
    w->thread = std::thread([&io = w->io] {
      const auto guard = asio::make_work_guard(io);
      io.run();
    });
  }
}

void DnsServer::stop() {
  if (!impl_) return;
  for (auto& w : impl_->workers) w->io.stop();
  for (auto& w : impl_->workers) {
    if (w->thread.joinable()) w->thread.join();
  }
}

std::uint64_t DnsServer::queries() const { return impl_->metrics.queries(); }

}  // namespace vouchd::net
