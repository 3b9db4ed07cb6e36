// Tests of allow entries in DNSxL zones (store.h ListingPolicy::Allow): round trips without an
// answer, the journal of RRs that stop or start being served (the key's own and those of the
// listings inside an allowed prefix), what has no RR form (Committed::journal_complete), coverage
// queries for the reputation engine, the builder's streamed reads, and the 0002 migration.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

class ListingAllowTest : public WriteApiTest {
 protected:
  void SetUp() override {
    WriteApiTest::SetUp();
    ip4_ = make_zone(ZoneKind::DnsblIp4, "bl.example.");
    dom_ = make_zone(ZoneKind::DnsblDomain, "dbl.example.");
  }
  Committed list(const std::string& key, std::uint8_t code = 2) {
    return ok(store_->put_listing(ip4_.id, ip(key), a_answer(code), std::nullopt, admin_, kT0));
  }
  Committed allow(const std::string& key) {
    return ok(
        store_->put_listing(ip4_.id, ip(key), ListingPolicy::Allow, {}, std::nullopt, admin_, kT0));
  }
  // "del 1.2.0.192.bl.example." per journal row, in order.
  static std::vector<std::string> rows(const Committed& c) {
    std::vector<std::string> out;
    for (const Change& ch : c.changes) {
      out.push_back((ch.op == ChangeOp::Add ? "add " : "del ") + ch.rr.owner.to_text());
    }
    return out;
  }
  std::optional<ListingKey> covering(const ListingKey& key) {
    return ok(store_->covering_allow(key.index() == 0 ? ip4_.id : dom_.id, key));
  }
  Zone ip4_, dom_;
};

using Rows = std::vector<std::string>;

TEST_F(ListingAllowTest, AllowEntryRoundTripsWithoutAnswerAndJournalsNothingNew) {
  const Committed c = ok(store_->put_listing(ip4_.id, ip("192.0.2.7"), ListingPolicy::Allow, {},
                                             1800000000, admin_, kT0 + seconds{5}));
  EXPECT_TRUE(c.changes.empty());
  EXPECT_TRUE(c.journal_complete);
  EXPECT_EQ(c.serial, 1767225605u);
  const ListingRecord got = ok(store_->get_listing(ip4_.id, ip("192.0.2.7")));
  EXPECT_EQ(got.policy, ListingPolicy::Allow);
  EXPECT_TRUE(got.answer.empty());
  EXPECT_EQ(got.source, "manual");
  EXPECT_EQ(got.expires, 1800000000);
  const auto page = ok(store_->list_listings(ip4_.id, std::nullopt, 10));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].policy, ListingPolicy::Allow);
  const auto audit = ok(store_->list_audit(action_filter("listing.allow")));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0].after.find("\"policy\":\"allow\""), std::string::npos) << audit[0].after;
}

TEST_F(ListingAllowTest, AllowTakesNoAnswerAndListNeedsOne) {
  EXPECT_EQ(code_of(store_->put_listing(ip4_.id, ip("192.0.2.7"), ListingPolicy::Allow, a_answer(2),
                                        std::nullopt, admin_, kT0)),
            StoreError::Code::Invalid);
  EXPECT_EQ(code_of(store_->put_listing(ip4_.id, ip("192.0.2.7"), ListingPolicy::List, {},
                                        std::nullopt, admin_, kT0)),
            StoreError::Code::Invalid);
  EXPECT_TRUE(ok(store_->list_listings(ip4_.id, std::nullopt, 10)).empty());
}

TEST_F(ListingAllowTest, AllowReplacingListingAtSameKeyJournalsItsRemovalAndBack) {
  list("192.0.2.7");
  const Committed to_allow = allow("192.0.2.7");
  EXPECT_EQ(rows(to_allow), (Rows{"del 7.2.0.192.bl.example."}));
  EXPECT_TRUE(to_allow.journal_complete);
  const Committed back = list("192.0.2.7", 3);
  EXPECT_EQ(rows(back), (Rows{"add 7.2.0.192.bl.example."}));
  EXPECT_EQ(back.changes[0].rr.rdata, (std::vector<std::uint8_t>{127, 0, 0, 3}));
  EXPECT_EQ(ok(store_->get_listing(ip4_.id, ip("192.0.2.7"))).policy, ListingPolicy::List);
}

