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

// The start of the request each server thread is handling. httplib runs one request on one
// thread from pre-routing to post-routing, and its Request carries no user data, so the start
// is kept here by thread; the map holds at most one entry per server thread.
class RequestStarts {
 public:
  void start() {
    const std::lock_guard lock{mutex_};
    starts_[std::this_thread::get_id()] = Clock::now();
  }
  // Nanoseconds since start() on this thread, or nullopt if it was not called (a request
  // refused while being read, before routing).
  std::optional<std::uint64_t> finish() {
    const auto now = Clock::now();
    const std::lock_guard lock{mutex_};
    const auto found = starts_.find(std::this_thread::get_id());
    if (found == starts_.end()) return std::nullopt;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now - found->second);
    starts_.erase(found);
    return static_cast<std::uint64_t>(ns.count());
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::thread::id, Clock::time_point> starts_;
};

// The name of the placeholder that replaces a captured path segment after `prefix`.
std::string placeholder(std::string_view prefix) {
  if (prefix.ends_with('/')) prefix.remove_suffix(1);
  const std::string_view segment = prefix.substr(prefix.rfind('/') + 1);
  if (segment == "vouches") return "{domain}";
  if (segment == "listings") return "{key}";
  if (segment == "tokens") return "{id}";
  if (segment.empty() || segment.front() == '{') return "{action}";  // after another capture
  if (segment.ends_with('s')) return "{" + std::string{segment.substr(0, segment.size() - 1)} + "}";
  return "{param}";
}

}  // namespace

std::string route_label(const std::string& path, const std::smatch& matches) {
  if (matches.empty()) return "(unrouted)";
  std::string out;
  auto at = matches[0].first;
  for (std::size_t i = 1; i < matches.size(); ++i) {
    const auto& group = matches[i];
    if (!group.matched || group.first < at) continue;  // unmatched, or inside an earlier group
    out.append(at, group.first);
    out += placeholder(out);
    at = group.second;
  }
  out.append(at, matches[0].second);
  return matches[0].first == path.begin() && matches[0].second == path.end() ? out : "(unrouted)";
}

void add_metrics_route(httplib::Server& server, metrics::Metrics& metrics) {
  // No authentication, like every Prometheus target: bind --http to a management address (or
  // put the API behind a proxy that keeps /metrics internal).
  server.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(metrics.render(), std::string{metrics::kContentType});
  });
}

void count_requests(httplib::Server& server, metrics::HttpMetrics& http) {
  auto starts = std::make_shared<RequestStarts>();
  server.set_pre_routing_handler([starts](const httplib::Request&, httplib::Response&) {
    starts->start();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Post-routing runs for every response, routed or refused, just before it is written: once a
  // client has its response, the request is already counted.
  server.set_post_routing_handler([starts, &http](const httplib::Request& req,
                                                  httplib::Response& res) {
    const std::string route = route_label(req.path, req.matches);
    if (const auto ns = starts->finish()) {
      http.observe(req.method, route, res.status, *ns);
    } else {
      http.count(req.method, route, res.status);
    }
  });
}

}  // namespace vouchd::api
