// Tests of the reputation service (server/scoring scoring.h) on a real SQLite store: evidence and
// fixed reporter trust loaded from the store, evidence added as reports arrive, and sweeps that
// write computed listings into the zones with a policy, publish each commit, change nothing when
// nothing changed, delist once evidence decays, and leave operators' decisions alone.
#include "vouchd/scoring/scoring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "vouchd/scoring/zone_policy.h"

namespace vouchd::scoring {
namespace {

namespace rep = vouchd::reputation;
using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr std::int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z, a day's start
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kHour = 3600;
constexpr sys_seconds kWall{seconds{kT0}};

constexpr std::string_view kBands = R"({"bands":[
    {"min_rate":0.005,"code":"127.0.0.2","reason":"spam source"},
    {"min_rate":0.9,"code":"127.0.0.3","reason":"spam only"}],
  "txt":"{identity}: {reason}","ttl":300})";

store::EvidenceRow complaint(std::string key, std::uint64_t count, std::int64_t at = kT0 + kHour) {
  const bool address = rep::identity_of_address(key).has_value();
  return {at, "complaint", address ? "address" : "domain", std::move(key), count};
}

rep::Identity ip4(std::string key) {
  return {rep::IdentityKind::Ip4, std::move(key)};
}

dnswire::Name dns_name(std::string_view text) {
  return dnswire::Name::from_text(text).value_or(dnswire::Name{});
}

// A published commit: the zone's apex and the journal rows as "add 25.2.0.192.rep4.example. 1".
struct Published {
  std::string apex;
  std::uint32_t serial = 0;
  std::vector<std::string> rows;
};

class ScoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::open(dir_.file("vouchd.db"), true);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
    rep4_ = zone(store::ZoneKind::DnsblIp4, "rep4.example.");
    plain4_ = zone(store::ZoneKind::DnsblIp4, "plain4.example.");
    repd_ = zone(store::ZoneKind::DnsblDomain, "repd.example.");
    policy(rep4_, kBands);
    policy(repd_, kBands);
    r1_ = reporter(1);
    r2_ = reporter(2);
    scoring_ = std::make_unique<Scoring>(
        *store_, mutex_, [this](const store::Zone& z, const store::Committed& c) {
          Published p{z.apex.to_text(), c.serial, {}};
          for (const store::Change& ch : c.changes) {
            p.rows.push_back((ch.op == store::ChangeOp::Add ? "add " : "del ") +
                             ch.rr.owner.to_text() + " " + std::to_string(ch.rr.type));
          }
          std::sort(p.rows.begin(), p.rows.end());
          published_.push_back(std::move(p));
        });
  }

  store::Zone zone(store::ZoneKind kind, std::string_view apex) {
    store::Zone z;
    z.apex = dns_name(apex);
    z.kind = kind;
    z.soa.mname = dns_name("ns1.provider.example.");
    z.soa.rname = dns_name("hostmaster.provider.example.");
    z.soa.serial = 1;
    const dnswire::Name ns = dns_name("ns1.provider.example.");
    const std::vector<store::StaticRecord> records{
        {z.apex, 2, 3600, {ns.wire().begin(), ns.wire().end()}}};
    auto made = store_->create_zone(z, records, admin_, kWall);
    EXPECT_TRUE(made.has_value()) << (made ? "" : made.error().message);
    return made.value_or(store::Zone{});
  }
  void policy(const store::Zone& z, std::string_view json) {
    ASSERT_TRUE(store_->put_zone_policy(z.id, json, admin_, kWall).has_value());
  }
  std::int64_t reporter(std::uint8_t seed) {
    std::array<std::uint8_t, 32> hash{};
    hash.fill(seed);
    auto id = store_->create_token(hash, store::TokenRole::Reporter, "feed" + std::to_string(seed),
                                   std::nullopt, admin_, kWall);
    EXPECT_TRUE(id.has_value());
    return id.value_or(0);
  }
  // Stores a report of `rows` by `who`, as the API does before it hands them to add().
  void report(std::int64_t who, std::vector<store::EvidenceRow> rows) {
    store::NewReport r;
    r.reporter = who;
    r.format = store::ReportFormat::Event;
    const std::string n = std::to_string(++reports_);
    r.digest.fill(0);
    for (std::size_t i = 0; i < n.size(); ++i)
      r.digest[i] = static_cast<std::uint8_t>(n[i]);
    r.dedup_key = "event:" + n;
    r.raw = "report " + n;
    r.evidence = std::move(rows);
    const auto stored = store_->add_report(r, kWall);
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    ASSERT_FALSE(stored->duplicate);
  }
  // Two reporters agree on `key`: enough to list it.
  void spam(const std::string& key, std::uint64_t each = 300) {
    report(r1_, {complaint(key, each)});
    report(r2_, {complaint(key, each)});
  }
  std::optional<store::ListingRecord> listing(const store::Zone& z, const store::ListingKey& key) {
    auto got = store_->get_listing(z.id, key);
    return got ? std::optional{*got} : std::nullopt;
  }
  // The listing at `key`, or one with source "(none)" (and a failure) if there is none.
  store::ListingRecord got(const store::Zone& z, const store::ListingKey& key) {
    std::optional<store::ListingRecord> found = listing(z, key);
    if (!found) ADD_FAILURE() << "no listing";
    return found.value_or(
        store::ListingRecord{key, store::ListingPolicy::List, {}, "(none)", {}, 0, 0});
  }
  // The view of `id` at `now`, or an empty one (and a failure) if there is none.
  Scoring::View view_of(const rep::Identity& id, std::int64_t now) {
    std::optional<Scoring::View> v = scoring_->view(id, now);
    if (!v) ADD_FAILURE() << "no view of " << id.key;
    return v.value_or(Scoring::View{});
  }
  std::size_t listings(const store::Zone& z) {
    auto page = store_->list_listings(z.id, std::nullopt, 100);
    EXPECT_TRUE(page.has_value());
    return page ? page->size() : 0;
  }
  std::uint32_t serial(const store::Zone& z) {
    auto got = store_->zone_by_id(z.id);
    return got ? got->soa.serial : 0;
  }
  static dnswire::IpPrefix prefix(std::string_view text) {
    return dnswire::IpPrefix::parse(text).value_or(dnswire::IpPrefix{});
  }

  vouchd::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::mutex mutex_;
  store::Actor admin_{"admin"};
  store::Zone rep4_, plain4_, repd_;
  std::int64_t r1_ = 0, r2_ = 0;
  int reports_ = 0;
  std::vector<Published> published_;
  std::unique_ptr<Scoring> scoring_;
};

TEST_F(ScoringTest, LoadPicksUpStoredEvidenceAndFixedTrust) {
  spam("192.0.2.25");
  report(r1_, {{kT0 + kHour, "delivered", "domain", "Sender.Example", 5000},
               {kT0 + kDay + kHour, "trap_hit", "domain", "sender.example", 2}});
  const std::int64_t r3 = reporter(3);
  ASSERT_TRUE(store_->set_token_trust(r3, 0.05, admin_, kWall).has_value());
  EXPECT_FALSE(scoring_->view(ip4("192.0.2.25"), kT0 + 2 * kHour).has_value())
      << "nothing is known before load()";
  ASSERT_TRUE(scoring_->load().has_value());
  EXPECT_TRUE(scoring_->dirty()) << "a load needs a sweep";
  const auto v = scoring_->view(ip4("192.0.2.25"), kT0 + 2 * kHour);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->score.total_complaints, 600u);
  EXPECT_EQ(v->score.total_reporters, 2u);
  EXPECT_TRUE(v->score.listed);
  const auto d = scoring_->view(rep::identity_of_domain("sender.example"), kT0 + 2 * kDay);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->score.total_delivered, 5000u);
  ASSERT_EQ(d->daily.size(), 2u);
  EXPECT_EQ(d->daily.at(kT0).delivered, 5000u);
  EXPECT_EQ(d->daily.at(kT0 + kDay).trap_hits, 2u);
  EXPECT_EQ(scoring_->trust().at(r3), 0.05) << "the operator's fixed trust";
  EXPECT_EQ(scoring_->trust().at(r1_), rep::Policy{}.new_reporter_trust);
  // Loading again reads the store afresh: evidence is not counted twice.
  ASSERT_TRUE(scoring_->load().has_value());
  EXPECT_EQ(view_of(ip4("192.0.2.25"), kT0 + 2 * kHour).score.total_complaints, 600u);
}

