// The reputation engine (see engine.h).
#include "vouchd/reputation/engine.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace vouchd::reputation {
namespace {

constexpr std::int64_t kDay = 86400;
// A reporter still counts as independent evidence while its decayed complaints weigh this much.
constexpr double kReporterFloor = 0.5;
// Weight of the trust prior, in complaints: how much agreement it takes to move a new reporter.
constexpr double kTrustPriorWeight = 10;
constexpr double kMinTrust = 0.01;
// A reporter's complaints about a clean sender count against it past this many times the
// average of the other reporters'.
constexpr double kOutlierFactor = 3;

std::int64_t day_of(std::int64_t t) {
  return t >= 0 ? t / kDay : (t - kDay + 1) / kDay;
}

// The /48 holding an IPv6 /64 identity.
std::optional<Identity> enclosing_48(const Identity& id) {
  auto p = dnswire::IpPrefix::parse(id.key);
  if (!p || p->family != dnswire::IpFamily::V6 || p->length < 48) return std::nullopt;
  for (std::size_t i = 6; i < 16; ++i)
    p->addr[i] = 0;
  p->length = 48;
  return Identity{IdentityKind::Ip6, p->to_text()};
}

}  // namespace

std::optional<Identity> identity_of_address(std::string_view address) {
  if (address.find('/') != std::string_view::npos) return std::nullopt;
  auto p = dnswire::IpPrefix::parse(address);
  if (!p) return std::nullopt;
  if (p->family == dnswire::IpFamily::V4) return Identity{IdentityKind::Ip4, p->to_text()};
  for (std::size_t i = 8; i < 16; ++i)
    p->addr[i] = 0;
  p->length = 64;
  return Identity{IdentityKind::Ip6, p->to_text()};
}

Identity identity_of_domain(std::string_view domain) {
  std::string key;
  for (const char c : domain)
    key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (!key.empty() && key.back() == '.') key.pop_back();
  return {IdentityKind::Domain, key};
}

void Engine::add(const Evidence& e) {
  Day& d = evidence_[e.identity][e.reporter][day_of(e.at)];
  Score& total = totals_[e.identity];
  const auto n = static_cast<double>(e.count);
  switch (e.kind) {
    case EvidenceKind::Complaint:
      d.complaints += n;
      total.total_complaints += e.count;
      break;
    case EvidenceKind::TrapHit:
      d.traps += n;
      total.total_complaints += e.count;
      break;
    case EvidenceKind::Delivered:
      d.delivered += n;
      total.total_delivered += e.count;
      break;
    case EvidenceKind::NotSpam:
      d.not_spam += n;
      total.total_not_spam += e.count;
      break;
  }
}

std::map<std::int64_t, DayCounts> Engine::daily(const Identity& id) const {
  std::map<std::int64_t, DayCounts> out;
  const auto it = evidence_.find(id);
  if (it == evidence_.end()) return out;
  const auto count = [](double n) { return static_cast<std::uint64_t>(std::llround(n)); };
  for (const auto& [reporter, days] : it->second) {
    for (const auto& [day, d] : days) {
      DayCounts& c = out[day * kDay];
      c.complaints += count(d.complaints);
      c.trap_hits += count(d.traps);
      c.delivered += count(d.delivered);
      c.not_spam += count(d.not_spam);
    }
  }
  return out;
}

std::map<Identity, Score> Engine::scores(std::int64_t now) const {
  std::map<Identity, Score> out;
  for (const auto& [id, history] : evidence_)
    out.emplace_hint(out.end(), id, evaluate(id, history, now));
  return out;
}

void Engine::set_manual(const Identity& id, std::optional<Manual> decision) {
  if (decision) {
    manual_[id] = *decision;
  } else {
    manual_.erase(id);
  }
}

double Engine::trust(std::int64_t reporter) const {
  if (const auto pin = pinned_.find(reporter); pin != pinned_.end()) return pin->second;
  const auto it = trust_.find(reporter);
  return it == trust_.end() ? policy_.new_reporter_trust : it->second;
}

