// `vouchd serve`: store -> zone snapshot -> DNS sockets (design.md §3 start-up order), then wait
// for SIGTERM/SIGINT.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "commands.h"
#include "expiry.h"
#include "vouchd/cli/live_updates.h"
#include "vouchd/api/http_api.h"
#include "vouchd/api/times.h"
#include "vouchd/metrics/metrics.h"
#include "vouchd/net/dns_server.h"
#include "vouchd/scoring/clock.h"
#include "vouchd/scoring/scoring.h"
#include "vouchd/store/store.h"
#include "vouchd/zone/builder.h"

namespace vouchd::cli {
namespace {

std::chrono::sys_seconds now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// The readiness protocol tests and scripts wait for (style.md §4): one line per socket, then
// "vouchd: ready", on standard output.
void announce(const std::string& line) {
  std::printf("vouchd: %s\n", line.c_str());
  std::fflush(stdout);
}

// Binds the REST API on --http; returns its readiness line ("http ADDR:PORT" or "https ...").
std::string bind_http(api::HttpApi& http, const ServeOptions& options) {
  const auto addr = net::parse_listen_address(options.http);
  if (!addr) throw std::runtime_error("--http " + options.http + ": expected ADDR:PORT");
  const std::uint16_t port = http.bind(api::HttpOptions{.host = addr->host,
                                                        .port = addr->port,
                                                        .tls_cert = options.tls_cert,
                                                        .tls_key = options.tls_key,
                                                        .repute_rater = options.repute_rater});
  return std::string{options.tls_cert.empty() ? "http " : "https "} + addr->host + ":" +
         std::to_string(port);
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

  std::optional<std::int64_t> clock_start{0};
  if (!options.clock_start.empty()) clock_start = api::parse_time(options.clock_start);
  if (!clock_start) {
    std::fprintf(stderr, "vouchd: --clock-start %s: expected RFC 3339 or unix seconds\n",
                 options.clock_start.c_str());
    return 2;
  }
  scoring::Clock clock = options.clock == "manual" ? scoring::Clock::manual(*clock_start)
                                                   : scoring::Clock::system();

  auto opened = store::Store::open(options.db, false);
  if (!opened) {
    std::fprintf(stderr, "vouchd: %s: %s\n", options.db.c_str(), opened.error().message.c_str());
    return 1;
  }
  std::unique_ptr<store::Store> db = std::move(*opened);

  std::mutex store_mutex;
  zone::Publisher publisher;
  // What GET /metrics reports; every component below counts into it.
  metrics::Metrics metrics{[&publisher] {
    const std::chrono::duration<double> age =
        std::chrono::steady_clock::now() - publisher.published_at();
    return metrics::SnapshotState{publisher.generation(), std::max(0.0, age.count())};
  }};
  // Compaction rebuilds from a second connection: exact, and it sees everything the store holds.
  LiveUpdates live{*db, publisher,
                   {.rebase = LiveUpdates::rebuild_from(options.db),
                    .log = &log,
                    .publish_time = &metrics.publish()}};
  const auto publish = [&live](const store::Zone& z, const store::Committed& c) { live.apply(z, c); };
  // Entries that expired while vouchd was down are withdrawn before anything is served (nothing
  // is published yet: the zones are built from the store next).
  const std::size_t expired = ExpirySweeper{*db, store_mutex, [](const store::Zone&,
                                                                 const store::Committed&) {}}
                                  .sweep(now_seconds());
  if (expired != 0) log.info("expired entries={}", expired);
  ExpirySweeper expiry{*db, store_mutex, publish};
  // The reputation engine starts from every stored piece of evidence.
  scoring::Scoring reputation{*db, store_mutex, publish};
  {
    const auto started = std::chrono::steady_clock::now();
    if (const auto loaded = reputation.load(); !loaded) {
      log.error("reputation_not_loaded error=\"{}\"", loaded.error().message);
      return 1;
    }
    log.info("reputation_loaded ms={} clock={}",
             std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - started)
                 .count(),
             options.clock);
  }
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

