// Tests of vouchd::store: migrations, zone replacement (all or nothing, RFC 1982 serials, the
// reset journal row), streamed reads, answer interning and durability across SIGKILL.
#include "vouchd/store/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "support/temp_dir.h"

namespace vouchd::store {
namespace {

using dnswire::IpPrefix;
using dnswire::Name;
using std::chrono::seconds;
using std::chrono::sys_seconds;

constexpr int kSchemaVersion = 4;                 // the highest migration in schema/migrations/
constexpr sys_seconds kNow{seconds{1767225600}};  // 2026-01-01T00:00:00Z

Name name(std::string_view text) {
  std::optional<Name> n = Name::from_text(text);
  EXPECT_TRUE(n.has_value()) << text;
  return n.value_or(Name{});
}

IpPrefix prefix(std::string_view text) {
  std::optional<IpPrefix> p = IpPrefix::parse(text);
  EXPECT_TRUE(p.has_value()) << text;
  return p.value_or(IpPrefix{});
}

AnswerRR a_rr(std::uint8_t last, std::uint32_t ttl = 300) {
  return AnswerRR{.type = 1, .ttl = ttl, .rdata = {127, 0, 0, last}};
}

AnswerRR txt_rr(std::string_view text) {
  std::vector<std::uint8_t> rdata(text.size() + 1);
  rdata[0] = static_cast<std::uint8_t>(text.size());  // one character-string
  std::copy(text.begin(), text.end(), rdata.begin() + 1);
  return AnswerRR{.type = 16, .ttl = 300, .rdata = std::move(rdata)};
}

ZoneContents contents(ZoneKind kind, std::string_view apex, std::uint32_t serial = 1) {
  ZoneContents c;
  c.zone.apex = name(apex);
  c.zone.kind = kind;
  c.zone.soa.mname = name("ns1." + std::string{apex});
  c.zone.soa.rname = name("hostmaster." + std::string{apex});
  c.zone.soa.serial = serial;
  return c;
}

std::vector<Vouch> vouches_of(Store& store, std::int64_t zone_id) {
  std::vector<Vouch> out;
  EXPECT_TRUE(store.for_each_vouch(zone_id, [&](const Vouch& v) { out.push_back(v); }));
  return out;
}

std::vector<std::pair<IpPrefix, std::int64_t>> ip_listings_of(Store& store, std::int64_t zone_id) {
  std::vector<std::pair<IpPrefix, std::int64_t>> out;
  EXPECT_TRUE(store.for_each_ip_listing(
      zone_id, [&](const IpPrefix& p, std::int64_t answer) { out.emplace_back(p, answer); }));
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> domain_listings_of(Store& store,
                                                                     std::int64_t zone_id) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  EXPECT_TRUE(store.for_each_domain_listing(
      zone_id, [&](std::string_view d, std::int64_t answer) { out.emplace_back(d, answer); }));
  return out;
}

std::map<std::int64_t, Answer> answers_of(Store& store, std::int64_t zone_id) {
  std::map<std::int64_t, Answer> out;
  for (auto& [id, answer] : store.answers(zone_id))
    out.emplace(id, std::move(answer));
  return out;
}

class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> open(bool create = true) {
    auto store = Store::open(path_, create);
    EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  }

  Zone replace(Store& store, const ZoneContents& c, sys_seconds now = kNow) {
    auto zone = store.replace_zone(c, now);
    EXPECT_TRUE(zone.has_value()) << (zone ? "" : zone.error().message);
    return zone.value_or(Zone{});
  }

