// REPUTE over HTTP (RFC 7072 §3, RFC 7073): GET /.well-known/repute-template names the URI
// template of the queries; GET /repute/email-id/{subject}/{assertion} answers reputons
// (application/reputon+json, RFC 7071) about a domain or an IP address. Public, like a DNSxL:
// mail receivers query it without a token.
#include "input.h"
#include "reputation_view.h"
#include "repute.h"
#include "routes.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

// The client's Host header checked as a URI authority; 400 naming "Host" if unusable.
std::optional<std::string> authority_of(const httplib::Request& req, httplib::Response& res) {
  auto authority = repute::checked_authority(req.get_header_value("Host"));
  if (!authority) {
    reply(res, {400, "invalid_field", "Host", "a Host header with a host name or address"});
  }
  return authority;
}

void cache_for(httplib::Response& res, std::int64_t now, std::int64_t ttl) {
  res.set_header("Cache-Control", "max-age=" + std::to_string(ttl));
  res.set_header("Expires", repute::http_date(now + ttl));
}

void get_template(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto authority = authority_of(req, res);
  if (!authority) return;
  // RFC 7072 §3: text/plain, with an expiry (a client caches a template without one for a day).
  cache_for(res, api::now().time_since_epoch().count(), repute::kTemplateTtl);
  res.status = 200;
  res.set_content(repute::query_template(ctx.tls, *authority), "text/plain");
}

// `assertion` empty: every assertion the server rates (RFC 7072 §3: an absent assertion).
void get_reputons(Context& ctx, const httplib::Request& req, httplib::Response& res,
                  const std::string& assertion) {
  const std::string application = req.matches[1];
  const std::string subject = req.matches[2];
  if (application != repute::kApplication) {  // RFC 7072 §3: MUST be 404
    return reply(res, {404, "not_found", "application",
                       "no such REPUTE application; this server answers email-id"});
  }
  if (!assertion.empty() && !repute::is_email_id_assertion(assertion)) {
    return reply(res, {400, "invalid_field", "assertion",
                       "abusive, fraud, invalid-recipients, malware or spam (RFC 7073)"});
  }
  const std::string wanted_type = req.get_param_value("identity");  // RFC 7073 §3.2
  if (req.has_param("identity") && !repute::is_email_id_identity(wanted_type)) {
    return reply(res, {400, "invalid_field", "identity",
                       "an RFC 7073 identity: dkim, ipv4, ipv6, rfc5321.helo, rfc5321.mailfrom, "
                       "rfc5322.from or spf"});
  }
  ApiError error;
  const auto id = parse_identity(subject, "subject", error);
  if (!id) return reply(res, error);
  std::string rater = ctx.repute_rater;
  if (rater.empty()) {
    const auto authority = authority_of(req, res);
    if (!authority) return;
    rater = repute::host_of(*authority);
  }
  const std::int64_t now = reputation_now(ctx);
  json reputons = json::array();
  // Only "spam" is measured: for other assertions the reputons array stays empty, which RFC 7071
  // allows and clients read as "no data".
  const bool spam = assertion.empty() || assertion == repute::kAssertion;
  const bool type = wanted_type.empty() || wanted_type == repute::identity_type(*id);
  if (spam && type) {
    if (const auto report = report_of(ctx, *id, now)) {
      reputons.push_back(repute::spam_reputon(*report, subject, {rater, now}));
    }
  }
  cache_for(res, now, repute::kReputonTtl);
  res.status = 200;
  res.set_content(json{{"application", repute::kApplication}, {"reputons", reputons}}.dump(),
                  std::string{repute::kMediaType});
}

}  // namespace

void add_repute_routes(Router& router, Context& ctx) {
  router.add("GET", "/.well-known/repute-template",
             [&ctx](const httplib::Request& q, httplib::Response& r) { get_template(ctx, q, r); });
  // {subject} takes slashes too, so that a prefix ("192.0.2.0/24", its '/' sent as %2F) gets a
  // 400 naming the subject rather than a 404 for the route. Order matters: the first match wins.
  router.add("GET", "/repute/{application}/{subject}/{assertion}",
             [&ctx](const httplib::Request& q, httplib::Response& r) {
               get_reputons(ctx, q, r, q.matches[3]);
             },
             {"subject"});
  // The template with no assertion given expands to ".../{subject}/".
  for (const char* path : {"/repute/{application}/{subject}/", "/repute/{application}/{subject}"}) {
    router.add(
        "GET", path,
        [&ctx](const httplib::Request& q, httplib::Response& r) { get_reputons(ctx, q, r, ""); },
        {"subject"});
  }
}

}  // namespace vouchd::api
