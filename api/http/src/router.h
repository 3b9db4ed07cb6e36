// The API's route table: every route is added with its method and its OpenAPI path template
// ("/api/v1/zones/{zone}/vouches/{domain}"), turned into the httplib pattern here. The table is
// what the OpenAPI document is checked against, what tells 405 (the path exists, the method
// does not) from 404, and what names a request's route in logs and metrics.
#pragma once

#include <httplib.h>

#include <functional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace vouchd::api {

struct RouteInfo {
  std::string method;  // "GET", "PUT", ...
  std::string path;    // OpenAPI template
};

class Router {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit Router(httplib::Server& server) : server_{server} {}

  // Each {param} of `path` matches one path segment, or, when `wide` names it, the rest of the
  // path, slashes included (a prefix such as 192.0.2.0/24). Captures reach the handler in
  // req.matches in template order.
  void add(const std::string& method, const std::string& path, Handler handler,
           const std::set<std::string>& wide = {});

  const std::vector<RouteInfo>& routes() const { return routes_; }
  // The methods some route offers for `path` (empty: no route has this path).
  std::vector<std::string> methods_for(const std::string& path) const;
  // The template of the route matching `method` and `path`, or "" if none does.
  std::string route_of(const std::string& method, const std::string& path) const;

 private:
  httplib::Server& server_;
  std::vector<RouteInfo> routes_;
  std::vector<std::regex> patterns_;  // parallel to routes_
};

}  // namespace vouchd::api
