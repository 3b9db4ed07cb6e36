// Tests of LiveUpdates over a real store file: journal rows of address zones as IP-prefix deltas
// (RFC 5782 §2.1, §2.4), rebuilds for rows with no entry form, and compaction on the worker
// thread while writers go on (design.md §3, §5 "Updates").
#include "vouchd/cli/live_updates.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "schema/write_fixture.h"
#include "vouchd/zone/builder.h"

namespace vouchd::cli {
namespace {

using namespace std::chrono_literals;
using store::a_answer;
using store::ip;
using store::kT0;
using store::ok;
using store::vouch;
using zone::Hit;

// What DNS answers for `qname` in `z`: "nx", "nodata", the A addresses and TXT strings.
std::string answer(const zone::Zone& z, std::string_view qname) {
  zone::QueryName q;
  const auto n = dnswire::Name::from_text(qname);
  if (!n || !zone::make_query_name(n->wire(), q)) return "bad name";
  const Hit hit = z.lookup(q);
  if (hit.what == Hit::What::NxDomain) return "nx";
  if (hit.what == Hit::What::EmptyNonTerminal) return "nodata";
  std::string out;
  for (const zone::AnswerSet::RR& rr : hit.answers->rrs()) {
    if (!out.empty()) out += ' ';
    if (rr.type == dnswire::RRType::A && rr.rdata.size() == 4) {
      out += std::to_string(rr.rdata[0]) + "." + std::to_string(rr.rdata[1]) + "." +
             std::to_string(rr.rdata[2]) + "." + std::to_string(rr.rdata[3]);
    } else if (rr.type == dnswire::RRType::Txt && !rr.rdata.empty()) {
      out.append(rr.rdata.begin() + 1, rr.rdata.end());
    } else {
      out += "type" + std::to_string(static_cast<int>(rr.type));
    }
  }
  return out;
}

class LiveUpdatesTest : public store::WriteApiTest {
 protected:
  void SetUp() override {
    WriteApiTest::SetUp();
    ip4_ = make_zone(store::ZoneKind::DnsblIp4, "bl.example.");
    ip6_ = make_zone(store::ZoneKind::DnsblIp6, "bl6.example.");
    vbr_ = make_zone(store::ZoneKind::Vbr, "vouch.example.");
  }

  // Publishes what the store holds now, as `vouchd serve` does at start-up.
  void publish_all() { publisher_.publish(zone::build_zone_set(*store_)); }

  std::shared_ptr<const zone::Zone> served(const store::Zone& z) const {
    for (const auto& s : publisher_.current()->zones()) {
      if (s->apex() == z.apex) return s;
    }
    return nullptr;
  }

  // A write as the API makes it: commit, then apply with the store lock (here: this thread).
  void put_listing(LiveUpdates& live, const store::Zone& z, std::string_view prefix,
                   std::uint8_t last, std::string_view text = {}) {
    const auto c = ok(
        store_->put_listing(z.id, ip(prefix), a_answer(last, text), std::nullopt, admin_, now()));
    live.apply(ok(store_->zone_by_id(z.id)), c);
  }
  void delete_listing(LiveUpdates& live, const store::Zone& z, std::string_view prefix) {
    const auto c = ok(store_->delete_listing(z.id, ip(prefix), admin_, now()));
    live.apply(ok(store_->zone_by_id(z.id)), c);
  }
  void put_vouch(LiveUpdates& live, std::string domain, std::string categories = "all") {
    const auto c = ok(
        store_->put_vouch(vbr_.id, vouch(std::move(domain), std::move(categories)), admin_, now()));
    live.apply(ok(store_->zone_by_id(vbr_.id)), c);
  }
  // A later second for every write, so serials follow each other as in a busy minute.
  std::chrono::sys_seconds now() { return kT0 + std::chrono::seconds{++clock_}; }

