// The reputation service (see scoring.h).
#include "vouchd/scoring/scoring.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "vouchd/scoring/zone_policy.h"

namespace vouchd::scoring {
namespace {

namespace rep = vouchd::reputation;

std::optional<rep::EvidenceKind> kind_of(std::string_view text) {
  if (text == "complaint") return rep::EvidenceKind::Complaint;
  if (text == "trap_hit") return rep::EvidenceKind::TrapHit;
  if (text == "delivered") return rep::EvidenceKind::Delivered;
  if (text == "not_spam") return rep::EvidenceKind::NotSpam;
  return std::nullopt;
}

// The identity a manual listing or allow entry decides about: an IPv4 /32, an IPv6 prefix (a /64
// or a shorter range), or a domain.
std::optional<rep::Identity> identity_of_key(const store::ListingKey& key) {
  if (const auto* domain = std::get_if<std::string>(&key)) return rep::identity_of_domain(*domain);
  const auto& p = std::get<dnswire::IpPrefix>(key);
  if (p.family == dnswire::IpFamily::V4) {
    if (p.length != 32) return std::nullopt;
    return rep::Identity{rep::IdentityKind::Ip4, p.to_text()};
  }
  if (p.length > 64) return std::nullopt;
  return rep::Identity{rep::IdentityKind::Ip6, p.to_text()};
}

const store::Actor kActor{"reputation", std::nullopt};

}  // namespace

std::optional<rep::Evidence> engine_evidence(std::int64_t reporter, const store::EvidenceRow& row) {
  const auto kind = kind_of(row.kind);
  if (!kind) return std::nullopt;
  const auto id = row.identity == "address" ? rep::identity_of_address(row.key)
                                            : std::optional{rep::identity_of_domain(row.key)};
  if (!id) return std::nullopt;
  return rep::Evidence{row.at, reporter, *kind, *id, row.count};
}

struct Scoring::Target {
  store::Zone zone;
  ZonePolicy policy;
  std::vector<store::ListingRecord> decisions;
};

Scoring::Scoring(store::Store& store, std::mutex& store_mutex, Publish publish, rep::Policy policy)
    : store_{store}, store_mutex_{store_mutex}, publish_{std::move(publish)}, engine_{policy} {}

store::Expected<void, store::StoreError> Scoring::load() {
  rep::Engine engine{engine_.policy()};
  {
    const std::lock_guard lock{store_mutex_};
    const auto read =
        store_.for_each_evidence([&](std::int64_t reporter, const store::EvidenceRow& row) {
          if (const auto e = engine_evidence(reporter, row)) engine.add(*e);
        });
    if (!read) return tl::unexpected{read.error()};
    const auto tokens = store_.list_tokens();
    if (!tokens) return tl::unexpected{tokens.error()};
    for (const store::Token& t : *tokens) {
      if (t.trust) engine.pin_trust(t.id, t.trust);
    }
  }
  const std::lock_guard lock{engine_mutex_};
  engine_ = std::move(engine);
  decided_.clear();
  dirty_ = true;
  return {};
}

void Scoring::add(std::int64_t reporter, const std::vector<store::EvidenceRow>& rows) {
  const std::lock_guard lock{engine_mutex_};
  for (const store::EvidenceRow& row : rows) {
    if (const auto e = engine_evidence(reporter, row)) engine_.add(*e);
  }
  if (!rows.empty()) dirty_ = true;
}

void Scoring::pin_trust(std::int64_t reporter, std::optional<double> trust) {
  const std::lock_guard lock{engine_mutex_};
  engine_.pin_trust(reporter, trust);
  dirty_ = true;
}

std::optional<Scoring::View> Scoring::view(const rep::Identity& id, std::int64_t now) const {
  const std::lock_guard lock{engine_mutex_};
  View v{engine_.score(id, now), engine_.daily(id)};
  if (v.daily.empty() && !v.score.manual) return std::nullopt;
  return v;
}

std::map<std::int64_t, double> Scoring::trust() const {
  const std::lock_guard lock{engine_mutex_};
  return engine_.trusts();
}

bool Scoring::dirty() const {
  const std::lock_guard lock{engine_mutex_};
  return dirty_;
}

std::vector<Scoring::Target> Scoring::targets(SweepReport& report) {
  std::vector<Target> out;
  const std::lock_guard lock{store_mutex_};
  const auto policies = store_.zone_policies();
  if (!policies) {
    report.errors.push_back("zone policies: " + policies.error().message);
    return out;
  }
  for (const auto& [zone_id, json] : *policies) {
    auto zone = store_.zone_by_id(zone_id);
    if (!zone) continue;  // deleted meanwhile
    auto policy = parse_zone_policy(json, zone->kind);
    if (!policy) {
      report.errors.push_back(zone->apex.to_text() + ": stored policy no longer valid at " +
                              policy.error().field + ": " + policy.error().message);
      continue;
    }
    auto decisions = store_.manual_listings(zone_id);
    if (!decisions) {
      report.errors.push_back(zone->apex.to_text() + ": " + decisions.error().message);
      continue;
    }
    out.push_back({std::move(*zone), std::move(*policy), std::move(*decisions)});
  }
  return out;
}

// The operator's manual listings and allow entries in policy zones become the engine's manual
// decisions (they win, and reporters are judged against them); decisions withdrawn since the
// last sweep are released. Called with engine_mutex_ held.
void Scoring::learn_decisions(const std::vector<Target>& zones) {
  std::map<rep::Identity, rep::Manual> now;
  for (const Target& t : zones) {
    for (const store::ListingRecord& r : t.decisions) {
      const auto id = identity_of_key(r.key);
      if (!id) continue;
      const rep::Manual m =
          r.policy == store::ListingPolicy::Allow ? rep::Manual::Allow : rep::Manual::List;
      // An allow anywhere beats a listing elsewhere: the operator vouched for the sender.
      const auto [it, fresh] = now.emplace(*id, m);
      if (!fresh && m == rep::Manual::Allow) it->second = m;
    }
  }
  for (const rep::Identity& id : decided_) {
    if (!now.contains(id)) engine_.set_manual(id, std::nullopt);
  }
  decided_.clear();
  for (const auto& [id, m] : now) {
    engine_.set_manual(id, m);
    decided_.insert(id);
  }
}

SweepReport Scoring::sweep(std::int64_t now) {
  const std::lock_guard one_at_a_time{sweep_mutex_};
  SweepReport report;
  report.at = now;
  const std::vector<Target> zones = targets(report);
  report.zones = zones.size();
  std::map<rep::Identity, rep::Score> listed;
  std::map<rep::Identity, rep::Score> all;
  {
    const std::lock_guard lock{engine_mutex_};
    dirty_ = false;
    learn_decisions(zones);
    engine_.learn_trust(now);
    listed = engine_.listed(now);
    const bool any_cos = std::any_of(zones.begin(), zones.end(),
                                     [](const Target& t) { return !t.policy.classes.empty(); });
    if (any_cos) all = engine_.scores(now);
  }
  report.listed = listed.size();
  const auto wall =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  for (const Target& t : zones) {
    std::vector<store::ComputedListing> wanted;
    const auto want = [&](const rep::Identity& id, std::optional<store::Answer> answer) {
      if (!answer || !zone_serves(t.zone.kind, id.kind)) return;
      if (auto key = key_of(id)) wanted.push_back({std::move(*key), std::move(*answer)});
    };
    for (const auto& [id, score] : listed)
      want(id, listing_answer(t.policy, id, score, t.zone.default_ttl));
    if (!t.policy.classes.empty()) {
      for (const auto& [id, score] : all)
        want(id, class_answer(t.policy, id, score, now, t.zone.default_ttl));
    }
    const std::lock_guard lock{store_mutex_};
    // The policy (or the zone) may have gone since targets() read it: a zone without a policy
    // keeps no computed listings, and the route that removed the policy withdrew them.
    const auto policy = store_.zone_policy(t.zone.id);
    if (!policy || !*policy) continue;
    const auto sync = store_.sync_computed(t.zone.id, wanted, kActor, wall);
    if (!sync) {
      report.errors.push_back(t.zone.apex.to_text() + ": " + sync.error().message);
      continue;
    }
    report.added += sync->added;
    report.changed += sync->changed;
    report.removed += sync->removed;
    report.withheld += sync->withheld;
    if (sync->committed) publish_(t.zone, *sync->committed);
  }
  return report;
}

}  // namespace vouchd::scoring