TEST_F(ScoringTest, AddMarksDirtyAndFeedsTheEngine) {
  ASSERT_TRUE(scoring_->load().has_value());
  scoring_->sweep(kT0);
  EXPECT_FALSE(scoring_->dirty());
  scoring_->add(r1_, {});
  EXPECT_FALSE(scoring_->dirty()) << "no evidence, nothing new";
  scoring_->add(r1_, {complaint("192.0.2.25", 4), complaint("2001:db8:1:2::99", 3)});
  EXPECT_TRUE(scoring_->dirty());
  EXPECT_EQ(view_of(ip4("192.0.2.25"), kT0 + kDay).score.total_complaints, 4u);
  const auto v6 = scoring_->view({rep::IdentityKind::Ip6, "2001:db8:1:2::/64"}, kT0 + kDay);
  ASSERT_TRUE(v6.has_value()) << "an IPv6 address reports to its /64";
  EXPECT_EQ(v6->score.total_complaints, 3u);
  scoring_->sweep(kT0 + kDay);
  EXPECT_FALSE(scoring_->dirty());
  scoring_->pin_trust(r1_, 0.9);
  EXPECT_TRUE(scoring_->dirty()) << "a trust change can change listings";
}

TEST_F(ScoringTest, ViewOfUnknownIdentityIsNothing) {
  ASSERT_TRUE(scoring_->load().has_value());
  EXPECT_FALSE(scoring_->view(ip4("203.0.113.1"), kT0).has_value());
  EXPECT_FALSE(scoring_->view(rep::identity_of_domain("nobody.example"), kT0).has_value());
}

TEST_F(ScoringTest, SweepWritesComputedListingsIntoZonesWithAPolicyOnly) {
  spam("192.0.2.25");
  spam("Spam.Example");
  ASSERT_TRUE(scoring_->load().has_value());
  const SweepReport r = scoring_->sweep(kT0 + 2 * kHour);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.at, kT0 + 2 * kHour);
  EXPECT_EQ(r.zones, 2u);
  EXPECT_EQ(r.listed, 2u);
  EXPECT_EQ(r.added, 2u);
  EXPECT_EQ(r.changed + r.removed + r.withheld, 0u);
  ASSERT_EQ(published_.size(), 2u) << "one commit per zone that changed";
  EXPECT_EQ(published_[0].apex, "rep4.example.");
  EXPECT_EQ(published_[0].serial, serial(rep4_));
  EXPECT_EQ(published_[0].rows, (std::vector<std::string>{"add 25.2.0.192.rep4.example. 1",
                                                          "add 25.2.0.192.rep4.example. 16"}));
  EXPECT_EQ(published_[1].apex, "repd.example.");
  EXPECT_EQ(published_[1].serial, serial(repd_));
  EXPECT_EQ(published_[1].rows, (std::vector<std::string>{"add spam.example.repd.example. 1",
                                                          "add spam.example.repd.example. 16"}));
  const auto got = listing(rep4_, prefix("192.0.2.25"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->source, "computed");
  ASSERT_EQ(got->answer.size(), 2u);
  EXPECT_EQ(got->answer[0].rdata, (std::vector<std::uint8_t>{127, 0, 0, 2}));
  EXPECT_EQ(got->answer[0].ttl, 300u);
  const std::string text = "192.0.2.25: spam source";
  std::vector<std::uint8_t> txt{static_cast<std::uint8_t>(text.size())};
  txt.insert(txt.end(), text.begin(), text.end());
  EXPECT_EQ(got->answer[1].rdata, txt);
  EXPECT_EQ(listings(plain4_), 0u) << "a zone without a policy serves no computed listings";
  EXPECT_EQ(serial(plain4_), static_cast<std::uint32_t>(kT0));
  EXPECT_FALSE(listing(repd_, std::string{"192.0.2.25"}).has_value());
  EXPECT_EQ(listings(rep4_), 1u) << "the domain is not listed in the address zone";
}

