// GET /api/v1/reputation/{identity} (design.md §11): the score the reputation engine gives an IP
// address (IPv6 folded into its /64) or a domain at the reputation clock's now, with the lifetime
// totals and a daily history so an operator can check it against the reports.
#include <nlohmann/json.hpp>

#include "input.h"
#include "routes.h"
#include "vouchd/reputation/engine.h"

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

void get_reputation(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  const std::string text = req.matches[1];
  std::optional<rep::Identity> wanted = rep::identity_of_address(text);
  if (!wanted) {
    ApiError error;
    const auto domain = check_domain(text, "identity", error);
    if (!domain) {
      error.message = "an IPv4 or IPv6 address or a domain name";
      return reply(res, error);
    }
    wanted = rep::identity_of_domain(*domain);
  }
  if (ctx.reputation.scoring == nullptr || ctx.reputation.clock == nullptr) {
    return reply(res, {503, "unavailable", "", "the reputation service is not running"});
  }
  const std::int64_t t = ctx.reputation.clock->now();
  const auto view = ctx.reputation.scoring->view(*wanted, t);
  if (!view) return reply(res, {404, "not_found", "identity", "no evidence about this identity"});
  const rep::Score& s = view->score;
  json daily = json::array();
  for (const auto& [day, d] : view->daily) {
    daily.push_back({{"day", day},
                     {"complaints", d.complaints + d.trap_hits},
                     {"trap_hits", d.trap_hits},
                     {"delivered", d.delivered},
                     {"not_spam", d.not_spam}});
  }
  reply_json(res, 200,
             {{"identity", {{"kind", kind_text(wanted->kind)}, {"key", wanted->key}}},
              {"at", t},
              {"score",
               {{"rate", s.rate},
                {"confidence", s.confidence},
                {"complaints", s.complaints},
                {"delivered", s.delivered},
                {"reporters", s.reporters},
                {"listed", s.listed}}},
              {"totals",
               {{"complaints", s.total_complaints},
                {"delivered", s.total_delivered},
                {"not_spam", s.total_not_spam},
                {"reporters", s.total_reporters}}},
              {"daily", daily}});
}

}  // namespace

void add_reputation_routes(Router& router, Context& ctx) {
  router.add(
      "GET", "/api/v1/reputation/{identity}",
      [&ctx](const httplib::Request& q, httplib::Response& r) { get_reputation(ctx, q, r); });
}

}  // namespace vouchd::api