TEST_F(ListingAllowTest, AllowedPrefixHidesListingsInsideItUnlessAlreadyHidden) {
  list("198.51.100.1");
  list("198.51.100.2");
  list("198.51.101.1");  // outside the /24
  allow("198.51.100.8/30");
  list("198.51.100.9");  // inside the /30: stored, never served
  EXPECT_EQ(rows(allow("198.51.100.0/24")),
            (Rows{"del 1.100.51.198.bl.example.", "del 2.100.51.198.bl.example."}));
  // The /24 turned into a listing: the /32s come back and the /24 answers; .9 stays hidden.
  EXPECT_EQ(rows(list("198.51.100.0/24")),
            (Rows{"add 1.100.51.198.bl.example.", "add 2.100.51.198.bl.example.",
                  "add *.100.51.198.bl.example."}));
  EXPECT_EQ(rows(ok(store_->delete_listing(ip4_.id, ip("198.51.100.0/24"), admin_, kT0))),
            (Rows{"del *.100.51.198.bl.example."}));
  // Removing the /30 uncovers .9.
  EXPECT_EQ(rows(ok(store_->delete_listing(ip4_.id, ip("198.51.100.8/30"), admin_, kT0))),
            (Rows{"add 9.100.51.198.bl.example."}));
}

TEST_F(ListingAllowTest, ListingUnderBroaderAllowIsNotJournaled) {
  allow("192.0.2.0/24");
  const Committed c = list("192.0.2.7");
  EXPECT_TRUE(c.changes.empty());
  EXPECT_TRUE(ok(store_->delete_listing(ip4_.id, ip("192.0.2.7"), admin_, kT0)).changes.empty());
}

TEST_F(ListingAllowTest, HoleInBroaderListingHasNoRrFormAndSaysSo) {
  list("192.0.2.0/24");
  const Committed made = allow("192.0.2.7");
  EXPECT_TRUE(made.changes.empty());
  EXPECT_FALSE(made.journal_complete);
  EXPECT_TRUE(allow("192.0.2.7").journal_complete) << "an allow entry rewritten changes nothing";
  const Committed removed = ok(store_->delete_listing(ip4_.id, ip("192.0.2.7"), admin_, kT0));
  EXPECT_FALSE(removed.journal_complete);
  EXPECT_TRUE(list("198.51.100.1").journal_complete);
  EXPECT_TRUE(allow("203.0.113.1").journal_complete) << "no listing around it";
}

TEST_F(ListingAllowTest, CoveringAllowFindsExactAndBroaderPrefixesOfTheSameFamily) {
  allow("192.0.2.0/24");
  allow("2001:db8::/48");
  EXPECT_EQ(covering(ip("192.0.2.7")), std::optional<ListingKey>{ip("192.0.2.0/24")});
  EXPECT_EQ(covering(ip("192.0.2.128/25")), std::optional<ListingKey>{ip("192.0.2.0/24")});
  EXPECT_EQ(covering(ip("192.0.2.0/24")), std::optional<ListingKey>{ip("192.0.2.0/24")});
  EXPECT_FALSE(covering(ip("192.0.2.0/23")).has_value());
  EXPECT_FALSE(covering(ip("192.0.3.1")).has_value());
  EXPECT_EQ(covering(ip("2001:db8:0:1::1")), std::optional<ListingKey>{ip("2001:db8::/48")});
  EXPECT_FALSE(covering(ip("2001:db8:1::1")).has_value());
  EXPECT_FALSE(covering(ip("::ffff:192.0.2.7")).has_value()) << "families do not mix";
  list("198.51.100.0/24");
  EXPECT_FALSE(covering(ip("198.51.100.1")).has_value()) << "a listing is no allow entry";
}

