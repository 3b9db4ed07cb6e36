// Tests of zone reputation policies in the store (store.h zone_policy, put_zone_policy,
// delete_zone_policy): kept as the JSON text given, listed by zone, audited, and gone with the
// zone.
#include <gtest/gtest.h>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

constexpr std::string_view kPolicy = R"({"bands":[{"min_rate":0.005,"code":"127.0.0.2"}]})";
constexpr std::string_view kOther = R"({"bands":[{"min_rate":0.01,"code":"127.0.0.3"}]})";

class ZonePolicyStoreTest : public WriteApiTest {
 protected:
  void SetUp() override {
    WriteApiTest::SetUp();
    a_ = make_zone(ZoneKind::DnsblIp4, "bl.example.");
    b_ = make_zone(ZoneKind::DnsblDomain, "dbl.example.");
  }
  Zone a_, b_;
};

TEST_F(ZonePolicyStoreTest, PolicyIsStoredReplacedAndListedByZone) {
  EXPECT_FALSE(ok(store_->zone_policy(a_.id)).has_value());
  EXPECT_TRUE(ok(store_->zone_policies()).empty());
  ASSERT_TRUE(store_->put_zone_policy(b_.id, kOther, admin_, kT0).has_value());
  ASSERT_TRUE(store_->put_zone_policy(a_.id, kPolicy, admin_, kT0).has_value());
  EXPECT_EQ(ok(store_->zone_policy(a_.id)), std::optional<std::string>{kPolicy});
  ASSERT_TRUE(store_->put_zone_policy(a_.id, kOther, admin_, kT0 + seconds{1}).has_value());
  EXPECT_EQ(ok(store_->zone_policy(a_.id)), std::optional<std::string>{kOther});
  const auto all = ok(store_->zone_policies());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], (std::pair<std::int64_t, std::string>{a_.id, std::string{kOther}}));
  EXPECT_EQ(all[1].first, b_.id);
  EXPECT_EQ(serial_of(a_.id), 1767225600u) << "a policy is no served data";
}

TEST_F(ZonePolicyStoreTest, PutAndDeleteAreAuditedWithBeforeAndAfter) {
  ASSERT_TRUE(store_->put_zone_policy(a_.id, kPolicy, admin_, kT0 + seconds{1}).has_value());
  ASSERT_TRUE(store_->put_zone_policy(a_.id, kOther, cli_, kT0 + seconds{2}).has_value());
  ASSERT_TRUE(store_->delete_zone_policy(a_.id, admin_, kT0 + seconds{3}).has_value());
  EXPECT_FALSE(ok(store_->zone_policy(a_.id)).has_value());
  const auto puts = ok(store_->list_audit(action_filter("policy.put")));
  ASSERT_EQ(puts.size(), 2u);
  EXPECT_EQ(puts[1].object, "bl.example.");
  EXPECT_EQ(puts[1].actor, "admin-token");
  EXPECT_EQ(puts[1].before, "");
  EXPECT_EQ(puts[1].after, kPolicy);
  EXPECT_EQ(puts[0].actor, "cli");
  EXPECT_EQ(puts[0].before, kPolicy);
  EXPECT_EQ(puts[0].after, kOther);
  const auto deletes = ok(store_->list_audit(action_filter("policy.delete")));
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(deletes[0].at, 1767225603);
  EXPECT_EQ(deletes[0].before, kOther);
  EXPECT_EQ(deletes[0].after, "");
}

TEST_F(ZonePolicyStoreTest, DeleteWithoutPolicyOrZoneIsNotFound) {
  EXPECT_EQ(code_of(store_->delete_zone_policy(a_.id, admin_, kT0)), StoreError::Code::NotFound);
  EXPECT_EQ(code_of(store_->delete_zone_policy(999, admin_, kT0)), StoreError::Code::NotFound);
  EXPECT_EQ(code_of(store_->put_zone_policy(999, kPolicy, admin_, kT0)),
            StoreError::Code::NotFound);
  EXPECT_TRUE(ok(store_->zone_policies()).empty());
  EXPECT_TRUE(ok(store_->list_audit(action_filter("policy.delete"))).empty());
  EXPECT_TRUE(ok(store_->list_audit(action_filter("policy.put"))).empty());
}

TEST_F(ZonePolicyStoreTest, PolicyGoesWithItsZone) {
  ASSERT_TRUE(store_->put_zone_policy(a_.id, kPolicy, admin_, kT0).has_value());
  ASSERT_TRUE(store_->put_zone_policy(b_.id, kOther, admin_, kT0).has_value());
  ASSERT_TRUE(store_->delete_zone(a_.id, admin_, kT0).has_value());
  const auto all = ok(store_->zone_policies());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].first, b_.id);
  // A new zone at the same apex starts without a policy.
  const Zone again = make_zone(ZoneKind::DnsblIp4, "bl.example.");
  EXPECT_FALSE(ok(store_->zone_policy(again.id)).has_value());
}

}  // namespace
}  // namespace vouchd::store