  testing::TempDir dir_;
  std::string path_ = dir_.file("vouchd.db");
};

// --- opening and migrations

TEST_F(StoreTest, OpenCreatesDatabaseAtLatestSchema) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  EXPECT_TRUE(store->zones().empty());
  store.reset();  // the last close checkpoints the WAL into the file
  std::ifstream file{path_, std::ios::binary};
  const std::vector<unsigned char> header{std::istreambuf_iterator<char>{file}, {}};
  ASSERT_GE(header.size(), 100u);
  EXPECT_EQ(header[18], 2) << "file format 2 means WAL";
  EXPECT_EQ(header[60] << 24 | header[61] << 16 | header[62] << 8 | header[63], kSchemaVersion)
      << "user_version";
}

TEST_F(StoreTest, ReopenKeepsSchemaVersionAndData) {
  {
    auto store = open();
    ZoneContents c = contents(ZoneKind::Vbr, "vouch.example.");
    c.vouches = {{"sender.example", "transaction", 600}};
    replace(*store, c);
  }
  auto store = open(false);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  const std::optional<Zone> zone = store->zone(name("vouch.example."));
  ASSERT_TRUE(zone.has_value());
  const std::vector<Vouch> vouches = vouches_of(*store, zone->id);
  ASSERT_EQ(vouches.size(), 1u);
  EXPECT_EQ(vouches[0].domain, "sender.example");
}

TEST_F(StoreTest, OpenWithoutCreateReportsMissingFile) {
  const auto store = Store::open(path_, false);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, StoreError::Code::NotFound);
}

TEST_F(StoreTest, OpenRejectsFileThatIsNotADatabase) {
  std::ofstream{path_} << std::string(4096, 'x');
  const auto store = Store::open(path_, false);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, StoreError::Code::Corrupt);
}

TEST_F(StoreTest, OpenRefusesSchemaNewerThanThisBuild) {
  open().reset();  // creates the file; closing checkpoints the WAL into it
  {
    std::fstream file{path_, std::ios::in | std::ios::out | std::ios::binary};
    file.seekp(60);  // the header's user_version, big-endian
    const char newer[4] = {0, 0, 0, 99};
    file.write(newer, sizeof newer);
  }
  const auto store = Store::open(path_, false);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, StoreError::Code::Invalid);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
}

// --- replace_zone round trips, one per kind

TEST_F(StoreTest, ReplaceZoneStoresZoneFieldsWithLowerCaseApex) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::DnsblIp4, "BL.Example.");
  c.zone.soa.refresh = 1200;
  c.zone.soa.retry = 120;
  c.zone.soa.expire = 1209600;
  c.zone.soa.minimum = 60;
  c.zone.soa.ttl = 900;
  c.zone.default_ttl = 2100;
  const Zone stored = replace(*store, c);
  const std::vector<Zone> zones = store->zones();
  ASSERT_EQ(zones.size(), 1u);
  const Zone& z = zones[0];
  EXPECT_EQ(z.id, stored.id);
  EXPECT_EQ(z.apex.to_text(), "bl.example.");
  EXPECT_EQ(z.kind, ZoneKind::DnsblIp4);
  EXPECT_EQ(z.soa.mname.to_text(), "ns1.BL.Example.");
  EXPECT_EQ(z.soa.rname.to_text(), "hostmaster.BL.Example.");
  EXPECT_EQ(z.soa.serial, stored.soa.serial);
  EXPECT_EQ(z.soa.refresh, 1200u);
  EXPECT_EQ(z.soa.retry, 120u);
  EXPECT_EQ(z.soa.expire, 1209600u);
  EXPECT_EQ(z.soa.minimum, 60u);
  EXPECT_EQ(z.soa.ttl, 900u);
  EXPECT_EQ(z.default_ttl, 2100u);
  EXPECT_TRUE(store->zone(name("bl.EXAMPLE.")).has_value());
  EXPECT_FALSE(store->zone(name("other.example.")).has_value());
}