void Engine::set_trust(std::int64_t reporter, double trust) {
  trust_[reporter] = std::clamp(trust, kMinTrust, 1.0);
}

std::map<std::int64_t, double> Engine::trusts() const {
  std::map<std::int64_t, double> out;
  for (const auto& [id, history] : evidence_) {
    for (const auto& [reporter, days] : history)
      out.emplace(reporter, 0.0);
  }
  for (const auto& [reporter, t] : trust_)
    out.emplace(reporter, 0.0);
  for (const auto& [reporter, t] : pinned_)
    out.emplace(reporter, 0.0);
  for (auto& [reporter, t] : out)
    t = trust(reporter);
  return out;
}

void Engine::pin_trust(std::int64_t reporter, std::optional<double> trust) {
  if (trust) {
    pinned_[reporter] = std::clamp(*trust, 0.0, 1.0);
  } else {
    pinned_.erase(reporter);
  }
}

Score Engine::evaluate(const Identity& id, const History& h, std::int64_t now) const {
  Score s;
  const auto totals = totals_.find(id);
  if (totals != totals_.end()) {
    s.total_complaints = totals->second.total_complaints;
    s.total_delivered = totals->second.total_delivered;
    s.total_not_spam = totals->second.total_not_spam;
  }
  s.total_reporters = h.size();
  const std::int64_t today = day_of(now);
  double top_reporter = 0;  // the largest one reporter's weighted complaints
  for (const auto& [reporter, days] : h) {
    const double t = trust(reporter);
    double reporter_complaints = 0;
    // The earliest day at or before `now` (evidence dated later does not exist yet).
    if (!days.empty() && days.begin()->first <= today) {
      const std::int64_t first = days.begin()->first * kDay;
      s.first_seen = s.first_seen ? std::min(*s.first_seen, first) : first;
    }
    for (const auto& [day, counts] : days) {
      if (day > today) continue;  // evidence from after `now` does not exist yet
      const double age = static_cast<double>(now - (day * kDay + kDay / 2)) / kDay;
      const double w = std::exp2(-std::max(age, 0.0) / policy_.half_life_days);
      const double raw = counts.complaints + policy_.trap_weight * counts.traps;
      const double net = std::max(raw - counts.not_spam, 0.0);
      reporter_complaints += w * net;
      s.complaints += t * w * net;
      s.delivered += t * w * counts.delivered;
    }
    if (reporter_complaints >= kReporterFloor) ++s.reporters;
    top_reporter = std::max(top_reporter, t * reporter_complaints);
  }
  const double alpha = policy_.prior_rate * policy_.prior_strength;
  s.rate = (s.complaints + alpha) / (std::max(s.delivered, s.complaints) + policy_.prior_strength);
  const double n = s.complaints + s.delivered;
  s.confidence = n / (n + policy_.confidence_messages);
  // Independence: the rate must pass the threshold even without the one reporter that weighs
  // most, so no single reporter (hostile or mistaken) can list anyone by itself.
  const double without_top = s.complaints - top_reporter;
  const double rate_without_top =
      (without_top + alpha) / (std::max(s.delivered, without_top) + policy_.prior_strength);
  s.listed = s.rate >= policy_.list_rate && rate_without_top >= policy_.list_rate &&
             s.confidence >= policy_.min_confidence && s.reporters >= policy_.min_reporters;
  const auto m = manual_.find(id);
  if (m != manual_.end()) {
    s.manual = m->second;
    s.listed = m->second == Manual::List;
  }
  return s;
}

Score Engine::score(const Identity& id, std::int64_t now) const {
  const auto it = evidence_.find(id);
  static const History kNone;
  return evaluate(id, it == evidence_.end() ? kNone : it->second, now);
}

