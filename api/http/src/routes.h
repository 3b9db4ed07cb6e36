// What the route files share: the store context, the one error writer (style.md §3.2) and
// authorisation by bearer token and role.
#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "router.h"
#include "vouchd/api/http_api.h"
#include "vouchd/metrics/metrics.h"

namespace vouchd::api {

struct Context {
  store::Store& store;
  std::mutex& mutex;  // held for every store call
  OnCommit on_commit;
  OnZoneChange on_zone_change;
  metrics::Metrics& metrics;
  Reputation reputation;  // both null until attach_reputation()
  // Set by HttpApi::bind() before any route runs, then only read.
  bool tls = false;            // the API speaks HTTPS
  std::string repute_rater{};  // REPUTE rater name; empty: the host the client asked for
  // The evidence of each newly stored report (duplicates give none), called with the store lock
  // held right after the commit, in commit order; may be empty.
  std::function<void(std::int64_t reporter, const std::vector<store::EvidenceRow>& rows)>
      on_evidence;
};

// Runs `write`, one store mutation (its commit included), and records how long it took in
// vouchd_store_write_seconds. Every route that writes through the store calls it this way:
//   const auto committed = timed_write(ctx, [&] { return ctx.store.put_vouch(...); });
template <class Write>
auto timed_write(Context& ctx, Write&& write) {
  const auto start = std::chrono::steady_clock::now();
  auto result = std::forward<Write>(write)();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::steady_clock::now() - start);
  ctx.metrics.store_write().observe(static_cast<std::uint64_t>(ns.count()));
  return result;
}

struct ApiError {
  int status = 400;
  std::string code;     // "invalid_field", "not_found", ...
  std::string field;    // JSON path or parameter at fault, or empty
  std::string message;  // for people; never library or SQLite text
};

void reply(httplib::Response& res, const ApiError& e);  // the only writer of error bodies
void reply_json(httplib::Response& res, int status, const nlohmann::json& body);

// Read: any role but reporter; Write: admin and certifier; Admin: admin only; Audit: admin and
// viewer (the audit log shows every actor's changes, not a certifier's business).
enum class Access : std::uint8_t { Read, Write, Admin, Audit, Ingest };

// The caller, if its bearer token is usable and its role allows `access`; otherwise writes 401 or
// 403 and returns nullopt. Takes the store lock itself.
std::optional<store::Actor> authorize(Context& ctx, const httplib::Request& req,
                                      httplib::Response& res, Access access);

// Counts every request into `http` by method, route template (from `router`, "(unrouted)" when
// none matched) and status, timed from routing to the response; the server's pre-routing handler
// calls started(), its post-routing handler finished().
class RequestCounter {
 public:
  RequestCounter(metrics::HttpMetrics& http, const Router& router);
  ~RequestCounter();
  void started();
  void finished(const httplib::Request& req, const httplib::Response& res);

 private:
  struct Starts;
  metrics::HttpMetrics& http_;
  const Router& router_;
  std::unique_ptr<Starts> starts_;
};
// GET /metrics, without authentication.
void add_metrics_route(Router& router, metrics::Metrics& metrics);

void add_vouch_routes(Router& router, Context& ctx);
void add_vouch_bulk_routes(Router& router, Context& ctx);
void add_listing_routes(Router& router, Context& ctx);
void add_token_routes(Router& router, Context& ctx);
void add_zone_routes(Router& router, Context& ctx);
void add_report_routes(Router& router, Context& ctx);
void add_reputation_routes(Router& router, Context& ctx);
// Zone policies, the reputation clock and on-demand sweeps (reputation service attached).
void add_policy_routes(Router& router, Context& ctx);
// GET /.well-known/repute-template and the REPUTE queries under /repute/ (RFC 7072), without a
// token.
void add_repute_routes(Router& router, Context& ctx);

// SHA-256 of `bytes`.
std::array<std::uint8_t, 32> sha256(std::string_view bytes);
void add_audit_routes(Router& router, Context& ctx);

}  // namespace vouchd::api
