// What the route files share: the store context, the one error writer (style.md §3.2) and
// authorisation by bearer token and role.
#pragma once

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vouchd/api/http_api.h"
#include "vouchd/metrics/metrics.h"

namespace vouchd::api {

struct Context {
  store::Store& store;
  std::mutex& mutex;  // held for every store call
  OnCommit on_commit;
  metrics::Metrics& metrics;
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

// Read: any role but reporter; Write: admin and certifier; Admin: admin only.
enum class Access : std::uint8_t { Read, Write, Admin };

// The caller, if its bearer token is usable and its role allows `access`; otherwise writes 401 or
// 403 and returns nullopt. Takes the store lock itself.
std::optional<store::Actor> authorize(Context& ctx, const httplib::Request& req,
                                      httplib::Response& res, Access access);

// The route pattern of a request for the `route` label: the path with every captured group
// replaced by a named placeholder ("/api/v1/zones/{zone}/vouches/{domain}"), or "(unrouted)" when
// no route matched. Route patterns must capture every part that varies, so that the label never
// carries a raw path.
std::string route_label(const std::string& path, const std::smatch& matches);
// GET /metrics, without authentication.
void add_metrics_route(httplib::Server& server, metrics::Metrics& metrics);
// Counts every request into `http` as its response is about to be written, timed from routing;
// uses the server's pre-routing and post-routing handlers.
void count_requests(httplib::Server& server, metrics::HttpMetrics& http);

void add_vouch_routes(httplib::Server& server, Context& ctx);
void add_token_routes(httplib::Server& server, Context& ctx);

}  // namespace vouchd::api
