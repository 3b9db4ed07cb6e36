// HTTP API requests by method, route pattern and status, and their durations. Label values are
// bounded: methods outside a fixed set count as "OTHER", and past kMaxRoutes distinct routes any
// new one counts as "(other)".
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "vouchd/metrics/exposition.h"
#include "vouchd/metrics/histogram.h"

namespace vouchd::metrics {

class HttpMetrics {
 public:
  static constexpr std::size_t kMaxRoutes = 64;

  // One request answered with `status` after `ns` nanoseconds of handling. `route` is the
  // route's pattern ("/api/v1/zones/{zone}/vouches/{domain}"), never the raw path. Takes a lock:
  // the HTTP path is not the DNS query path.
  void observe(std::string_view method, std::string_view route, int status, std::uint64_t ns);
  // A request answered before its handling could be timed (rejected while being read).
  void count(std::string_view method, std::string_view route, int status);

  // vouchd_http_requests_total and vouchd_http_request_duration_seconds.
  void render(Exposition& out) const;

 private:
  using Key = std::tuple<std::string, std::string, int>;  // method, route, status
  std::pair<std::string, std::string> labels(std::string_view method, std::string_view route);

  mutable std::mutex mutex_;
  std::set<std::string, std::less<>> routes_;
  std::map<Key, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> durations_;  // by method, route
};

}  // namespace vouchd::metrics