TEST_F(StoreTest, StaticRecordsRoundTripInOrderWithOwnerCase) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::Static, "static.example.");
  c.records = {{name("static.example."), 2, 86400, {3, 'n', 's', '1', 0}},
               {name("WWW.Static.Example."), 1, 300, {192, 0, 2, 1}},
               {name("a.static.example."), 16, 60, {}}};
  const Zone zone = replace(*store, c);
  std::vector<StaticRecord> read;
  ASSERT_TRUE(store->for_each_record(zone.id, [&](const StaticRecord& r) { read.push_back(r); }));
  ASSERT_EQ(read.size(), 3u);
  for (std::size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].owner.to_text(), c.records[i].owner.to_text());
    EXPECT_EQ(read[i].type, c.records[i].type);
    EXPECT_EQ(read[i].ttl, c.records[i].ttl);
    EXPECT_EQ(read[i].rdata, c.records[i].rdata);
  }
  EXPECT_EQ(read[1].owner.to_text(), "WWW.Static.Example.");
}

TEST_F(StoreTest, VouchesRoundTripInDomainOrder) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::Vbr, "vouch.example.");
  c.vouches = {{"zeta.example", "list", 600},
               {"alpha.example", "transaction list", 300},
               {"mid.example", "all", 3600}};
  const Zone zone = replace(*store, c);
  const std::vector<Vouch> read = vouches_of(*store, zone.id);
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].domain, "alpha.example");
  EXPECT_EQ(read[0].categories, "transaction list");
  EXPECT_EQ(read[0].ttl, 300u);
  EXPECT_EQ(read[1].domain, "mid.example");
  EXPECT_EQ(read[2].domain, "zeta.example");
  EXPECT_EQ(read[2].categories, "list");
}

// Keys sharing 8-byte chunks, ending on chunk edges and prefixing each other: the import sorts
// them itself (in chunks) before inserting, and must agree with SQLite's bytewise order.
TEST_F(StoreTest, VouchesWithSharedPrefixesComeBackInBytewiseOrder) {
  auto store = open();
  std::vector<std::string> domains = {
      "abcdefghabcdefgh.example", "abcdefgh",   "abcdefgh.example",   "b",
      "abcdefghabcdefgg.example", "abcdefg",    "abcdefgh-a.example", "abcdefghabcdefgh",
      "abcdefghabcdefgh.a",       "a-b.example"};
  ZoneContents c = contents(ZoneKind::Vbr, "vouch.example.");
  for (const std::string& d : domains)
    c.vouches.push_back({d, "all", 60});
  const Zone zone = replace(*store, c);
  std::sort(domains.begin(), domains.end());
  std::vector<std::string> read;
  for (const Vouch& v : vouches_of(*store, zone.id))
    read.push_back(v.domain);
  EXPECT_EQ(read, domains);
}

TEST_F(StoreTest, ManyEntriesRoundTripAcrossInsertBatches) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::DnsblDomain, "dbl.example.");
  for (int i = 1000; i > 0; --i) {  // descending: the import must sort them
    std::string domain{"d"};
    domain.append(std::to_string(i)).append(".example");
    c.listings.push_back({std::move(domain), {a_rr(static_cast<std::uint8_t>(2 + i % 3))}});
  }
  const Zone zone = replace(*store, c);
  const auto read = domain_listings_of(*store, zone.id);
  const auto answers = answers_of(*store, zone.id);
  ASSERT_EQ(read.size(), 1000u);
  EXPECT_EQ(answers.size(), 3u);
  std::set<std::string> seen;
  for (const auto& [domain, answer_id] : read) {
    seen.insert(domain);
    const int i = std::stoi(domain.substr(1));
    ASSERT_TRUE(answers.contains(answer_id));
    EXPECT_EQ(answers.at(answer_id), Answer{a_rr(static_cast<std::uint8_t>(2 + i % 3))}) << domain;
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_TRUE(std::is_sorted(read.begin(), read.end()));
}