TEST_F(ScoringTest, SecondSweepAtTheSameInstantWritesNothing) {
  spam("192.0.2.25");
  ASSERT_TRUE(scoring_->load().has_value());
  ASSERT_EQ(scoring_->sweep(kT0 + 2 * kHour).added, 1u);
  const std::uint32_t before = serial(rep4_);
  const std::size_t published = published_.size();
  const SweepReport again = scoring_->sweep(kT0 + 2 * kHour);
  EXPECT_EQ(again.listed, 1u);
  EXPECT_EQ(again.added + again.changed + again.removed + again.withheld, 0u);
  EXPECT_EQ(published_.size(), published) << "nothing committed, nothing published";
  EXPECT_EQ(serial(rep4_), before);
  // An hour later the rate has decayed a little, but the band is the same: still nothing.
  EXPECT_EQ(scoring_->sweep(kT0 + 3 * kHour).changed, 0u);
  EXPECT_EQ(published_.size(), published);
}

TEST_F(ScoringTest, LaterSweepDelistsOnceEvidenceDecays) {
  spam("192.0.2.25");
  spam("spam.example");
  ASSERT_TRUE(scoring_->load().has_value());
  scoring_->sweep(kT0 + 2 * kHour);
  ASSERT_EQ(published_.size(), 2u);
  const SweepReport later = scoring_->sweep(kT0 + 60 * kDay);
  EXPECT_EQ(later.listed, 0u);
  EXPECT_EQ(later.removed, 2u);
  ASSERT_EQ(published_.size(), 4u);
  EXPECT_EQ(published_[2].rows, (std::vector<std::string>{"del 25.2.0.192.rep4.example. 1",
                                                          "del 25.2.0.192.rep4.example. 16"}));
  EXPECT_TRUE(store::serial_after(published_[2].serial, published_[0].serial));
  EXPECT_EQ(published_[2].serial, serial(rep4_));
  EXPECT_EQ(listings(rep4_), 0u);
  EXPECT_EQ(listings(repd_), 0u);
  EXPECT_EQ(view_of(ip4("192.0.2.25"), kT0 + 60 * kDay).score.total_complaints, 600u)
      << "the evidence is still there, it only weighs nothing";
}

TEST_F(ScoringTest, ManualAllowKeepsTheIdentityOutAndBecomesTheEnginesDecision) {
  spam("192.0.2.25");
  spam("192.0.2.26");
  ASSERT_TRUE(store_
                  ->put_listing(rep4_.id, prefix("192.0.2.26"), store::ListingPolicy::Allow, {},
                                std::nullopt, admin_, kWall)
                  .has_value());
  ASSERT_TRUE(scoring_->load().has_value());
  const SweepReport r = scoring_->sweep(kT0 + 2 * kHour);
  EXPECT_EQ(r.listed, 1u) << "the allowed identity is not listed at all";
  EXPECT_EQ(r.added, 1u);
  const auto allowed = listing(rep4_, prefix("192.0.2.26"));
  ASSERT_TRUE(allowed.has_value());
  EXPECT_EQ(allowed->policy, store::ListingPolicy::Allow);
  EXPECT_EQ(allowed->source, "manual");
  const auto v = scoring_->view(ip4("192.0.2.26"), kT0 + 2 * kHour);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->score.manual, rep::Manual::Allow);
  EXPECT_FALSE(v->score.listed);
  // The allow entry withdrawn: the next sweep lists it.
  ASSERT_TRUE(store_->delete_listing(rep4_.id, prefix("192.0.2.26"), admin_, kWall).has_value());
  const SweepReport after = scoring_->sweep(kT0 + 2 * kHour);
  EXPECT_EQ(after.added, 1u);
  EXPECT_FALSE(view_of(ip4("192.0.2.26"), kT0 + 2 * kHour).score.manual.has_value());
  EXPECT_EQ(got(rep4_, prefix("192.0.2.26")).source, "computed");
}

