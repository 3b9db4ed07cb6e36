// `vouchd serve`: store -> zone snapshot -> DNS sockets (design.md §3 start-up order), then wait
// for SIGTERM/SIGINT.
#include <malloc.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "commands.h"
#include "vouchd/api/http_api.h"
#include "vouchd/cli/live_updates.h"
#include "vouchd/net/dns_server.h"
#include "vouchd/store/store.h"
#include "vouchd/zone/builder.h"

namespace vouchd::cli {
namespace {

// The readiness protocol tests and scripts wait for (style.md §4): one line per socket, then
// "vouchd: ready", on standard output.
void announce(const std::string& line) {
  std::printf("vouchd: %s\n", line.c_str());
  std::fflush(stdout);
}

// Binds the REST API on "ADDR:PORT"; returns "ADDR:PORT" with the port bound.
std::string bind_http(api::HttpApi& http, const std::string& text) {
  const auto addr = net::parse_listen_address(text);
  if (!addr) throw std::runtime_error("--http " + text + ": expected ADDR:PORT");
  const std::uint16_t port = http.bind(api::HttpOptions{.host = addr->host, .port = addr->port});
  return addr->host + ":" + std::to_string(port);
}

}  // namespace

int run_serve(const ServeOptions& options, spdlog::logger& log) {
  net::ServerOptions server_options;
  for (const std::string& d : options.dns) {
    const auto addr = net::parse_listen_address(d);
    if (!addr) {
      std::fprintf(stderr, "vouchd: --dns %s: expected ADDR:PORT, e.g. 127.0.0.1:5353\n",
                   d.c_str());
      return 2;
    }
    server_options.dns.push_back(*addr);
  }
  server_options.threads = options.threads;
  server_options.responder.max_udp_payload = static_cast<std::uint16_t>(options.max_udp_payload);
  server_options.tcp_idle_timeout = std::chrono::milliseconds{options.tcp_idle_ms};
  server_options.max_tcp_connections = options.max_tcp_connections;

  auto opened = store::Store::open(options.db, false);
  if (!opened) {
    std::fprintf(stderr, "vouchd: %s: %s\n", options.db.c_str(), opened.error().message.c_str());
    return 1;
  }
  std::unique_ptr<store::Store> db = std::move(*opened);

  zone::Publisher publisher;
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<const zone::ZoneSet> zones;
  try {
    zones = zone::build_zone_set(*db);
  } catch (const std::exception& e) {
    log.error("zones_not_built error=\"{}\"", e.what());
    return 1;
  }
  const auto build_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
  std::size_t entries = 0;
  for (const auto& z : zones->zones()) {
    entries += z->entry_count();
    log.info("zone_loaded zone={} serial={} entries={} index_bytes={}", z->apex().to_text(),
             z->serial(), z->entry_count(), z->memory_bytes());
  }
  log.info("zones_published zones={} entries={} build_ms={}", zones->zones().size(), entries,
           build_ms);
  publisher.publish(std::move(zones));
  malloc_trim(0);  // hand the builder's temporary memory back to the system

  net::DnsServer dns{publisher, server_options};
  std::mutex store_mutex;
  // Compaction rebuilds from a second connection: exact, and it sees everything the store holds.
  LiveUpdates live{*db, publisher, {.rebase = LiveUpdates::rebuild_from(options.db), .log = &log}};
  api::HttpApi http{*db, store_mutex,
                    [&live](const store::Zone& z, const store::Committed& c) { live.apply(z, c); },
                    [] { return true; }};
  try {
    for (const std::string& line : dns.bind()) announce("listening " + line);
    if (!options.http.empty()) announce("listening http " + bind_http(http, options.http));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vouchd: cannot listen: %s\n", e.what());
    return 1;
  }
  boost::asio::io_context signals_io;
  boost::asio::signal_set signals{signals_io, SIGTERM, SIGINT};
  signals.async_wait([&](const boost::system::error_code&, int signo) {
    log.info("stopping signal={}", signo);
  });
  dns.start();
  if (!options.http.empty()) http.start();
  announce("ready");
  signals_io.run();
  http.stop();
  dns.stop();
  log.info("stopped queries={}", dns.queries());
  return 0;
}

}  // namespace vouchd::cli