TEST_F(StoreTest, Ipv4ListingsRoundTripWithTheirAnswers) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::DnsblIp4, "bl.example.");
  c.listings = {{prefix("198.51.100.0/24"), {a_rr(3)}}, {prefix("192.0.2.99"), {a_rr(2)}}};
  const Zone zone = replace(*store, c);
  const auto read = ip_listings_of(*store, zone.id);
  const auto answers = answers_of(*store, zone.id);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].first, prefix("192.0.2.99"));
  EXPECT_EQ(read[0].first.length, 32);
  EXPECT_EQ(read[1].first, prefix("198.51.100.0/24"));
  ASSERT_TRUE(answers.contains(read[0].second));
  ASSERT_TRUE(answers.contains(read[1].second));
  EXPECT_EQ(answers.at(read[0].second), Answer{a_rr(2)});
  EXPECT_EQ(answers.at(read[1].second), Answer{a_rr(3)});
}

TEST_F(StoreTest, Ipv6ListingsRoundTripWithTheirAnswers) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::DnsblIp6, "bl6.example.");
  c.listings = {{prefix("2001:db8:1::/48"), {a_rr(2)}}, {prefix("2001:db8::1"), {a_rr(4)}}};
  const Zone zone = replace(*store, c);
  const auto read = ip_listings_of(*store, zone.id);
  const auto answers = answers_of(*store, zone.id);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].first, prefix("2001:db8::1"));
  EXPECT_EQ(read[0].first.family, dnswire::IpFamily::V6);
  EXPECT_EQ(read[0].first.length, 128);
  EXPECT_EQ(read[1].first, prefix("2001:db8:1::/48"));
  EXPECT_EQ(answers.at(read[0].second), Answer{a_rr(4)});
  EXPECT_EQ(answers.at(read[1].second), Answer{a_rr(2)});
}

TEST_F(StoreTest, DomainListingsRoundTripWithTheirAnswers) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::DnsblDomain, "dbl.example.");
  const Answer phish{a_rr(4), txt_rr("phishing, see https://dbl.example/q")};
  c.listings = {{std::string{"spam.example"}, {a_rr(2)}}, {std::string{"bad.example"}, phish}};
  const Zone zone = replace(*store, c);
  const auto read = domain_listings_of(*store, zone.id);
  const auto answers = answers_of(*store, zone.id);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].first, "bad.example");
  EXPECT_EQ(read[1].first, "spam.example");
  EXPECT_EQ(answers.at(read[0].second), phish);
  EXPECT_EQ(answers.at(read[1].second), Answer{a_rr(2)});
}

TEST_F(StoreTest, IdenticalAnswersShareOneRow) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::DnsblIp4, "bl.example.");
  const Answer spam{a_rr(2), txt_rr("listed")};
  c.listings = {
      {prefix("192.0.2.1"), spam}, {prefix("192.0.2.7"), {a_rr(3)}}, {prefix("192.0.2.9"), spam}};
  const Zone zone = replace(*store, c);
  const auto read = ip_listings_of(*store, zone.id);
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].second, read[2].second);
  EXPECT_NE(read[0].second, read[1].second);
  EXPECT_EQ(answers_of(*store, zone.id).size(), 2u);
}

TEST_F(StoreTest, ReplaceDropsThePreviousContents) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::DnsblDomain, "dbl.example.");
  c.records = {{name("dbl.example."), 16, 60, {2, 'h', 'i'}}};
  c.listings = {{std::string{"old.example"}, {a_rr(2)}}};
  replace(*store, c);
  c.records.clear();
  c.listings = {{std::string{"new.example"}, {a_rr(3)}}};
  const Zone zone = replace(*store, c);
  const auto read = domain_listings_of(*store, zone.id);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].first, "new.example");
  const auto answers = answers_of(*store, zone.id);
  ASSERT_EQ(answers.size(), 1u) << "the old answer must go with its listings";
  EXPECT_EQ(answers.begin()->second, Answer{a_rr(3)});
  int records = 0;
  ASSERT_TRUE(store->for_each_record(zone.id, [&](const StaticRecord&) { ++records; }));
  EXPECT_EQ(records, 0);
  EXPECT_EQ(store->zones().size(), 1u);
}