TEST_F(ListingAllowTest, DomainAllowCoversOnlyItsDomainAndIsNotServed) {
  ok(store_->put_listing(dom_.id, std::string{"bad.example"}, a_answer(2), std::nullopt, admin_,
                         kT0));
  const Committed c = ok(store_->put_listing(dom_.id, std::string{"bad.example"},
                                             ListingPolicy::Allow, {}, std::nullopt, admin_, kT0));
  EXPECT_EQ(rows(c), (Rows{"del bad.example.dbl.example."}));
  EXPECT_TRUE(c.journal_complete);
  EXPECT_EQ(covering(std::string{"bad.example"}), std::optional<ListingKey>{"bad.example"});
  EXPECT_FALSE(covering(std::string{"sub.bad.example"}).has_value());
  std::size_t served = 0;
  ASSERT_TRUE(
      store_->for_each_domain_listing(dom_.id, [&](std::string_view, std::int64_t) { ++served; }));
  EXPECT_EQ(served, 0u);
}

TEST_F(ListingAllowTest, StreamedReadsSeparateListingsFromAllowEntries) {
  list("192.0.2.0/24");
  allow("192.0.2.7");
  allow("2001:db8::/48");
  std::vector<std::string> listed;
  std::vector<std::string> allowed;
  ASSERT_TRUE(store_->for_each_ip_listing(
      ip4_.id, [&](const dnswire::IpPrefix& p, std::int64_t) { listed.push_back(p.to_text()); }));
  ASSERT_TRUE(store_->for_each_ip_allow(
      ip4_.id, [&](const dnswire::IpPrefix& p) { allowed.push_back(p.to_text()); }));
  EXPECT_EQ(listed, (std::vector<std::string>{"192.0.2.0/24"}));
  EXPECT_EQ(allowed, (std::vector<std::string>{"2001:db8::/48", "192.0.2.7"}));
}

// A database made by a build that knew only 0001 keeps its listings, which become 'list' rows.
TEST(ListingMigrationTest, VersionOneListingsBecomeListRows) {
  testing::TempDir dir;
  const std::string path = dir.file("v1.db");
  {
    std::ifstream file{VOUCHD_MIGRATION_0001};
    ASSERT_TRUE(file) << VOUCHD_MIGRATION_0001;
    std::stringstream sql;
    sql << file.rdbuf()
        << "INSERT INTO zones VALUES (1, 'bl.example.', 'dnsbl-ip4', 'ns.bl.example.',"
           " 'h.bl.example.', 7, 1, 1, 1, 1, 1, 300, 0, 0);"
           "INSERT INTO answers VALUES (1, 1, x'00010000012c00047f000002');"
           "INSERT INTO listings (zone_id, addr, plen, answer_id, source, created, updated)"
           " VALUES (1, x'c0000200', 24, 1, 'import', 0, 0);"
           "PRAGMA user_version = 1;";
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    const std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db{raw, &sqlite3_close};
    ASSERT_EQ(sqlite3_exec(raw, sql.str().c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw);
  }
  auto store = Store::open(path, false);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  EXPECT_GE((*store)->schema_version(), 2);  // migrated past version 2 (later migrations too)
  const ListingRecord got = ok((*store)->get_listing(1, ip("192.0.2.0/24")));
  EXPECT_EQ(got.policy, ListingPolicy::List);
  EXPECT_EQ(got.source, "import");
  EXPECT_EQ(got.answer, (Answer{AnswerRR{1, 300, {127, 0, 0, 2}}}));
  ok((*store)->put_listing(1, ip("192.0.2.7"), ListingPolicy::Allow, {}, std::nullopt, Actor{"cli"},
                           kT0));
  EXPECT_EQ(ok((*store)->covering_allow(1, ip("192.0.2.7"))),
            std::optional<ListingKey>{ip("192.0.2.7")});
}

}  // namespace
}  // namespace vouchd::store