std::map<Identity, Score> Engine::listed(std::int64_t now) const {
  std::map<Identity, Score> out;
  std::map<Identity, std::vector<Score>> by_48;
  for (const auto& [id, history] : evidence_) {
    const Score s = evaluate(id, history, now);
    if (!s.listed) continue;
    out.emplace(id, s);
    if (id.kind == IdentityKind::Ip6) {
      if (const auto wide = enclosing_48(id)) by_48[*wide].push_back(s);
    }
  }
  // Learned ranges: enough listed /64s inside one /48 list the /48 (rotation inside a prefix).
  for (const auto& [wide, scores] : by_48) {
    if (scores.size() < policy_.ip6_prefix_learn || out.contains(wide)) continue;
    Score s;
    for (const Score& part : scores) {
      s.complaints += part.complaints;
      s.delivered += part.delivered;
      s.reporters = std::max(s.reporters, part.reporters);
      s.confidence = std::max(s.confidence, part.confidence);
      s.total_complaints += part.total_complaints;
      s.total_delivered += part.total_delivered;
    }
    s.rate = (s.complaints + policy_.prior_rate * policy_.prior_strength) /
             (std::max(s.delivered, s.complaints) + policy_.prior_strength);
    s.listed = true;
    out.emplace(wide, s);
  }
  for (const auto& [id, decision] : manual_) {
    if (decision == Manual::Allow) {
      out.erase(id);
    } else if (!out.contains(id)) {
      out.emplace(id, score(id, now));
    }
  }
  // An allowed /48 also keeps its /64s unlisted.
  for (const auto& [id, decision] : manual_) {
    if (decision != Manual::Allow || id.kind != IdentityKind::Ip6) continue;
    const auto allowed = dnswire::IpPrefix::parse(id.key);
    std::erase_if(out, [&](const auto& entry) {
      if (entry.first.kind != IdentityKind::Ip6 || manual_.contains(entry.first)) return false;
      const auto p = dnswire::IpPrefix::parse(entry.first.key);
      return allowed && p && allowed->contains(*p);
    });
  }
  return out;
}

std::map<std::int64_t, double> Engine::learn_trust(std::int64_t now) {
  std::map<std::int64_t, double> agree;
  std::map<std::int64_t, double> disagree;
  const std::int64_t today = day_of(now);
  for (const auto& [id, history] : evidence_) {
    const Score s = evaluate(id, history, now);
    // Clean: an identity with good delivered volume, a rate at most twice the prior, and no
    // manual listing. Real users complain about clean senders too, at about the same rate
    // everywhere; only complaints far above the other reporters' count against a reporter.
    const bool clean =
        !s.listed && s.confidence >= policy_.min_confidence && s.rate <= 2 * policy_.prior_rate;
    std::map<std::int64_t, double> weights;
    double sum = 0;
    for (const auto& [reporter, days] : history) {
      double weight = 0;
      for (const auto& [day, counts] : days) {
        if (day > today) continue;
        const double age = static_cast<double>(now - (day * kDay + kDay / 2)) / kDay;
        weight += std::exp2(-std::max(age, 0.0) / policy_.half_life_days) *
                  (counts.complaints + policy_.trap_weight * counts.traps);
      }
      if (weight <= 0) continue;
      weights[reporter] = weight;
      sum += weight;
    }
    for (const auto& [reporter, weight] : weights) {
      if (s.listed) {
        agree[reporter] += weight;
      } else if (clean) {
        const double others =
            weights.size() > 1 ? (sum - weight) / static_cast<double>(weights.size() - 1) : 0.0;
        disagree[reporter] += std::max(0.0, weight - kOutlierFactor * others - 1);
      }
    }
  }
  std::map<std::int64_t, double> out;
  std::set<std::int64_t> reporters;
  for (const auto& [r, w] : agree)
    reporters.insert(r);
  for (const auto& [r, w] : disagree)
    reporters.insert(r);
  const double a = policy_.new_reporter_trust * kTrustPriorWeight;
  const double b = (1 - policy_.new_reporter_trust) * kTrustPriorWeight;
  for (const std::int64_t r : reporters) {
    // Without evidence still weighing (e.g. after a quiet month), trust stays as learned.
    if (!pinned(r) && agree[r] + disagree[r] >= 1)
      set_trust(r, (agree[r] + a) / (agree[r] + disagree[r] + a + b));
    out[r] = trust(r);
  }
  return out;
}

}  // namespace vouchd::reputation