  store::Zone ip4_;
  store::Zone ip6_;
  store::Zone vbr_;
  zone::Publisher publisher_;
  int clock_ = 0;
};

// --- address zones: journal owners back to prefixes

TEST_F(LiveUpdatesTest, AddressListingIsAppliedAsDeltaNotRebuild) {
  publish_all();
  LiveUpdates live{*store_, publisher_};
  put_listing(live, ip4_, "192.0.2.1", 2, "spam");
  const auto z = served(ip4_);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->delta_size(), 2u);  // the address, and the apex SOA with the new serial
  EXPECT_EQ(answer(*z, "1.2.0.192.bl.example."), "127.0.0.2 spam");
  EXPECT_EQ(answer(*z, "2.2.0.192.bl.example."), "nx");
  EXPECT_EQ(z->serial(), ok(store_->zone_by_id(ip4_.id)).soa.serial);
}

TEST_F(LiveUpdatesTest, AddressRangeAndItsRemovalAnswerAsStored) {
  ok(store_->put_listing(ip4_.id, ip("198.51.100.0/24"), a_answer(3), std::nullopt, admin_, now()));
  publish_all();
  LiveUpdates live{*store_, publisher_};
  put_listing(live, ip4_, "198.51.100.7", 5);  // more specific than the base's /24
  EXPECT_EQ(answer(*served(ip4_), "7.100.51.198.bl.example."), "127.0.0.5");
  EXPECT_EQ(answer(*served(ip4_), "8.100.51.198.bl.example."), "127.0.0.3");
  delete_listing(live, ip4_, "198.51.100.0/24");
  EXPECT_EQ(answer(*served(ip4_), "8.100.51.198.bl.example."), "nx");
  EXPECT_EQ(answer(*served(ip4_), "7.100.51.198.bl.example."), "127.0.0.5");
  EXPECT_GT(served(ip4_)->delta_size(), 0u);
}

TEST_F(LiveUpdatesTest, PrefixOffLabelBoundaryIsRemovedWhole) {
  // A /23 is journaled as two /24 wildcards (RFC 5782 §2.1); the base must key it the same way
  // for their removal to hide it.
  ok(store_->put_listing(ip4_.id, ip("203.0.112.0/23"), a_answer(2), std::nullopt, admin_, now()));
  ok(store_->put_listing(ip4_.id, ip("203.0.120.0/25"), a_answer(2), std::nullopt, admin_, now()));
  publish_all();
  LiveUpdates live{*store_, publisher_};
  EXPECT_EQ(answer(*served(ip4_), "9.113.0.203.bl.example."), "127.0.0.2");
  delete_listing(live, ip4_, "203.0.112.0/23");
  EXPECT_EQ(answer(*served(ip4_), "9.112.0.203.bl.example."), "nx");
  EXPECT_EQ(answer(*served(ip4_), "9.113.0.203.bl.example."), "nx");
  put_listing(live, ip4_, "203.0.120.0/25", 4);  // 128 address owners with a new answer
  EXPECT_EQ(answer(*served(ip4_), "127.120.0.203.bl.example."), "127.0.0.4");
  EXPECT_EQ(answer(*served(ip4_), "128.120.0.203.bl.example."), "nx");
  delete_listing(live, ip4_, "203.0.120.0/25");
  EXPECT_EQ(answer(*served(ip4_), "0.120.0.203.bl.example."), "nx");
  EXPECT_GT(served(ip4_)->delta_size(), 0u);
}

TEST_F(LiveUpdatesTest, Ipv6PrefixesAreNibbleOwners) {
  publish_all();
  LiveUpdates live{*store_, publisher_};
  put_listing(live, ip6_, "2001:db8:1:2::/64", 6);
  const std::string inside =
      "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl6.example.";
  const std::string outside =
      "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl6.example.";
  EXPECT_EQ(answer(*served(ip6_), inside), "127.0.0.6");
  EXPECT_EQ(answer(*served(ip6_), outside), "nx");
  EXPECT_GT(served(ip6_)->delta_size(), 0u);
  delete_listing(live, ip6_, "2001:db8:1:2::/64");
  EXPECT_EQ(answer(*served(ip6_), inside), "nx");
}

TEST_F(LiveUpdatesTest, SoaChangeRebuildsTheZone) {
  publish_all();
  LiveUpdates live{*store_, publisher_};
  put_listing(live, ip4_, "192.0.2.1", 2);
  ASSERT_GT(served(ip4_)->delta_size(), 0u);
  store::Soa soa = ok(store_->zone_by_id(ip4_.id)).soa;
  soa.minimum = 60;
  const auto c = ok(store_->update_soa(ip4_.id, soa, admin_, now()));
  live.apply(ok(store_->zone_by_id(ip4_.id)), c);
  const auto z = served(ip4_);
  EXPECT_EQ(z->delta_size(), 0u);  // rebuilt, with the new SOA and the listing
  EXPECT_EQ(z->serial(), c.serial);
  EXPECT_EQ(answer(*z, "1.2.0.192.bl.example."), "127.0.0.2");
}

// --- background compaction

// Holds the first compaction after its base is made until the test releases it; later ones pass.
struct HeldRebase {
  std::shared_ptr<const zone::Zone> hold(std::shared_ptr<const zone::Zone> base) {
    if (calls.fetch_add(1) != 0) return base;
    entered.set_value();
    released.wait();
    return base;
  }
  std::atomic<int> calls{0};
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
};

TEST_F(LiveUpdatesTest, WritersGoOnWhileACompactionIsHeldAndNoneIsLost) {
  publish_all();
  HeldRebase held;
  std::future<void> entered = held.entered.get_future();
  LiveUpdates::Options options;
  options.compact_at = 8;
  options.rebase = [&held, inner = LiveUpdates::rebuild_from(path_)](const zone::Zone& z) {
    return held.hold(inner(z));  // the store as of now: later writes must be replayed on top
  };
  LiveUpdates live{*store_, publisher_, options};
  for (int i = 0; i < 9; ++i)
    put_vouch(live, "d" + std::to_string(i) + ".example");
  entered.wait();  // the compaction has read the store and now blocks
  // Every write below is applied and visible while the compaction is held: apply() never waits
  // for it (if it did, this would not finish and the deadline below fails the test).
  auto writes = std::async(std::launch::async, [&] {
    for (int i = 9; i < 60; ++i) {
      put_vouch(live, "d" + std::to_string(i) + ".example", i % 2 == 0 ? "list" : "transaction");
      const auto z = served(vbr_);
      for (int k = 0; k < i; ++k) {
        ASSERT_NE(answer(*z, "d" + std::to_string(k) + ".example._vouch.vouch.example."), "nx")
            << "write " << k << " lost after write " << i;
      }
    }
    put_vouch(live, "d0.example", "transaction list");  // a change to an entry in the base read
  });
  const bool finished = writes.wait_for(60s) == std::future_status::ready;
  const std::uint64_t while_held = live.compactions();
  held.release.set_value();
  ASSERT_TRUE(finished) << "a writer waited for the compaction";
  writes.get();
  EXPECT_EQ(while_held, 0u);
  live.wait_idle();
  EXPECT_GE(live.compactions(), 1u);
  const auto z = served(vbr_);
  EXPECT_EQ(z->serial(), ok(store_->zone_by_id(vbr_.id)).soa.serial);
  EXPECT_EQ(answer(*z, "d0.example._vouch.vouch.example."), "transaction list");
  EXPECT_EQ(answer(*z, "d58.example._vouch.vouch.example."), "list");
  EXPECT_EQ(answer(*z, "d59.example._vouch.vouch.example."), "transaction");
  for (int k = 0; k < 60; ++k) {
    EXPECT_NE(answer(*z, "d" + std::to_string(k) + ".example._vouch.vouch.example."), "nx") << k;
  }
  // The replayed writes may start a next compaction; once idle the delta is back under the mark.
  live.wait_idle();
  EXPECT_LE(served(vbr_)->delta_size(), options.compact_at + 1);
}

TEST_F(LiveUpdatesTest, EveryAcknowledgedWriteIsServedWhileCompactionsRun) {
  publish_all();
  LiveUpdates::Options options;
  options.compact_at = 16;
  options.rebase = LiveUpdates::rebuild_from(path_);
  LiveUpdates live{*store_, publisher_, options};
  constexpr int kWrites = 400;
  std::atomic<int> acked{0};
  std::atomic<bool> lost{false};
  // A DNS reader: whatever snapshot it loads holds every write acknowledged before the load.
  std::jthread reader{[&](const std::stop_token& stop) {
    while (!stop.stop_requested() && acked.load() < kWrites) {
      const int n = acked.load();
      const auto set = publisher_.current();
      for (const auto& z : set->zones()) {
        if (z->apex() != vbr_.apex) continue;
        for (int k = 0; k < n; ++k) {
          if (answer(*z, "w" + std::to_string(k) + ".example._vouch.vouch.example.") == "nx") {
            lost = true;
          }
        }
      }
    }
  }};
  for (int i = 0; i < kWrites; ++i) {
    put_vouch(live, "w" + std::to_string(i) + ".example");
    acked = i + 1;
  }
  reader.join();
  EXPECT_FALSE(lost.load());
  live.wait_idle();
  EXPECT_GE(live.compactions(), 1u);
  EXPECT_LE(served(vbr_)->delta_size(), options.compact_at + 1);
  EXPECT_EQ(answer(*served(vbr_), "w0.example._vouch.vouch.example."), "all");
  EXPECT_EQ(answer(*served(vbr_), "w399.example._vouch.vouch.example."), "all");
}

TEST_F(LiveUpdatesTest, RebuildDuringACompactionVoidsIt) {
  publish_all();
  HeldRebase held;
  std::future<void> entered = held.entered.get_future();
  LiveUpdates::Options options;
  options.compact_at = 4;
  options.rebase = [&held](const zone::Zone& z) { return held.hold(z.compacted()); };
  LiveUpdates live{*store_, publisher_, options};
  for (int i = 0; i < 5; ++i)
    put_vouch(live, "e" + std::to_string(i) + ".example");
  entered.wait();
  store::Soa soa = ok(store_->zone_by_id(vbr_.id)).soa;
  soa.minimum = 42;
  const auto c = ok(store_->update_soa(vbr_.id, soa, admin_, now()));
  live.apply(ok(store_->zone_by_id(vbr_.id)), c);  // a synchronous rebuild
  put_vouch(live, "e5.example");
  const auto before = served(vbr_);
  held.release.set_value();
  live.wait_idle();
  EXPECT_EQ(live.compactions(), 0u);  // its base predates the rebuild: not published
  EXPECT_EQ(served(vbr_), before);
  EXPECT_EQ(answer(*served(vbr_), "e5.example._vouch.vouch.example."), "all");
}

TEST_F(LiveUpdatesTest, CompactionWithoutRebaseFoldsTheDelta) {
  publish_all();
  LiveUpdates::Options options;
  options.compact_at = 8;
  LiveUpdates live{*store_, publisher_, options};  // Zone::compacted()
  for (int i = 0; i < 30; ++i)
    put_vouch(live, "c" + std::to_string(i) + ".example");
  live.wait_idle();
  EXPECT_GE(live.compactions(), 1u);
  for (int k = 0; k < 30; ++k) {
    EXPECT_EQ(answer(*served(vbr_), "c" + std::to_string(k) + ".example._vouch.vouch.example."),
              "all");
  }
}

// --- cos zones (design.md §11): owners read back by their shape, all three families in one zone

TEST_F(LiveUpdatesTest, CosEntriesOfEachFamilyAreAppliedAsDeltas) {
  const store::Zone cos = make_zone(store::ZoneKind::Cos, "cos.example.");
  publish_all();
  LiveUpdates live{*store_, publisher_};
  const std::string v6 = dnswire::reversed_labels(ip("2001:db8:1::5")) + ".cos.example.";
  EXPECT_EQ(answer(*served(cos), "9.2.0.192.cos.example."), "127.0.0.1");
  EXPECT_EQ(answer(*served(cos), v6), "127.0.0.1");
  EXPECT_EQ(answer(*served(cos), "good.example.cos.example."), "127.0.0.1");
  for (const store::ListingKey& key :
       {store::ListingKey{ip("192.0.2.0/24")}, store::ListingKey{ip("2001:db8:1::/48")},
        store::ListingKey{std::string{"good.example"}}}) {
    const auto c =
        ok(store_->put_listing(cos.id, key, a_answer(7, "earned"), std::nullopt, admin_, now()));
    live.apply(ok(store_->zone_by_id(cos.id)), c);
  }
  const auto z = served(cos);
  ASSERT_NE(z, nullptr);
  // Three entries, the domain's parent (an empty non-terminal) and the apex SOA: no rebuild.
  EXPECT_EQ(z->delta_size(), 5u);
  EXPECT_EQ(answer(*z, "9.2.0.192.cos.example."), "127.0.0.7 earned");
  EXPECT_EQ(answer(*z, v6), "127.0.0.7 earned");
  EXPECT_EQ(answer(*z, "good.example.cos.example."), "127.0.0.7 earned");
  const auto d = ok(store_->delete_listing(cos.id, ip("192.0.2.0/24"), admin_, now()));
  live.apply(ok(store_->zone_by_id(cos.id)), d);
  EXPECT_EQ(answer(*served(cos), "9.2.0.192.cos.example."), "127.0.0.1");
}

TEST_F(LiveUpdatesTest, CosDefaultClassChangeRebuildsTheZone) {
  const store::Zone cos = make_zone(store::ZoneKind::Cos, "cos.example.");
  publish_all();
  LiveUpdates live{*store_, publisher_};
  const auto c = ok(store_->update_zone(cos.id, std::nullopt,
                                        store::CodedAnswer{{0x7F000009}, "new"}, admin_, now()));
  live.apply(ok(store_->zone_by_id(cos.id)), c);
  const auto z = served(cos);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(z->delta_size(), 0u);  // a fresh build
  EXPECT_EQ(answer(*z, "sender.example.cos.example."), "127.0.0.9 new");
}

}  // namespace
}  // namespace vouchd::cli