  net::DnsServer dns{publisher, metrics.dns(), server_options};
  const auto on_zone_change = [&live, &log](const store::Zone& z, api::ZoneEvent event) {
    switch (event) {  // no default: -Wswitch names an event left out
      case api::ZoneEvent::Created:
      case api::ZoneEvent::SoaChanged:
      case api::ZoneEvent::DefaultClassChanged:
        live.load_zone(z);
        log.info("zone_published zone={} serial={} reason={}", z.apex.to_text(), z.soa.serial,
                 event == api::ZoneEvent::Created      ? "created"
                 : event == api::ZoneEvent::SoaChanged ? "soa_changed"
                                                       : "default_class_changed");
        return;
      case api::ZoneEvent::Deleted:
        live.remove_zone(z.apex);
        log.info("zone_removed zone={}", z.apex.to_text());
        return;
    }
  };
  api::HttpApi http{*db, store_mutex, publish, [] { return true; }, on_zone_change,
                    metrics};
  http.attach_reputation(reputation, clock);
  http.on_evidence([&reputation](std::int64_t reporter, const std::vector<store::EvidenceRow>& rows) {
    reputation.add(reporter, rows);
  });
  try {
    for (const std::string& line : dns.bind()) announce("listening " + line);
    if (!options.http.empty()) announce("listening " + bind_http(http, options));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vouchd: cannot listen: %s\n", e.what());
    return 1;
  }
  boost::asio::io_context signals_io;
  boost::asio::signal_set signals{signals_io, SIGTERM, SIGINT};
  boost::asio::steady_timer expiry_timer{signals_io};
  const std::chrono::milliseconds expiry_every{options.expiry_interval_ms};
  std::function<void()> schedule_expiry = [&] {
    expiry_timer.expires_after(expiry_every);
    expiry_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      const std::size_t n = expiry.sweep(now_seconds());
      if (n != 0) log.info("expired entries={}", n);
      schedule_expiry();
    });
  };
  schedule_expiry();
  // Reputation: rescored every --sweep-interval-ms, and after new evidence within a second or,
  // when sweeps take long (much evidence), within four sweep durations, so that a long ingest
  // leaves the engine to ingest most of the time.
  boost::asio::steady_timer sweep_timer{signals_io};
  const std::chrono::milliseconds sweep_every{options.sweep_interval_ms};
  auto last_sweep = std::chrono::steady_clock::now() - sweep_every;  // the first tick sweeps
  std::chrono::steady_clock::duration sweep_took{};
  std::function<void()> schedule_sweep = [&] {
    sweep_timer.expires_after(std::min<std::chrono::milliseconds>(sweep_every,
                                                                  std::chrono::seconds{1}));
    sweep_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      const auto since = std::chrono::steady_clock::now() - last_sweep;
      if ((reputation.dirty() && since >= 4 * sweep_took) || since >= sweep_every) {
        last_sweep = std::chrono::steady_clock::now();
        const scoring::SweepReport r = reputation.sweep(clock.now());
        sweep_took = std::chrono::steady_clock::now() - last_sweep;
        if (r.added + r.changed + r.removed != 0 || !r.errors.empty()) {
          log.info("reputation_swept at={} zones={} listed={} added={} changed={} removed={} "
                   "withheld={} errors={}",
                   r.at, r.zones, r.listed, r.added, r.changed, r.removed, r.withheld,
                   r.errors.size());
        }
        for (const std::string& e : r.errors)
          log.error("reputation_sweep_failed error=\"{}\"", e);
      }
      schedule_sweep();
    });
  };
  schedule_sweep();
  signals.async_wait([&](const boost::system::error_code&, int signo) {
    log.info("stopping signal={}", signo);
    expiry_timer.cancel();
    sweep_timer.cancel();
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