TEST_F(StoreTest, ZonesKeepTheirContentsApart) {
  auto store = open();
  ZoneContents a = contents(ZoneKind::Vbr, "a.example.");
  a.vouches = {{"one.example", "all", 60}};
  ZoneContents b = contents(ZoneKind::Vbr, "b.example.");
  b.vouches = {{"two.example", "all", 60}, {"three.example", "all", 60}};
  const Zone za = replace(*store, a);
  const Zone zb = replace(*store, b);
  replace(*store, a);  // replacing a must leave b alone
  EXPECT_EQ(vouches_of(*store, za.id).size(), 1u);
  EXPECT_EQ(vouches_of(*store, zb.id).size(), 2u);
}

// --- all or nothing

TEST_F(StoreTest, FailedReplaceKeepsTheOldContents) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::Vbr, "vouch.example.");
  c.records = {{name("vouch.example."), 16, 60, {2, 'o', 'k'}}};
  c.vouches = {{"kept.example", "all", 600}};
  const Zone before = replace(*store, c);
  ZoneContents bad = contents(ZoneKind::Vbr, "vouch.example.", 4000000000u);
  bad.records = {{name("vouch.example."), 16, 60, {3, 'n', 'e', 'w'}}};
  bad.vouches = {{"a.example", "all", 60}, {"dup.example", "all", 60}, {"dup.example", "list", 9}};
  const auto result = store->replace_zone(bad, kNow + seconds{10});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, StoreError::Code::Conflict);
  EXPECT_NE(result.error().message.find("duplicate vouch dup.example"), std::string::npos)
      << result.error().message;
  const std::vector<Vouch> vouches = vouches_of(*store, before.id);
  ASSERT_EQ(vouches.size(), 1u);
  EXPECT_EQ(vouches[0].domain, "kept.example");
  std::vector<std::vector<std::uint8_t>> rdatas;
  ASSERT_TRUE(
      store->for_each_record(before.id, [&](const StaticRecord& r) { rdatas.push_back(r.rdata); }));
  ASSERT_EQ(rdatas.size(), 1u);
  EXPECT_EQ(rdatas[0], (std::vector<std::uint8_t>{2, 'o', 'k'}));
  EXPECT_EQ(store->zone(name("vouch.example."))->soa.serial, before.soa.serial);
  EXPECT_EQ(store->changes(before.id)->size(), 1u);
  replace(*store, c);  // the store stays usable after the rollback
}

TEST_F(StoreTest, DuplicateInsideAFullBatchIsNamedAndRolledBack) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::Vbr, "vouch.example.");
  c.vouches = {{"kept.example", "all", 600}};
  const Zone before = replace(*store, c);
  ZoneContents bad = contents(ZoneKind::Vbr, "vouch.example.");
  for (int i = 100; i < 400; ++i) {
    std::string domain{"v"};
    domain.append(std::to_string(i)).append(".example");
    bad.vouches.push_back({std::move(domain), "all", 60});
  }
  bad.vouches.push_back({"v250.example", "list", 60});  // sorts into the middle of a batch
  const auto result = store->replace_zone(bad, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, StoreError::Code::Conflict);
  EXPECT_NE(result.error().message.find("duplicate vouch v250.example"), std::string::npos)
      << result.error().message;
  const std::vector<Vouch> vouches = vouches_of(*store, before.id);
  ASSERT_EQ(vouches.size(), 1u);
  EXPECT_EQ(vouches[0].domain, "kept.example");
}

TEST_F(StoreTest, FailedCreateLeavesNoZone) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::DnsblIp4, "bl.example.");
  c.listings = {{prefix("192.0.2.1"), {a_rr(2)}}, {prefix("192.0.2.1"), {a_rr(3)}}};
  const auto result = store->replace_zone(c, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, StoreError::Code::Conflict);
  EXPECT_TRUE(store->zones().empty());
}

