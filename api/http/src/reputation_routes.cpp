// GET /api/v1/reputation/{identity} (design.md §11): the score the reputation engine gives an IP
// address (IPv6 folded into its /64) or a domain at this moment, from every stored piece of
// evidence, with the lifetime totals and a daily history so an operator can check it against the
// reports. Read-only: the engine is rebuilt from the evidence table for each request.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "input.h"
#include "routes.h"
#include "vouchd/reputation/engine.h"

namespace vouchd::api {
namespace {

using nlohmann::json;
namespace rep = vouchd::reputation;

constexpr std::int64_t kDay = 86400;

std::optional<rep::EvidenceKind> kind_of(const std::string& text) {
  if (text == "complaint") return rep::EvidenceKind::Complaint;
  if (text == "trap_hit") return rep::EvidenceKind::TrapHit;
  if (text == "delivered") return rep::EvidenceKind::Delivered;
  if (text == "not_spam") return rep::EvidenceKind::NotSpam;
  return std::nullopt;
}

std::optional<rep::Identity> identity_of(const store::EvidenceRow& e) {
  if (e.identity == "address") return rep::identity_of_address(e.key);
  return rep::identity_of_domain(e.key);
}

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

struct DayTotals {
  std::uint64_t complaints = 0;
  std::uint64_t delivered = 0;
  std::uint64_t not_spam = 0;
};

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
  const auto now = api::now();
  const std::int64_t t = now.time_since_epoch().count();
  rep::Engine engine;
  std::map<std::int64_t, DayTotals> days;  // the identity's own evidence, by day
  std::set<std::int64_t> reporters;
  {
    const std::lock_guard lock{ctx.mutex};
    const auto read =
        ctx.store.for_each_evidence([&](std::int64_t reporter, const store::EvidenceRow& e) {
          const auto kind = kind_of(e.kind);
          const auto id = identity_of(e);
          if (!kind || !id) return;
          engine.add({e.at, reporter, *kind, *id, e.count});
          if (*id != *wanted) return;
          reporters.insert(reporter);
          DayTotals& d = days[e.at / kDay];
          if (*kind == rep::EvidenceKind::Delivered) {
            d.delivered += e.count;
          } else if (*kind == rep::EvidenceKind::NotSpam) {
            d.not_spam += e.count;
          } else {
            d.complaints += e.count;
          }
        });
    if (!read) return reply(res, from_store(read.error(), ""));
  }
  if (days.empty()) {
    return reply(res, {404, "not_found", "identity", "no evidence about this identity"});
  }
  engine.learn_trust(t);
  const rep::Score s = engine.score(*wanted, t);
  json daily = json::array();
  for (const auto& [day, d] : days) {
    daily.push_back({{"day", day * kDay},
                     {"complaints", d.complaints},
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
                {"reporters", reporters.size()}}},
              {"daily", daily}});
}

}  // namespace

void add_reputation_routes(Router& router, Context& ctx) {
  router.add(
      "GET", "/api/v1/reputation/{identity}",
      [&ctx](const httplib::Request& q, httplib::Response& r) { get_reputation(ctx, q, r); });
}

}  // namespace vouchd::api
