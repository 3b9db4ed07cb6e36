// Reports normalised into evidence: the samples' expected extraction (standards.md §7.7, §7.9)
// and the JSON events of operators' own feeds.
#include "vouchd/ingest/evidence.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "samples.h"

namespace vouchd::ingest {
namespace {

TEST(Evidence, ArfAbuseSample) {
  const auto r = parse_arf(sample("arf-abuse.eml"));
  ASSERT_TRUE(r);
  const auto items = evidence_of(*r, 0);
  const std::vector<EvidenceItem> expected = {
      {1717243121, EvidenceKind::Complaint, IdentityType::Address, "192.0.2.25", 1},
      {1717243121, EvidenceKind::Complaint, IdentityType::Domain, "sender.example", 1},
      {1717243121, EvidenceKind::Complaint, IdentityType::Domain, "bounces.sender.example", 1},
  };
  EXPECT_EQ(items, expected);
}

TEST(Evidence, ArfTypes) {
  auto r = parse_arf(sample("arf-abuse.eml"));
  ASSERT_TRUE(r);
  r->feedback_type = "not-spam";
  EXPECT_EQ(evidence_of(*r, 0).front().kind, EvidenceKind::NotSpam);
  r->feedback_type = "auth-failure";
  EXPECT_TRUE(evidence_of(*r, 0).empty());
  r->feedback_type = "opt-out";
  EXPECT_TRUE(evidence_of(*r, 0).empty());
  r->feedback_type = "fraud";
  r->incidents = 7;
  r->arrival.reset();
  const auto items = evidence_of(*r, 1700000000);
  EXPECT_EQ(items.front().count, 7U);
  EXPECT_EQ(items.front().at, 1700000000) << "no Arrival-Date: the receiving time";
}

TEST(Evidence, DmarcSample) {
  const auto r = parse_dmarc(sample("dmarc-sample.xml"));
  ASSERT_TRUE(r);
  const std::int64_t mid = 1717200000 + (1717286399 - 1717200000) / 2;
  const std::vector<EvidenceItem> expected = {
      {mid, EvidenceKind::Delivered, IdentityType::Address, "192.0.2.25", 1200},
      {mid, EvidenceKind::Delivered, IdentityType::Domain, "sender.example", 1200},
      {mid, EvidenceKind::Delivered, IdentityType::Address, "2001:db8::25", 3},
  };
  EXPECT_EQ(evidence_of(*r), expected)
      << "the 3 unauthenticated messages count for the address only";
}

TEST(Evidence, JsonEvents) {
  const auto e = parse_json_event(
      R"({"type":"trap_hit","at":1717200000,"ip":"2001:DB8::1","domain":"Spam.Example.","count":3,"id":"t-1"})");
  ASSERT_TRUE(e) << e.error().field << ": " << e.error().message;
  EXPECT_EQ(e->id, "t-1");
  ASSERT_EQ(e->items.size(), 2U);
  EXPECT_EQ(e->items[0].key, "2001:db8::1");
  EXPECT_EQ(e->items[1].key, "spam.example");
  EXPECT_EQ(e->items[1].kind, EvidenceKind::TrapHit);
  EXPECT_EQ(e->items[1].count, 3U);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"({"type":"praise","at":1,"ip":"192.0.2.1"})", "type"},
      {R"({"type":"complaint","ip":"192.0.2.1"})", "at"},
      {R"({"type":"complaint","at":1,"ip":"192.0.2.0/24"})", "ip"},
      {R"({"type":"complaint","at":1,"domain":"no spaces.example"})", "domain"},
      {R"({"type":"complaint","at":1})", "ip"},
      {R"({"type":"complaint","at":1,"ip":"192.0.2.1","count":0})", "count"},
      {R"({"type":"complaint","at":1,"ip":"192.0.2.1","colour":"red"})", "colour"},
      {R"([1,2])", ""},
  };
  for (const auto& [text, field] : bad) {
    const auto r = parse_json_event(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().field, field) << text;
  }
}

}  // namespace
}  // namespace vouchd::ingest
