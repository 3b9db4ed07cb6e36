// The reputation engine's rules one at a time: decay, the prior, independent reporters, manual
// decisions, learned IPv6 ranges and learned reporter trust.
#include "vouchd/reputation/engine.h"

#include <gtest/gtest.h>

namespace vouchd::reputation {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kT0 = 1717200000;  // 2024-06-01

Identity domain(const std::string& d) {
  return identity_of_domain(d);
}

void complain(Engine& e, std::int64_t reporter, const Identity& id, std::uint64_t n,
              std::int64_t at = kT0) {
  e.add({at, reporter, EvidenceKind::Complaint, id, n});
}

TEST(Identity, AddressesMapToIp4OrIp6Slash64) {
  EXPECT_EQ(identity_of_address("192.0.2.25")->key, "192.0.2.25");
  EXPECT_EQ(identity_of_address("192.0.2.25")->kind, IdentityKind::Ip4);
  EXPECT_EQ(identity_of_address("2001:db8:1:2:aaaa::1")->key, "2001:db8:1:2::/64");
  EXPECT_FALSE(identity_of_address("192.0.2.0/24"));
  EXPECT_FALSE(identity_of_address("nonsense"));
  EXPECT_EQ(identity_of_domain("Sender.Example.").key, "sender.example");
}

TEST(Engine, OneReporterAloneNeverLists) {
  Engine e;
  complain(e, 1, domain("target.example"), 10000);
  const Score s = e.score(domain("target.example"), kT0 + 3600);
  EXPECT_GT(s.rate, e.policy().list_rate);
  EXPECT_EQ(s.reporters, 1U);
  EXPECT_FALSE(s.listed);
  complain(e, 2, domain("target.example"), 100);
  EXPECT_TRUE(e.score(domain("target.example"), kT0 + 3600).listed);
}

TEST(Engine, VolumeIsTheDenominator) {
  Engine e;
  const Identity big = domain("big.example");
  complain(e, 1, big, 50);
  complain(e, 2, big, 50);
  e.add({kT0, 9, EvidenceKind::Delivered, big, 1000000});
  const Score s = e.score(big, kT0 + 3600);
  EXPECT_LT(s.rate, e.policy().list_rate) << "100 complaints in a million is a good sender";
  EXPECT_FALSE(s.listed);
  EXPECT_EQ(s.total_delivered, 1000000U);
  EXPECT_EQ(s.total_complaints, 100U);
}

TEST(Engine, EvidenceDecaysAndThinEvidenceIsNotTrusted) {
  Engine e;
  const Identity id = domain("spam.example");
  complain(e, 1, id, 200);
  complain(e, 2, id, 200);
  EXPECT_TRUE(e.score(id, kT0).listed);
  const Score later = e.score(id, kT0 + 40 * kDay);
  EXPECT_FALSE(later.listed) << "20 half-lives later the evidence weighs nothing";
  EXPECT_EQ(later.total_complaints, 400U) << "lifetime totals never decay";
  EXPECT_FALSE(e.score(id, kT0 - kDay).listed) << "evidence from the future does not count";
  Engine thin;
  complain(thin, 1, id, 1);
  complain(thin, 2, id, 1);
  EXPECT_FALSE(thin.score(id, kT0).listed) << "two complaints are too little to judge";
}

TEST(Engine, ManualDecisionsWin) {
  Engine e;
  const Identity spam = domain("spam.example");
  complain(e, 1, spam, 500);
  complain(e, 2, spam, 500);
  e.set_manual(spam, Manual::Allow);
  EXPECT_FALSE(e.score(spam, kT0).listed);
  EXPECT_FALSE(e.listed(kT0).contains(spam));
  const Identity quiet = domain("quiet.example");
  e.set_manual(quiet, Manual::List);
  EXPECT_TRUE(e.listed(kT0).contains(quiet));
  e.set_manual(spam, std::nullopt);
  EXPECT_TRUE(e.listed(kT0).contains(spam));
}

TEST(Engine, RotationInsideAPrefixListsTheSlash48) {
  Engine e;
  for (int i = 0; i < 3; ++i) {
    const auto id = identity_of_address("2001:db8:77:" + std::to_string(i + 1) + "::9");
    complain(e, 1, *id, 300);
    complain(e, 2, *id, 300);
  }
  const auto listed = e.listed(kT0);
  EXPECT_TRUE(listed.contains(Identity{IdentityKind::Ip6, "2001:db8:77::/48"}));
  EXPECT_TRUE(listed.contains(Identity{IdentityKind::Ip6, "2001:db8:77:1::/64"}));
  e.set_manual(Identity{IdentityKind::Ip6, "2001:db8:77::/48"}, Manual::Allow);
  EXPECT_TRUE(e.listed(kT0).empty()) << "an allowed /48 keeps its /64s unlisted";
}

TEST(Engine, TrustIsLearned) {
  Engine e;
  EXPECT_DOUBLE_EQ(e.trust(7), e.policy().new_reporter_trust);
  // Reporters 1 and 2 agree on a spammer; reporter 3 complains alone about a busy good sender.
  complain(e, 1, domain("spam.example"), 300);
  complain(e, 2, domain("spam.example"), 300);
  e.add({kT0, 9, EvidenceKind::Delivered, domain("good.example"), 2000000});
  complain(e, 3, domain("good.example"), 300);
  const auto trust = e.learn_trust(kT0 + 3600);
  EXPECT_GT(trust.at(1), 0.9);
  EXPECT_GT(trust.at(2), 0.9);
  EXPECT_LT(trust.at(3), 0.05);
}

TEST(Engine, PinnedTrustIsLeftAloneByLearning) {
  Engine e;
  complain(e, 1, domain("spam.example"), 300);
  complain(e, 2, domain("spam.example"), 300);
  e.add({kT0, 9, EvidenceKind::Delivered, domain("good.example"), 2000000});
  complain(e, 3, domain("good.example"), 300);
  const double learned = e.learn_trust(kT0 + 3600).at(3);
  ASSERT_LT(learned, 0.05);
  e.pin_trust(3, 0.8);
  e.pin_trust(2, 0.4);
  EXPECT_TRUE(e.pinned(3));
  EXPECT_FALSE(e.pinned(1));
  const auto trust = e.learn_trust(kT0 + 7200);
  EXPECT_DOUBLE_EQ(trust.at(3), 0.8) << "learning leaves a fixed trust alone";
  EXPECT_DOUBLE_EQ(trust.at(2), 0.4) << "even when the reporter agreed with the consensus";
  EXPECT_GT(trust.at(1), 0.9);
  EXPECT_DOUBLE_EQ(e.trusts().at(3), 0.8);
  // The fixed trust weighs the reporter's evidence.
  EXPECT_NEAR(e.score(domain("good.example"), kT0 + 3600).complaints, 0.8 * 300, 1e-9);
  e.pin_trust(3, std::nullopt);
  EXPECT_FALSE(e.pinned(3));
  EXPECT_DOUBLE_EQ(e.trust(3), learned) << "unpinned: back to what was learned";
  e.pin_trust(2, std::nullopt);
  EXPECT_GT(e.trust(2), 0.9);
  e.pin_trust(7, 1.5);
  EXPECT_DOUBLE_EQ(e.trust(7), 1.0);
  e.pin_trust(7, -1);
  EXPECT_DOUBLE_EQ(e.trust(7), 0.0);
  e.pin_trust(8, std::nullopt);
  EXPECT_DOUBLE_EQ(e.trust(8), e.policy().new_reporter_trust) << "unpinned and never learned";
}

TEST(Engine, TrustsNameEveryKnownReporter) {
  Engine e;
  complain(e, 1, domain("a.example"), 1);
  e.add({kT0, 2, EvidenceKind::Delivered, domain("a.example"), 10});
  e.set_trust(3, 0.6);
  e.pin_trust(4, 0.1);
  const auto all = e.trusts();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_DOUBLE_EQ(all.at(1), e.policy().new_reporter_trust);
  EXPECT_DOUBLE_EQ(all.at(2), e.policy().new_reporter_trust);
  EXPECT_DOUBLE_EQ(all.at(3), 0.6);
  EXPECT_DOUBLE_EQ(all.at(4), 0.1);
}

TEST(Engine, DailySumsEachDayOverReportersWithTrapHitsApart) {
  Engine e;
  const Identity id = domain("mixed.example");
  complain(e, 1, id, 3, kT0);
  complain(e, 2, id, 4, kT0 + 3600);
  e.add({kT0 + 7200, 1, EvidenceKind::TrapHit, id, 2});
  e.add({kT0 + kDay, 3, EvidenceKind::Delivered, id, 1000});
  e.add({kT0 + kDay + 60, 2, EvidenceKind::NotSpam, id, 1});
  e.add({kT0 + kDay + 120, 3, EvidenceKind::Delivered, id, 500});
  complain(e, 1, domain("other.example"), 50, kT0);
  const auto days = e.daily(id);
  ASSERT_EQ(days.size(), 2u);
  const DayCounts& first = days.at(kT0);  // keyed by the day's start
  EXPECT_EQ(first.complaints, 7u);
  EXPECT_EQ(first.trap_hits, 2u) << "trap hits are not complaints in the history";
  EXPECT_EQ(first.delivered, 0u);
  EXPECT_EQ(first.not_spam, 0u);
  const DayCounts& second = days.at(kT0 + kDay);
  EXPECT_EQ(second.complaints, 0u);
  EXPECT_EQ(second.delivered, 1500u);
  EXPECT_EQ(second.not_spam, 1u);
  EXPECT_TRUE(e.daily(domain("unknown.example")).empty());
  const Score s = e.score(id, kT0 + 2 * kDay);
  EXPECT_EQ(s.total_complaints, 9u) << "lifetime complaints include trap hits";
  EXPECT_EQ(s.total_delivered, 1500u);
  EXPECT_EQ(s.total_not_spam, 1u);
  EXPECT_EQ(s.total_reporters, 3u) << "every reporter that said anything";
  EXPECT_EQ(s.reporters, 2u) << "only those with complaint evidence still weighing";
}

TEST(Engine, DailyKeysDaysBefore1970ByTheirStart) {
  Engine e;
  complain(e, 1, domain("old.example"), 1, -1);
  EXPECT_TRUE(e.daily(domain("old.example")).contains(-kDay));
}

TEST(Engine, FirstSeenIsTheStartOfTheEarliestEvidenceDay) {
  Engine e;
  const Identity id = domain("sender.example");
  EXPECT_FALSE(e.score(id, kT0).first_seen.has_value());
  e.add({kT0 + 2 * kDay + 5 * 3600, 1, EvidenceKind::Delivered, id, 10});
  e.add({kT0 + kDay + 23 * 3600, 2, EvidenceKind::Delivered, id, 10});
  EXPECT_EQ(e.score(id, kT0 + 10 * kDay).first_seen, kT0 + kDay);
  e.add({kT0 + 5 * kDay, 1, EvidenceKind::NotSpam, id, 1});
  EXPECT_EQ(e.score(id, kT0 + 10 * kDay).first_seen, kT0 + kDay)
      << "later evidence changes nothing";
}

TEST(Engine, ScoresCoverEveryIdentityWithEvidenceOnly) {
  Engine e;
  complain(e, 1, domain("spam.example"), 300);
  complain(e, 2, domain("spam.example"), 300);
  e.add({kT0, 1, EvidenceKind::Delivered, domain("good.example"), 100000});
  for (int i = 0; i < 3; ++i) {
    const auto id = identity_of_address("2001:db8:77:" + std::to_string(i + 1) + "::9");
    complain(e, 1, *id, 300);
    complain(e, 2, *id, 300);
  }
  e.set_manual(domain("decided.example"), Manual::List);
  const auto all = e.scores(kT0 + 3600);
  EXPECT_EQ(all.size(), 5u);
  EXPECT_FALSE(all.contains(domain("decided.example"))) << "a decision is no evidence";
  EXPECT_FALSE(all.contains(Identity{IdentityKind::Ip6, "2001:db8:77::/48"}))
      << "learned ranges are not scored";
  EXPECT_TRUE(e.listed(kT0 + 3600).contains(Identity{IdentityKind::Ip6, "2001:db8:77::/48"}));
  for (const auto& [id, s] : all) {
    const Score one = e.score(id, kT0 + 3600);
    EXPECT_EQ(s.rate, one.rate) << id.key;
    EXPECT_EQ(s.listed, one.listed) << id.key;
    EXPECT_EQ(s.total_complaints, one.total_complaints) << id.key;
  }
  EXPECT_TRUE(all.at(domain("spam.example")).listed);
  EXPECT_FALSE(all.at(domain("good.example")).listed);
  EXPECT_EQ(all.at(domain("good.example")).total_delivered, 100000u);
}

}  // namespace
}  // namespace vouchd::reputation
