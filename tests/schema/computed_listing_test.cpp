// Tests of the reputation sweep's write path (store.h sync_computed, manual_listings): computed
// listings made exactly what the engine wants in one transaction and one serial, a journal of the
// RRs that start or stop being served, nothing written when nothing changes, and manual decisions
// (manual and imported rows, allow entries at or over a key) that always win.
#include <gtest/gtest.h>

#include <algorithm>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

using Rows = std::vector<std::string>;

class ComputedListingTest : public WriteApiTest {
 protected:
  void SetUp() override {
    WriteApiTest::SetUp();
    ip4_ = make_zone(ZoneKind::DnsblIp4, "bl.example.");
    dom_ = make_zone(ZoneKind::DnsblDomain, "dbl.example.");
  }
  ComputedSync sync(const Zone& zone, const std::vector<ComputedListing>& wanted,
                    sys_seconds at = kT0 + seconds{10}) {
    return ok(store_->sync_computed(zone.id, wanted, reputation_, at));
  }
  Committed put(const ListingKey& key, std::uint8_t code) {
    return ok(store_->put_listing(key.index() == 0 ? ip4_.id : dom_.id, key, a_answer(code),
                                  std::nullopt, admin_, kT0));
  }
  Committed allow(const ListingKey& key) {
    return ok(store_->put_listing(key.index() == 0 ? ip4_.id : dom_.id, key, ListingPolicy::Allow,
                                  {}, std::nullopt, admin_, kT0));
  }
  std::optional<ListingRecord> find(const Zone& zone, const ListingKey& key) {
    auto got = store_->get_listing(zone.id, key);
    if (!got) {
      EXPECT_EQ(got.error().code, StoreError::Code::NotFound) << got.error().message;
      return std::nullopt;
    }
    return *got;
  }
  // The listing at `key`, or one with source "(none)" (and a failure) if there is none.
  ListingRecord got(const Zone& zone, const ListingKey& key) {
    std::optional<ListingRecord> found = find(zone, key);
    if (!found) ADD_FAILURE() << "no listing";
    return found.value_or(ListingRecord{key, ListingPolicy::List, {}, "(none)", {}, 0, 0});
  }
  std::size_t sync_audits() {
    return ok(store_->list_audit(action_filter("reputation.sync"))).size();
  }

