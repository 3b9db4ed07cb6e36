// GET /metrics (Prometheus text format 0.0.4, design.md §12) and the hooks that count every
// HTTP request by method, route pattern and status, with its duration.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "routes.h"

namespace vouchd::api {
namespace {

using Clock = std::chrono::steady_clock;

using Clock = std::chrono::steady_clock;

}  // namespace

// The start of the request each server thread is handling. httplib runs one request on one
// thread from pre-routing to post-routing, and its Request carries no user data, so the start
// is kept here by thread; the map holds at most one entry per server thread.
struct RequestCounter::Starts {
  std::mutex mutex;
  std::unordered_map<std::thread::id, Clock::time_point> by_thread;
};

RequestCounter::RequestCounter(metrics::HttpMetrics& http, const Router& router)
    : http_{http}, router_{router}, starts_{std::make_unique<Starts>()} {}

RequestCounter::~RequestCounter() = default;

void RequestCounter::started() {
  const auto now = Clock::now();
  const std::lock_guard lock{starts_->mutex};
  starts_->by_thread[std::this_thread::get_id()] = now;
}

// Post-routing runs for every response, routed or refused, just before it is written: once a
// client has its response, the request is already counted.
void RequestCounter::finished(const httplib::Request& req, const httplib::Response& res) {
  std::string route = router_.route_of(req.method == "HEAD" ? "GET" : req.method, req.path);
  if (route.empty()) route = "(unrouted)";
  std::optional<std::uint64_t> ns;
  {
    const auto now = Clock::now();
    const std::lock_guard lock{starts_->mutex};
    const auto found = starts_->by_thread.find(std::this_thread::get_id());
    if (found != starts_->by_thread.end()) {
      ns = static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - found->second).count());
      starts_->by_thread.erase(found);
    }
  }
  if (ns) {
    http_.observe(req.method, route, res.status, *ns);
  } else {
    http_.count(req.method, route, res.status);  // refused while being read, before routing
  }
}

void add_metrics_route(Router& router, metrics::Metrics& metrics) {
  // No authentication, like every Prometheus target: bind --http to a management address (or
  // put the API behind a proxy that keeps /metrics internal).
  router.add("GET", "/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(metrics.render(), std::string{metrics::kContentType});
  });
}

}  // namespace vouchd::api