TEST_F(StoreTest, ReplaceRejectsMalformedEntries) {
  auto store = open();
  ZoneContents upper = contents(ZoneKind::Vbr, "vouch.example.");
  upper.vouches = {{"Sender.example", "all", 60}};
  ZoneContents dotted = contents(ZoneKind::DnsblDomain, "dbl.example.");
  dotted.listings = {{std::string{"spam.example."}, {a_rr(2)}}};
  ZoneContents host_bits = contents(ZoneKind::DnsblIp4, "bl.example.");
  IpPrefix p = prefix("192.0.2.0/24");
  p.addr[3] = 1;  // 192.0.2.1/24
  host_bits.listings = {{p, {a_rr(2)}}};
  ZoneContents outside = contents(ZoneKind::Static, "static.example.");
  outside.records = {{name("www.other.example."), 1, 60, {192, 0, 2, 1}}};
  ZoneContents long_rdata = contents(ZoneKind::DnsblIp4, "bl.example.");
  AnswerRR huge = a_rr(2);
  huge.rdata.resize(70000);
  long_rdata.listings = {{prefix("192.0.2.1"), {huge}}};
  for (const ZoneContents* c : {&upper, &dotted, &host_bits, &outside, &long_rdata}) {
    const auto result = store->replace_zone(*c, kNow);
    ASSERT_FALSE(result.has_value()) << c->zone.apex.to_text();
    EXPECT_EQ(result.error().code, StoreError::Code::Invalid);
  }
  EXPECT_TRUE(store->zones().empty());
}

// --- serials (RFC 1982) and the journal

TEST(SerialTest, SerialAfterFollowsRfc1982Sec3p2) {
  EXPECT_TRUE(serial_after(1, 0));
  EXPECT_FALSE(serial_after(0, 1));
  EXPECT_FALSE(serial_after(7, 7));
  EXPECT_TRUE(serial_after(0, 0xffffffffu)) << "wraps";
  EXPECT_TRUE(serial_after(5, 0xfffffff0u)) << "wraps";
  EXPECT_FALSE(serial_after(0xfffffff0u, 5));
  EXPECT_TRUE(serial_after(0x7fffffffu, 0));
  EXPECT_FALSE(serial_after(0x80000000u, 0)) << "2^31 apart is undefined: neither is after";
  EXPECT_FALSE(serial_after(0, 0x80000000u)) << "2^31 apart is undefined: neither is after";
}

TEST(SerialTest, NextSerialIsNowWhenTheClockIsAhead) {
  EXPECT_EQ(next_serial(1000, sys_seconds{seconds{1767225600}}), 1767225600u);
}

TEST(SerialTest, NextSerialIsOldPlusOneWhenTheClockIsBehind) {
  EXPECT_EQ(next_serial(2000000000u, sys_seconds{seconds{1767225600}}), 2000000001u);
  EXPECT_EQ(next_serial(1767225600u, sys_seconds{seconds{1767225600}}), 1767225601u);
}

TEST(SerialTest, NextSerialWrapsPastTheTop) {
  EXPECT_EQ(next_serial(0xffffffffu, sys_seconds{seconds{0xfffffff0}}), 0u);
  EXPECT_EQ(next_serial(0xfffffff0u, sys_seconds{seconds{100}}), 100u)
      << "100 is after 0xfffffff1 in RFC 1982 terms";
}

TEST_F(StoreTest, NewZoneSerialIsNowWhenTheFileSerialIsOlder) {
  auto store = open();
  EXPECT_EQ(replace(*store, contents(ZoneKind::Vbr, "vouch.example.", 7)).soa.serial, 1767225600u);
}