  // "add 1.2.0.192.bl.example. 127.0.0.2" per journal row, sorted (A rdata only, TXT by type).
  static Rows rows(const Committed& c) {
    Rows out;
    for (const Change& ch : c.changes) {
      std::string row = (ch.op == ChangeOp::Add ? "add " : "del ") + ch.rr.owner.to_text();
      if (ch.rr.type == 1 && ch.rr.rdata.size() == 4) {
        row += " 127.0.0." + std::to_string(ch.rr.rdata[3]);
      } else {
        row += " type" + std::to_string(ch.rr.type);
      }
      out.push_back(std::move(row));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Zone ip4_, dom_;
  Actor reputation_{"reputation"};
};

ComputedListing computed(const ListingKey& key, std::uint8_t code, std::string_view text = {}) {
  return {key, a_answer(code, text)};
}

TEST_F(ComputedListingTest, FirstSyncAddsRowsOfSourceComputedAtOneSerial) {
  const ComputedSync s =
      sync(ip4_, {computed(ip("192.0.2.1"), 2, "spam source"), computed(ip("192.0.2.2"), 2),
                  computed(ip("198.51.100.0/24"), 3)});
  EXPECT_EQ(s.added, 3u);
  EXPECT_EQ(s.changed + s.removed + s.withheld + s.unfit, 0u);
  ASSERT_TRUE(s.committed.has_value());
  EXPECT_EQ(s.committed->serial, 1767225610u);
  EXPECT_EQ(serial_of(ip4_.id), s.committed->serial);
  EXPECT_TRUE(s.committed->journal_complete);
  EXPECT_EQ(rows(*s.committed),
            (Rows{"add *.100.51.198.bl.example. 127.0.0.3", "add 1.2.0.192.bl.example. 127.0.0.2",
                  "add 1.2.0.192.bl.example. type16", "add 2.2.0.192.bl.example. 127.0.0.2"}));
  for (const Change& ch : s.committed->changes)
    EXPECT_EQ(ch.serial, s.committed->serial);
  const std::optional<ListingRecord> got = find(ip4_, ip("192.0.2.1"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->source, "computed");
  EXPECT_EQ(got->policy, ListingPolicy::List);
  EXPECT_EQ(got->answer, a_answer(2, "spam source"));
  EXPECT_FALSE(got->expires.has_value());
  // The stored journal holds the same rows at that serial.
  std::size_t stored = 0;
  for (const Change& ch : journal(ip4_.id))
    stored += ch.serial == s.committed->serial ? 1 : 0;
  EXPECT_EQ(stored, s.committed->changes.size());
}

TEST_F(ComputedListingTest, LaterSyncAddsChangesAndRemovesInOneTransaction) {
  sync(ip4_, {computed(ip("192.0.2.1"), 2), computed(ip("192.0.2.2"), 2),
              computed(ip("198.51.100.0/24"), 3)});
  const ComputedSync s = sync(
      ip4_,
      {computed(ip("192.0.2.1"), 2), computed(ip("192.0.2.2"), 3), computed(ip("203.0.113.5"), 2)},
      kT0 + seconds{20});
  EXPECT_EQ(s.added, 1u);
  EXPECT_EQ(s.changed, 1u);
  EXPECT_EQ(s.removed, 1u);
  ASSERT_TRUE(s.committed.has_value());
  EXPECT_EQ(s.committed->serial, 1767225620u);
  EXPECT_EQ(serial_of(ip4_.id), 1767225620u) << "one serial for the whole sync";
  // The unchanged 192.0.2.1 is not journaled at all.
  EXPECT_EQ(
      rows(*s.committed),
      (Rows{"add 2.2.0.192.bl.example. 127.0.0.3", "add 5.113.0.203.bl.example. 127.0.0.2",
            "del *.100.51.198.bl.example. 127.0.0.3", "del 2.2.0.192.bl.example. 127.0.0.2"}));
  EXPECT_FALSE(find(ip4_, ip("198.51.100.0/24")).has_value());
  const std::optional<ListingRecord> changed = find(ip4_, ip("192.0.2.2"));
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->answer, a_answer(3));
  EXPECT_EQ(changed->created, 1767225610) << "a changed row keeps its creation time";
  EXPECT_EQ(changed->updated, 1767225620);
  EXPECT_EQ(sync_audits(), 2u);
}

TEST_F(ComputedListingTest, UnchangedInputWritesNothing) {
  const std::vector<ComputedListing> wanted{computed(ip("192.0.2.1"), 2),
                                            computed(ip("2001:db8:1::/48"), 3)};
  ASSERT_TRUE(sync(ip4_, wanted).committed.has_value());
  const std::uint32_t serial = serial_of(ip4_.id);
  const std::size_t journaled = journal(ip4_.id).size();
  const ComputedSync again = sync(ip4_, wanted, kT0 + seconds{500});
  EXPECT_FALSE(again.committed.has_value());
  EXPECT_EQ(again.added + again.changed + again.removed + again.withheld + again.unfit, 0u);
  EXPECT_EQ(serial_of(ip4_.id), serial);
  EXPECT_EQ(journal(ip4_.id).size(), journaled);
  EXPECT_EQ(sync_audits(), 1u);
  const ComputedSync empty = sync(dom_, {}, kT0 + seconds{500});
  EXPECT_FALSE(empty.committed.has_value()) << "no computed rows and none wanted";
  EXPECT_EQ(serial_of(dom_.id), 1767225600u);
}

TEST_F(ComputedListingTest, EmptyWantedRemovesEveryComputedRowAndNothingElse) {
  put(ip("192.0.2.9"), 4);
  sync(ip4_, {computed(ip("192.0.2.1"), 2), computed(ip("192.0.2.2"), 2)});
  const ComputedSync s = sync(ip4_, {}, kT0 + seconds{30});
  EXPECT_EQ(s.removed, 2u);
  ASSERT_TRUE(s.committed.has_value());
  EXPECT_EQ(rows(*s.committed),
            (Rows{"del 1.2.0.192.bl.example. 127.0.0.2", "del 2.2.0.192.bl.example. 127.0.0.2"}));
  const auto left = ok(store_->list_listings(ip4_.id, std::nullopt, 10));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].source, "manual");
}

TEST_F(ComputedListingTest, ManualAndImportedRowsHoldTheirKeys) {
  ZoneContents contents{ip4_, {}, {}, {Listing{ip("192.0.2.8"), a_answer(5)}}};
  contents.records.push_back({ip4_.apex, 2, 3600, {}});
  const dnswire::Name ns = dns_name("ns1.bl.example.");
  contents.records.back().rdata.assign(ns.wire().begin(), ns.wire().end());
  ok(store_->replace_zone(contents, kT0));
  put(ip("192.0.2.9"), 4);
  const std::uint32_t serial = serial_of(ip4_.id);
  const ComputedSync s =
      sync(ip4_, {computed(ip("192.0.2.8"), 2), computed(ip("192.0.2.9"), 2)}, kT0 + seconds{40});
  EXPECT_EQ(s.withheld, 2u);
  EXPECT_EQ(s.added, 0u);
  EXPECT_FALSE(s.committed.has_value()) << "withholding is no change";
  EXPECT_EQ(serial_of(ip4_.id), serial);
  EXPECT_EQ(got(ip4_, ip("192.0.2.8")).source, "import");
  EXPECT_EQ(got(ip4_, ip("192.0.2.8")).answer, a_answer(5));
  EXPECT_EQ(got(ip4_, ip("192.0.2.9")).source, "manual");
  EXPECT_EQ(got(ip4_, ip("192.0.2.9")).answer, a_answer(4));
}