TEST_F(ScoringTest, ManualListingIsTheEnginesDecisionAndKeepsItsRow) {
  ASSERT_TRUE(store_
                  ->put_listing(rep4_.id, prefix("198.51.100.9"), {{1, 600, {127, 0, 0, 9}}},
                                std::nullopt, admin_, kWall)
                  .has_value());
  ASSERT_TRUE(scoring_->load().has_value());
  const SweepReport r = scoring_->sweep(kT0);
  EXPECT_EQ(r.listed, 1u);
  EXPECT_EQ(r.withheld, 1u) << "the manual row holds the key";
  EXPECT_TRUE(published_.empty());
  const auto v = scoring_->view(ip4("198.51.100.9"), kT0);
  ASSERT_TRUE(v.has_value()) << "a decision without evidence is still a view";
  EXPECT_EQ(v->score.manual, rep::Manual::List);
  EXPECT_EQ(got(rep4_, prefix("198.51.100.9")).answer, (store::Answer{{1, 600, {127, 0, 0, 9}}}));
}

TEST_F(ScoringTest, FixedTrustStaysThroughLearning) {
  spam("192.0.2.25");
  ASSERT_TRUE(scoring_->load().has_value());
  scoring_->pin_trust(r1_, 0.2);
  scoring_->sweep(kT0 + 2 * kHour);
  const auto trust = scoring_->trust();
  EXPECT_EQ(trust.at(r1_), 0.2);
  EXPECT_GT(trust.at(r2_), 0.9) << "the other reporter agreed with the consensus and gained trust";
  scoring_->pin_trust(r1_, std::nullopt);
  EXPECT_NE(scoring_->trust().at(r1_), 0.2);
}

TEST_F(ScoringTest, StoredPolicyNoLongerValidIsReportedAndOtherZonesGoOn) {
  const store::Zone vbr = zone(store::ZoneKind::Vbr, "vouch.example.");
  policy(vbr, kBands);  // the store keeps what it is given; the API would have refused it
  spam("192.0.2.25");
  ASSERT_TRUE(scoring_->load().has_value());
  const SweepReport r = scoring_->sweep(kT0 + 2 * kHour);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("vouch.example."), std::string::npos) << r.errors[0];
  EXPECT_EQ(r.zones, 2u);
  EXPECT_EQ(r.added, 1u);
}

TEST(EngineEvidenceTest, StoredRowsBecomeEngineEvidence) {
  const auto c = engine_evidence(7, {kT0, "complaint", "address", "2001:db8:1:2::99", 3});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->reporter, 7);
  EXPECT_EQ(c->at, kT0);
  EXPECT_EQ(c->kind, rep::EvidenceKind::Complaint);
  EXPECT_EQ(c->identity, (rep::Identity{rep::IdentityKind::Ip6, "2001:db8:1:2::/64"}));
  EXPECT_EQ(c->count, 3u);
  EXPECT_EQ(engine_evidence(7, {kT0, "trap_hit", "address", "192.0.2.1", 1})->kind,
            rep::EvidenceKind::TrapHit);
  EXPECT_EQ(engine_evidence(7, {kT0, "delivered", "domain", "A.Example", 1})->identity,
            rep::identity_of_domain("a.example"));
  EXPECT_EQ(engine_evidence(7, {kT0, "not_spam", "domain", "a.example", 1})->kind,
            rep::EvidenceKind::NotSpam);
  EXPECT_FALSE(engine_evidence(7, {kT0, "praise", "domain", "a.example", 1}).has_value());
  EXPECT_FALSE(engine_evidence(7, {kT0, "complaint", "address", "not an address", 1}).has_value());
  EXPECT_FALSE(engine_evidence(7, {kT0, "complaint", "address", "192.0.2.0/24", 1}).has_value());
}

}  // namespace
}  // namespace vouchd::scoring
