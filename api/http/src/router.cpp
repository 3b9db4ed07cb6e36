// Path templates → httplib patterns (see router.h).
#include "router.h"

#include <stdexcept>

namespace vouchd::api {
namespace {

std::string escaped(const std::string& literal) {
  std::string out;
  for (const char c : literal) {
    if (std::string_view{".^$|()[]{}*+?\\"}.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string pattern_of(const std::string& path, const std::set<std::string>& wide) {
  std::string pattern;
  std::size_t at = 0;
  while (at < path.size()) {
    const std::size_t open = path.find('{', at);
    if (open == std::string::npos) {
      pattern += escaped(path.substr(at));
      break;
    }
    const std::size_t close = path.find('}', open);
    if (close == std::string::npos) throw std::logic_error("unclosed parameter in " + path);
    pattern += escaped(path.substr(at, open - at));
    pattern += wide.contains(path.substr(open + 1, close - open - 1)) ? "(.+)" : "([^/]+)";
    at = close + 1;
  }
  return pattern;
}

}  // namespace

void Router::add(const std::string& method, const std::string& path, Handler handler,
                 const std::set<std::string>& wide) {
  const std::string pattern = pattern_of(path, wide);
  if (method == "GET") {
    server_.Get(pattern, std::move(handler));
  } else if (method == "POST") {
    server_.Post(pattern, std::move(handler));
  } else if (method == "PUT") {
    server_.Put(pattern, std::move(handler));
  } else if (method == "PATCH") {
    server_.Patch(pattern, std::move(handler));
  } else if (method == "DELETE") {
    server_.Delete(pattern, std::move(handler));
  } else {
    throw std::logic_error("unsupported method " + method);
  }
  routes_.push_back({method, path});
  patterns_.emplace_back(pattern);
}

std::vector<std::string> Router::methods_for(const std::string& path) const {
  std::vector<std::string> methods;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (std::regex_match(path, patterns_[i])) methods.push_back(routes_[i].method);
  }
  return methods;
}

std::string Router::route_of(const std::string& method, const std::string& path) const {
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == method && std::regex_match(path, patterns_[i])) return routes_[i].path;
  }
  return "";
}

}  // namespace vouchd::api