TEST_F(ComputedListingTest, AllowEntriesWithholdExactAndCoveredKeys) {
  allow(ip("192.0.2.0/24"));
  allow(ip("198.51.100.7"));
  allow(std::string{"good.example"});
  const ComputedSync s =
      sync(ip4_, {computed(ip("192.0.2.5"), 2), computed(ip("192.0.2.128/25"), 2),
                  computed(ip("198.51.100.7"), 2), computed(ip("198.51.100.8"), 2)});
  EXPECT_EQ(s.withheld, 3u);
  EXPECT_EQ(s.added, 1u);
  ASSERT_TRUE(s.committed.has_value());
  EXPECT_EQ(rows(*s.committed), (Rows{"add 8.100.51.198.bl.example. 127.0.0.2"}));
  EXPECT_FALSE(find(ip4_, ip("192.0.2.5")).has_value());
  EXPECT_FALSE(find(ip4_, ip("192.0.2.128/25")).has_value());
  EXPECT_EQ(got(ip4_, ip("198.51.100.7")).policy, ListingPolicy::Allow);
  const ComputedSync d =
      sync(dom_, {computed(std::string{"good.example"}, 2), computed(std::string{"bad.example"}, 2),
                  computed(std::string{"sub.good.example"}, 2)});
  EXPECT_EQ(d.withheld, 1u) << "a domain allow entry covers its own domain only";
  EXPECT_EQ(d.added, 2u);
}

TEST_F(ComputedListingTest, ComputedRowUnderNewAllowEntryIsRemovedWithoutJournal) {
  sync(ip4_, {computed(ip("192.0.2.5"), 2), computed(ip("192.0.2.6"), 2)});
  // The allow entry's own commit journals the computed listing it hides ...
  EXPECT_EQ(rows(allow(ip("192.0.2.0/24"))),
            (Rows{"del 5.2.0.192.bl.example. 127.0.0.2", "del 6.2.0.192.bl.example. 127.0.0.2"}));
  // ... so the sync that drops the row has nothing more to journal, whether or not it is wanted.
  const ComputedSync s = sync(ip4_, {computed(ip("192.0.2.5"), 2)}, kT0 + seconds{50});
  EXPECT_EQ(s.withheld, 1u);
  EXPECT_EQ(s.removed, 2u);
  ASSERT_TRUE(s.committed.has_value());
  EXPECT_TRUE(s.committed->changes.empty());
  EXPECT_FALSE(find(ip4_, ip("192.0.2.5")).has_value());
  EXPECT_FALSE(find(ip4_, ip("192.0.2.6")).has_value());
  EXPECT_EQ(got(ip4_, ip("192.0.2.0/24")).policy, ListingPolicy::Allow);
}

TEST_F(ComputedListingTest, ComputedPrefixAroundAnAllowEntryHasAHoleTheJournalCannotSay) {
  allow(ip("192.0.2.7"));
  const ComputedSync s = sync(ip4_, {computed(ip("192.0.2.0/24"), 2)});
  ASSERT_TRUE(s.committed.has_value());
  EXPECT_EQ(rows(*s.committed), (Rows{"add *.2.0.192.bl.example. 127.0.0.2"}));
  EXPECT_FALSE(s.committed->journal_complete);
  const ComputedSync plain =
      sync(ip4_, {computed(ip("192.0.2.0/24"), 2), computed(ip("203.0.113.0/24"), 2)},
           kT0 + seconds{20});
  ASSERT_TRUE(plain.committed.has_value());
  EXPECT_TRUE(plain.committed->journal_complete);
}

TEST_F(ComputedListingTest, ManualPutOverComputedKeyTurnsItManualAndSyncLeavesItAlone) {
  sync(ip4_, {computed(ip("192.0.2.1"), 2)});
  const Committed manual = put(ip("192.0.2.1"), 4);
  EXPECT_EQ(rows(manual),
            (Rows{"add 1.2.0.192.bl.example. 127.0.0.4", "del 1.2.0.192.bl.example. 127.0.0.2"}));
  EXPECT_EQ(got(ip4_, ip("192.0.2.1")).source, "manual");
  const ComputedSync still_wanted = sync(ip4_, {computed(ip("192.0.2.1"), 2)}, kT0 + seconds{60});
  EXPECT_EQ(still_wanted.withheld, 1u);
  EXPECT_FALSE(still_wanted.committed.has_value());
  const ComputedSync not_wanted = sync(ip4_, {}, kT0 + seconds{70});
  EXPECT_EQ(not_wanted.removed, 0u) << "the sync removes computed rows only";
  EXPECT_FALSE(not_wanted.committed.has_value());
  EXPECT_EQ(got(ip4_, ip("192.0.2.1")).answer, a_answer(4));
  // The same for a domain turned into an allow entry.
  sync(dom_, {computed(std::string{"bad.example"}, 2)});
  allow(std::string{"bad.example"});
  EXPECT_FALSE(sync(dom_, {}, kT0 + seconds{80}).committed.has_value());
  EXPECT_EQ(got(dom_, std::string{"bad.example"}).policy, ListingPolicy::Allow);
}