TEST_F(StoreTest, LaterFileSerialWins) {
  auto store = open();
  const Zone created = replace(*store, contents(ZoneKind::Vbr, "vouch.example.", 2100000000u));
  EXPECT_EQ(created.soa.serial, 2100000000u);
  const Zone replaced = replace(*store, contents(ZoneKind::Vbr, "vouch.example.", 2200000000u));
  EXPECT_EQ(replaced.soa.serial, 2200000000u);
  EXPECT_EQ(store->zone(name("vouch.example."))->soa.serial, 2200000000u);
}

TEST_F(StoreTest, ReplaceWithinOneSecondStillRaisesTheSerial) {
  auto store = open();
  const Zone first = replace(*store, contents(ZoneKind::Vbr, "vouch.example."));
  const Zone second = replace(*store, contents(ZoneKind::Vbr, "vouch.example."));
  const Zone third =
      replace(*store, contents(ZoneKind::Vbr, "vouch.example."), kNow + seconds{3600});
  EXPECT_EQ(first.soa.serial, 1767225600u);
  EXPECT_EQ(second.soa.serial, 1767225601u);
  EXPECT_EQ(third.soa.serial, 1767229200u);
}

TEST_F(StoreTest, ReplaceSerialWrapsInRfc1982Terms) {
  auto store = open();
  const sys_seconds late{seconds{0xfffffff0}};
  const Zone top = replace(*store, contents(ZoneKind::Vbr, "vouch.example.", 0xffffffffu), late);
  EXPECT_EQ(top.soa.serial, 0xffffffffu);
  const Zone wrapped =
      replace(*store, contents(ZoneKind::Vbr, "vouch.example.", 0xffffffffu), late);
  EXPECT_EQ(wrapped.soa.serial, 0u) << "0 follows 0xffffffff";
}

TEST_F(StoreTest, ReplaceJournalsOneResetAtTheNewSerial) {
  auto store = open();
  ZoneContents c = contents(ZoneKind::Vbr, "vouch.example.");
  c.vouches = {{"a.example", "all", 60}, {"b.example", "all", 60}};
  const Zone first = replace(*store, c);
  const Zone second = replace(*store, c, kNow + seconds{5});
  const auto changes = store->changes(first.id);
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].op, ChangeOp::Reset);
  EXPECT_EQ((*changes)[0].serial, first.soa.serial);
  EXPECT_EQ((*changes)[0].at, kNow);
  EXPECT_EQ((*changes)[1].op, ChangeOp::Reset);
  EXPECT_EQ((*changes)[1].serial, second.soa.serial);
  EXPECT_EQ((*changes)[1].at, kNow + seconds{5});
  EXPECT_LT((*changes)[0].id, (*changes)[1].id);
}

// --- durability

// design.md §4: an acknowledged write survives kill -9. A child process replaces a zone, reports
// the commit through a pipe and is killed at once; the parent then finds the zone.
TEST_F(StoreTest, KilledWriterKeepsAcknowledgedZone) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto store = Store::open(path_, true);
    ZoneContents c = contents(ZoneKind::Vbr, "vouch.example.");
    for (int i = 0; i < 1000; ++i) {
      std::string domain{"s"};
      domain.append(std::to_string(i)).append(".example");
      c.vouches.push_back({std::move(domain), "all", 60});
    }
    const bool ok = store && (*store)->replace_zone(c, kNow).has_value();
    const char byte = ok ? 'y' : 'n';
    if (write(fds[1], &byte, 1) != 1) _exit(1);
    for (;;)
      pause();  // killed here, with the store still open
  }
  close(fds[1]);
  char byte = 0;
  ASSERT_EQ(read(fds[0], &byte, 1), 1);
  close(fds[0]);
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_EQ(byte, 'y');
  auto store = open(false);
  ASSERT_NE(store, nullptr);
  const std::optional<Zone> zone = store->zone(name("vouch.example."));
  ASSERT_TRUE(zone.has_value());
  EXPECT_EQ(vouches_of(*store, zone->id).size(), 1000u);
}

}  // namespace
}  // namespace vouchd::store
