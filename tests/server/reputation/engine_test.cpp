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

}  // namespace
}  // namespace vouchd::reputation
