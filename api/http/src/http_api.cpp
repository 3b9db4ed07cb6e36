// The HTTP server: cpp-httplib set up as a server should be (design.md §12: payload limit,
// keep-alive, timeouts, thread pool, JSON errors for its own 404/413/500), health endpoints and
// bearer-token authorisation.
#include <cctype>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "routes.h"

namespace vouchd::api {

struct HttpApi::Impl {
  Impl(Context c, std::function<bool()> r) : ctx{std::move(c)}, ready{std::move(r)} {}
  Context ctx;
  std::function<bool()> ready;
  std::unique_ptr<httplib::Server> server;  // an SSLServer when TLS is on
  std::unique_ptr<Router> router;
  std::thread thread;
};

void reply(httplib::Response& res, const ApiError& e) {
  const nlohmann::json body = {
      {"error", {{"code", e.code}, {"field", e.field}, {"message", e.message}}}};
  res.status = e.status;
  res.set_content(body.dump(), "application/json");
}

void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

std::optional<store::Actor> authorize(Context& ctx, const httplib::Request& req,
                                      httplib::Response& res, Access access) {
  const std::string header = req.get_header_value("Authorization");
  // RFC 7235 §2.1: the scheme name is case-insensitive.
  std::string scheme = header.substr(0, 7);
  for (char& c : scheme)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto hash =
      scheme == "bearer " ? token_hash(std::string_view{header}.substr(7)) : std::nullopt;
  std::optional<store::Token> token;
  if (hash) {
    const std::lock_guard lock{ctx.mutex};
    auto found = ctx.store.find_token(*hash);
    if (found) token = *found;
  }
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  if (!token || !token->usable(now)) {
    reply(res, {401, "unauthorized", "", "a valid bearer token is required"});
    return std::nullopt;
  }
  bool allowed = token->role == store::TokenRole::Admin;
  switch (access) {
    case Access::Read:
      allowed = token->role != store::TokenRole::Reporter;
      break;
    case Access::Write:
      allowed = allowed || token->role == store::TokenRole::Certifier;
      break;
    case Access::Admin:
      break;
    case Access::Ingest:  // reporters post reports, and nothing else
      allowed = allowed || token->role == store::TokenRole::Reporter;
      break;
    case Access::Audit:
      allowed = allowed || token->role == store::TokenRole::Viewer;
      break;
  }
  if (!allowed) {
    reply(res, {403, "forbidden", "", "the token's role may not do this"});
    return std::nullopt;
  }
  return store::Actor{"token:" + token->label, token->id};
}

HttpApi::HttpApi(store::Store& store, std::mutex& store_mutex, OnCommit on_commit,
                 std::function<bool()> ready, OnZoneChange on_zone_change,
                 metrics::Metrics& metrics)
    : impl_{std::make_unique<Impl>(
          Context{store, store_mutex, std::move(on_commit), std::move(on_zone_change), metrics,
                  {}, false, {}, OnEvidence{}},
          std::move(ready))} {}

void HttpApi::on_evidence(OnEvidence hook) {
  impl_->ctx.on_evidence = std::move(hook);
}

HttpApi::~HttpApi() {
  stop();
}

void HttpApi::attach_reputation(scoring::Scoring& scoring, scoring::Clock& clock) {
  impl_->ctx.reputation = {&scoring, &clock};
}

std::uint16_t HttpApi::bind(const HttpOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    throw std::runtime_error("TLS needs both a certificate and a key");
  }
  if (options.tls_cert.empty()) {
    impl_->server = std::make_unique<httplib::Server>();
  } else {
    auto tls =
        std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!tls->is_valid()) {
      throw std::runtime_error("cannot load the TLS certificate " + options.tls_cert + " or key " +
                               options.tls_key);
    }
    impl_->server = std::move(tls);
  }
  impl_->ctx.tls = !options.tls_cert.empty();
  impl_->ctx.repute_rater = options.repute_rater;
  httplib::Server& s = *impl_->server;
  // httplib applies one limit to every body: the bulk one. Other routes get the smaller limit
  // here, before their body is read (an unread body leaves the connection unusable: close it).
  s.set_payload_max_length(options.max_bulk_body);
  const std::size_t max_body = options.max_body;
  impl_->router = std::make_unique<Router>(s);
  Router& router = *impl_->router;
  auto counter = std::make_shared<RequestCounter>(impl_->ctx.metrics.http(), router);
  s.set_post_routing_handler([counter](const httplib::Request& req, httplib::Response& res) {
    counter->finished(req, res);
  });
  s.set_pre_routing_handler([counter, max_body](const httplib::Request& req,
                                                httplib::Response& res) {
    counter->started();
    // Bulk imports, report batches and reports (an ARF report may carry the whole original
    // message) may be large.
    const bool bulk = req.path.ends_with(":import") || req.path.ends_with(":batch") ||
                      req.path == "/api/v1/reports";
    const std::string length = req.get_header_value("Content-Length");
    const bool digits = !length.empty() && length.size() <= 18 &&
                        length.find_first_not_of("0123456789") == std::string::npos;
    if (bulk || !digits || std::stoull(length) <= max_body) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.set_header("Connection", "close");
    reply(res, {413, "payload_too_large", "", "body over " + std::to_string(max_body) + " bytes"});
    return httplib::Server::HandlerResponse::Handled;
  });
  s.set_keep_alive_max_count(1000);  // the default 5 makes busy clients reconnect constantly
  // A response leaves as headers, then body: with Nagle on, the body waits for the client's
  // delayed ACK of the headers (40 ms per request on a kept-alive connection).
  s.set_tcp_nodelay(true);
  s.set_read_timeout(10, 0);
  s.set_write_timeout(10, 0);
  s.set_idle_interval(0, 100000);
  const unsigned threads = options.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Runs for every status >= 400: keep the body a route already wrote, give httplib's own
  // 404/413/... the same JSON shape.
  s.set_error_handler([&router](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404) {
      // The path exists with other methods: 405 with Allow (RFC 9110 §15.5.6).
      const std::vector<std::string> methods = router.methods_for(req.path);
      if (!methods.empty()) {
        std::string allow;
        for (const std::string& m : methods)
          allow += (allow.empty() ? "" : ", ") + m;
        res.set_header("Allow", allow);
        return reply(res, {405, "method_not_allowed", "", req.method + " is not allowed here"});
      }
    }
    if (res.status == 413) return reply(res, {413, "payload_too_large", "", "body too large"});
    if (res.status == 404) return reply(res, {404, "not_found", "", "no such route"});
    // httplib refuses a POST, PUT or PATCH that declares no body length (curl -X POST without
    // -d sends none) before any route runs.
    const bool has_body_method =
        req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (res.status == 400 && has_body_method && req.get_header_value("Content-Length").empty() &&
        req.get_header_value("Transfer-Encoding").empty()) {
      return reply(res, {400, "bad_request", "Content-Length",
                         "a " + req.method + " needs Content-Length (0 for an empty body)"});
    }
    reply(res, {res.status, "error", "", "request failed"});
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    reply(res, {500, "internal", "", "internal error"});
  });
  router.add("GET", "/healthz", [](const httplib::Request&, httplib::Response& res) {
    reply_json(res, 200, {{"status", "ok"}});
  });
  router.add("GET", "/readyz", [this](const httplib::Request&, httplib::Response& res) {
    if (!impl_->ready()) return reply(res, {503, "not_ready", "", "zones are loading"});
    reply_json(res, 200, {{"status", "ready"}});
  });
  router.add("GET", "/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string{openapi_document()}, "application/json");
  });
  add_metrics_route(router, impl_->ctx.metrics);
  add_vouch_routes(router, impl_->ctx);
  add_vouch_bulk_routes(router, impl_->ctx);
  add_listing_routes(router, impl_->ctx);
  add_token_routes(router, impl_->ctx);
  add_zone_routes(router, impl_->ctx);
  add_report_routes(router, impl_->ctx);
  add_reputation_routes(router, impl_->ctx);
  add_policy_routes(router, impl_->ctx);
  add_repute_routes(router, impl_->ctx);
  add_audit_routes(router, impl_->ctx);
  const int port = options.port == 0
                       ? s.bind_to_any_port(options.host)
                       : (s.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port <= 0) throw std::runtime_error("cannot bind HTTP to " + options.host);
  return static_cast<std::uint16_t>(port);
}

std::vector<std::pair<std::string, std::string>> HttpApi::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  if (!impl_->router) return out;
  for (const RouteInfo& r : impl_->router->routes())
    out.emplace_back(r.method, r.path);
  return out;
}

void HttpApi::start() {
  impl_->thread = std::thread([this] { impl_->server->listen_after_bind(); });
}

void HttpApi::stop() {
  if (!impl_ || !impl_->server) return;
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace vouchd::api
