// The reputation engine (design.md §11): trust-weighted, time-decayed evidence per identity, a
// complaint rate smoothed by a Beta prior with a confidence, listings that need several
// independent reporters, reporter trust learned from agreement with the consensus, and manual
// decisions that always win. Pure: time is a parameter, nothing is read from the clock, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vouchd/dnswire/ip_prefix.h"

namespace vouchd::reputation {

enum class IdentityKind : std::uint8_t { Domain, Ip4, Ip6 };

// What reputation attaches to: an authenticated domain, an IPv4 address, or an IPv6 prefix (a
// /64 for a single address, shorter when learned).
struct Identity {
  IdentityKind kind = IdentityKind::Domain;
  std::string key;  // "sender.example", "192.0.2.25", "2001:db8:1:2::/64"
  friend auto operator<=>(const Identity&, const Identity&) = default;
};

// The identity a source address reports to: IPv4 as is, IPv6 as its /64 (single IPv6 addresses
// are meaningless: senders rotate them inside their prefix). nullopt for text that is no address.
std::optional<Identity> identity_of_address(std::string_view address);
Identity identity_of_domain(std::string_view domain);

enum class EvidenceKind : std::uint8_t {
  Complaint,  // a recipient called it spam (ARF abuse/fraud/virus, an operator's complaint feed)
  TrapHit,    // mail reached a spam trap: weighs as several complaints
  Delivered,  // messages accepted (DMARC aggregate count): the denominator of the rate
  NotSpam,    // a recipient said it is not spam: counts against complaints
};

struct Evidence {
  std::int64_t at = 0;        // unix seconds of the event (the report's own date)
  std::int64_t reporter = 0;  // reporter id (each has its own token)
  EvidenceKind kind = EvidenceKind::Complaint;
  Identity identity;
  std::uint64_t count = 1;
};

struct Policy {
  double half_life_days = 2;        // evidence weight halves every half-life
  double prior_rate = 0.001;        // the Beta prior's mean complaint rate
  double prior_strength = 1000;     // ... and its weight in messages
  double trap_weight = 10;          // a trap hit counts as this many complaints
  double list_rate = 0.005;         // smoothed rate from which an identity is listed
  double confidence_messages = 50;  // confidence = n / (n + this), n = weighted evidence
  double min_confidence = 0.3;
  // Independent reporters needed to list; besides, the rate must reach list_rate without the
  // reporter that weighs most.
  std::size_t min_reporters = 2;
  double new_reporter_trust = 0.3;
  std::size_t ip6_prefix_learn = 3;  // listed /64s inside one /48 that list the whole /48
};

// A decision an operator made; it beats whatever the evidence says.
enum class Manual : std::uint8_t { Allow, List };

struct Score {
  double complaints = 0;      // trust-weighted, decayed
  double delivered = 0;       // trust-weighted, decayed
  double rate = 0;            // smoothed complaint rate
  double confidence = 0;      // 0..1
  std::size_t reporters = 0;  // distinct reporters with complaint evidence still weighing
  bool listed = false;
  std::optional<Manual> manual;
  // Lifetime totals, undecayed and unweighted, for checking a backfill against the reports.
  std::uint64_t total_complaints = 0;  // complaints and trap hits
  std::uint64_t total_delivered = 0;
  std::uint64_t total_not_spam = 0;
  std::size_t total_reporters = 0;  // reporters that ever said anything about it
  std::optional<std::int64_t> first_seen;  // start (unix seconds) of its earliest evidence day
};

// One day of an identity's evidence, summed over reporters: raw counts, neither weighted nor
// decayed.
struct DayCounts {
  std::uint64_t complaints = 0;
  std::uint64_t trap_hits = 0;
  std::uint64_t delivered = 0;
  std::uint64_t not_spam = 0;
};

class Engine {
 public:
  explicit Engine(Policy policy = {}) : policy_{policy} {}

  void add(const Evidence& e);
  void set_manual(const Identity& id, std::optional<Manual> decision);

  Score score(const Identity& id, std::int64_t now) const;
  // The identity's evidence by day (key: start of the day, unix seconds), oldest first.
  std::map<std::int64_t, DayCounts> daily(const Identity& id) const;
  // The score of every identity with evidence (learned prefixes not included).
  std::map<Identity, Score> scores(std::int64_t now) const;
  // Every listed identity at `now`, learned IPv6 prefixes included (manual listings too;
  // manual allows removed).
  std::map<Identity, Score> listed(std::int64_t now) const;

  // Reporter trust from agreement with the consensus at `now`: a reporter whose complaints fall
  // on identities others also complain about (or an operator listed) gains trust, one whose
  // complaints stand alone against senders with good volume loses it. Returns the new trust.
  std::map<std::int64_t, double> learn_trust(std::int64_t now);
  double trust(std::int64_t reporter) const;
  void set_trust(std::int64_t reporter, double trust);
  // An operator's fixed trust for a reporter: learning leaves it alone. nullopt unpins it (it
  // goes back to what was learned, or the new-reporter trust).
  void pin_trust(std::int64_t reporter, std::optional<double> trust);
  bool pinned(std::int64_t reporter) const { return pinned_.contains(reporter); }
  // The trust of every reporter the engine knows (with evidence, learned or fixed).
  std::map<std::int64_t, double> trusts() const;

  const Policy& policy() const { return policy_; }

 private:
  struct Day {  // raw, undecayed, unweighted counts of that day
    double complaints = 0;
    double traps = 0;
    double delivered = 0;
    double not_spam = 0;
  };
  // identity → reporter → day number → counts
  using History = std::map<std::int64_t, std::map<std::int64_t, Day>>;

  Score evaluate(const Identity& id, const History& h, std::int64_t now) const;

  Policy policy_;
  std::map<Identity, History> evidence_;
  std::map<Identity, Score> totals_;  // lifetime totals only
  std::map<Identity, Manual> manual_;
  std::map<std::int64_t, double> trust_;
  std::map<std::int64_t, double> pinned_;
};

}  // namespace vouchd::reputation