TEST_F(ComputedListingTest, KeysTheZoneCannotHoldAreUnfit) {
  dnswire::IpPrefix host_bits = ip("192.0.2.0/24");
  host_bits.addr[3] = 1;
  const ComputedSync s = sync(ip4_, {computed(std::string{"bad.example"}, 2),
                                     computed(host_bits, 2), computed(ip("192.0.2.1"), 2)});
  EXPECT_EQ(s.unfit, 2u);
  EXPECT_EQ(s.added, 1u);
  const ComputedSync d =
      sync(dom_, {computed(ip("192.0.2.1"), 2), computed(std::string{"Upper.Example"}, 2),
                  computed(std::string{"bad.example"}, 2)});
  EXPECT_EQ(d.unfit, 2u);
  EXPECT_EQ(d.added, 1u);
  const ComputedSync none =
      sync(dom_, {computed(ip("192.0.2.1"), 2), computed(std::string{"bad.example"}, 2)},
           kT0 + seconds{90});
  EXPECT_EQ(none.unfit, 1u);
  EXPECT_FALSE(none.committed.has_value()) << "an unfit key alone changes nothing";
}

TEST_F(ComputedListingTest, ListingWithoutAnswerIsInvalidAndWritesNothing) {
  const std::uint32_t serial = serial_of(ip4_.id);
  EXPECT_EQ(code_of(store_->sync_computed(
                ip4_.id,
                std::vector<ComputedListing>{computed(ip("192.0.2.1"), 2), {ip("192.0.2.2"), {}}},
                reputation_, kT0 + seconds{10})),
            StoreError::Code::Invalid);
  EXPECT_FALSE(find(ip4_, ip("192.0.2.1")).has_value()) << "all or nothing";
  EXPECT_EQ(serial_of(ip4_.id), serial);
  EXPECT_EQ(code_of(store_->sync_computed(999, std::vector<ComputedListing>{}, reputation_, kT0)),
            StoreError::Code::NotFound);
}

TEST_F(ComputedListingTest, SyncIsAuditedOnceWithCountsAndKeys) {
  allow(ip("192.0.2.9"));
  sync(ip4_, {computed(ip("192.0.2.3"), 2)});
  sync(ip4_,
       {computed(ip("192.0.2.1"), 2), computed(ip("192.0.2.2"), 2), computed(ip("192.0.2.9"), 2),
        computed(std::string{"x.example"}, 2)},
       kT0 + seconds{20});
  const auto audit = ok(store_->list_audit(action_filter("reputation.sync")));
  ASSERT_EQ(audit.size(), 2u);
  const AuditEntry& last = audit[0];  // newest first
  EXPECT_EQ(last.actor, "reputation");
  EXPECT_EQ(last.object, "bl.example.");
  EXPECT_EQ(last.at, 1767225620);
  EXPECT_TRUE(last.before.empty());
  EXPECT_EQ(last.after,
            "{\"added\":2,\"changed\":0,\"removed\":1,\"withheld\":1,\"unfit\":1,"
            "\"added_keys\":[\"192.0.2.1\",\"192.0.2.2\"],\"removed_keys\":[\"192.0.2.3\"]}");
}

TEST_F(ComputedListingTest, ManualListingsAreTheOperatorsRowsOnly) {
  sync(ip4_, {computed(ip("192.0.2.1"), 2), computed(ip("192.0.2.2"), 2)});
  put(ip("198.51.100.1"), 4);
  allow(ip("203.0.113.0/24"));
  put(ip("192.0.2.2"), 3);  // a computed row taken over
  const auto manual = ok(store_->manual_listings(ip4_.id));
  std::vector<std::string> keys;
  for (const ListingRecord& r : manual) {
    EXPECT_EQ(r.source, "manual");
    keys.push_back(std::get<dnswire::IpPrefix>(r.key).to_text() + " " +
                   std::string{policy_to_text(r.policy)});
  }
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"192.0.2.2 list", "198.51.100.1 list",
                                            "203.0.113.0/24 allow"}));
  EXPECT_TRUE(ok(store_->manual_listings(dom_.id)).empty());
}

}  // namespace
}  // namespace vouchd::store
