// HTTP request counters and durations (see http_metrics.h).
#include "vouchd/metrics/http_metrics.h"

#include <array>

namespace vouchd::metrics {
namespace {

std::string_view known_method(std::string_view method) noexcept {
  static constexpr std::array<std::string_view, 7> kMethods{"GET",    "HEAD",    "POST", "PUT",
                                                            "DELETE", "OPTIONS", "PATCH"};
  for (const std::string_view m : kMethods) {
    if (m == method) return m;
  }
  return "OTHER";
}

}  // namespace

std::pair<std::string, std::string> HttpMetrics::labels(std::string_view method,
                                                        std::string_view route) {
  std::string r{route};
  if (!routes_.contains(r)) {
    if (routes_.size() >= kMaxRoutes) {
      r = "(other)";
    } else {
      routes_.insert(r);
    }
  }
  return {std::string{known_method(method)}, std::move(r)};
}

void HttpMetrics::observe(std::string_view method, std::string_view route, int status,
                          std::uint64_t ns) {
  const std::lock_guard lock{mutex_};
  auto key = labels(method, route);
  ++requests_[{key.first, key.second, status}];
  durations_.try_emplace(std::move(key), kRequestBounds).first->second.observe(ns);
}

void HttpMetrics::count(std::string_view method, std::string_view route, int status) {
  const std::lock_guard lock{mutex_};
  auto [m, r] = labels(method, route);
  ++requests_[{std::move(m), std::move(r), status}];
}

void HttpMetrics::render(Exposition& out) const {
  const std::lock_guard lock{mutex_};
  out.header("vouchd_http_requests_total",
             "HTTP requests answered, by method, route pattern and status.",
             Exposition::Type::Counter);
  for (const auto& [key, n] : requests_) {
    const std::string status = std::to_string(std::get<2>(key));
    out.sample("vouchd_http_requests_total",
               {{"method", std::get<0>(key)}, {"route", std::get<1>(key)}, {"status", status}}, n);
  }
  out.header("vouchd_http_request_duration_seconds",
             "Time from a routed HTTP request to its response written, by method and route.",
             Exposition::Type::Histogram);
  for (const auto& [key, h] : durations_) {
    const std::array<Label, 2> l{Label{"method", key.first}, Label{"route", key.second}};
    out.histogram("vouchd_http_request_duration_seconds", l, view(h.bounds(), h.read()));
  }
}

}  // namespace vouchd::metrics
