// GET /api/v1/reputation/{identity} (design.md §11): the score the reputation engine gives an IP
// address (IPv6 folded into its /64) or a domain at this moment, with the lifetime totals and a
// daily history so an operator can check it against the reports. Read-only.
#include <nlohmann/json.hpp>

#include "input.h"
#include "reputation_view.h"
#include "routes.h"

namespace vouchd::api {
namespace {

using nlohmann::json;
namespace rep = vouchd::reputation;

std::string_view kind_text(rep::IdentityKind kind) {
  switch (kind) {
    case rep::IdentityKind::Domain:
      return "domain";
    case rep::IdentityKind::Ip4:
      return "ipv4";
    case rep::IdentityKind::Ip6:
      return "ipv6-prefix";
  }
  return "domain";
}

json report_json(const IdentityReport& r, std::int64_t at) {
  json daily = json::array();
  for (const DayTotals& d : r.daily) {
    daily.push_back({{"day", d.day},
                     {"complaints", d.complaints},
                     {"delivered", d.delivered},
                     {"not_spam", d.not_spam}});
  }
  const rep::Score& s = r.score;
  return {{"identity", {{"kind", kind_text(r.identity.kind)}, {"key", r.identity.key}}},
          {"at", at},
          {"score",
           {{"rate", s.rate},
            {"confidence", s.confidence},
            {"complaints", s.complaints},
            {"delivered", s.delivered},
            {"reporters", s.reporters},
            {"listed", s.listed}}},
          {"totals",
           {{"complaints", r.complaints},
            {"delivered", r.delivered},
            {"not_spam", r.not_spam},
            {"reporters", r.reporters}}},
          {"daily", daily}};
}

void get_reputation(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  ApiError error;
  const auto id = parse_identity(req.matches[1].str(), "identity", error);
  if (!id) return reply(res, error);
  const std::int64_t now = reputation_now(ctx);
  const auto report = report_of(ctx, *id, now);
  if (!report) {
    return reply(res, {404, "not_found", "identity", "no evidence about this identity"});
  }
  reply_json(res, 200, report_json(*report, now));
}

}  // namespace

void add_reputation_routes(Router& router, Context& ctx) {
  router.add(
      "GET", "/api/v1/reputation/{identity}",
      [&ctx](const httplib::Request& q, httplib::Response& r) { get_reputation(ctx, q, r); });
}

}  // namespace vouchd::api
