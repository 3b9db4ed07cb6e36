// Tests of API tokens (found by hash, refused after revocation or expiry, audited) and of the
// audit log's filters and keyset pages.
#include <gtest/gtest.h>

#include <array>
#include <limits>

#include "write_fixture.h"

namespace vouchd::store {
namespace {

using Hash = std::array<std::uint8_t, 32>;

Hash hash_of(std::uint8_t seed) {
  Hash h{};
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::uint8_t>(seed + i);
  return h;
}

using TokenStoreTest = WriteApiTest;

TEST_F(TokenStoreTest, CreatedTokenIsFoundByItsHashOnly) {
  const Hash h = hash_of(1);
  const std::int64_t id = ok(store_->create_token(h, TokenRole::Certifier, "ci", std::nullopt, cli_, kT0));
  const std::optional<Token> t = ok(store_->find_token(h));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->id, id);
  EXPECT_EQ(t->role, TokenRole::Certifier);
  EXPECT_EQ(t->label, "ci");
  EXPECT_EQ(t->created, 1767225600);
  EXPECT_FALSE(t->expires.has_value());
  EXPECT_TRUE(t->usable(kT0 + seconds{86400 * 365}));
  EXPECT_FALSE(ok(store_->find_token(hash_of(2))).has_value());
}

TEST_F(TokenStoreTest, RevokedTokenIsRefused) {
  const Hash h = hash_of(3);
  const std::int64_t id = ok(store_->create_token(h, TokenRole::Admin, "boot", std::nullopt, cli_, kT0));
  EXPECT_TRUE(store_->revoke_token(id, admin_, kT0 + seconds{10}).has_value());
  const std::optional<Token> t = ok(store_->find_token(h));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->revoked, 1767225610);
  EXPECT_FALSE(t->usable(kT0 + seconds{11}));
  EXPECT_EQ(code_of(store_->revoke_token(id, admin_, kT0)), StoreError::Code::Conflict);
  EXPECT_EQ(code_of(store_->revoke_token(id + 100, admin_, kT0)), StoreError::Code::NotFound);
}

TEST_F(TokenStoreTest, ExpiredTokenIsRefused) {
  const Hash h = hash_of(4);
  ok(store_->create_token(h, TokenRole::Viewer, "temp", 1767225660, cli_, kT0));
  const std::optional<Token> t = ok(store_->find_token(h));
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->usable(kT0 + seconds{59}));
  EXPECT_FALSE(t->usable(kT0 + seconds{60}));
}

TEST_F(TokenStoreTest, SameHashTwiceIsConflict) {
  ok(store_->create_token(hash_of(5), TokenRole::Viewer, "a", std::nullopt, cli_, kT0));
  EXPECT_EQ(code_of(store_->create_token(hash_of(5), TokenRole::Admin, "b", std::nullopt, cli_, kT0)),
            StoreError::Code::Conflict);
  EXPECT_EQ(ok(store_->list_tokens()).size(), 1u);
}

TEST_F(TokenStoreTest, ListTokensInCreationOrderWithRoles) {
  ok(store_->create_token(hash_of(6), TokenRole::Reporter, "feed", std::nullopt, cli_, kT0));
  ok(store_->create_token(hash_of(7), TokenRole::Viewer, "dash", std::nullopt, cli_, kT0));
  const std::vector<Token> all = ok(store_->list_tokens());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].label, "feed");
  EXPECT_EQ(all[0].role, TokenRole::Reporter);
  EXPECT_EQ(all[1].role, TokenRole::Viewer);
  EXPECT_EQ(role_from_text("certifier"), TokenRole::Certifier);
  EXPECT_FALSE(role_from_text("root").has_value());
}

TEST_F(TokenStoreTest, CreationAndRevocationAreAuditedWithoutTheHash) {
  const std::int64_t id =
      ok(store_->create_token(hash_of(8), TokenRole::Certifier, "ci", std::nullopt, cli_, kT0));
  ASSERT_TRUE(store_->revoke_token(id, admin_, kT0 + seconds{5}).has_value());
  const auto created = ok(store_->list_audit(action_filter("token.create")));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].actor, "cli");
  EXPECT_EQ(created[0].object, "token/" + std::to_string(id));
  EXPECT_EQ(created[0].before, "");
  EXPECT_NE(created[0].after.find("\"role\":\"certifier\""), std::string::npos);
  EXPECT_EQ(created[0].after.find("hash"), std::string::npos);
  const auto revoked = ok(store_->list_audit(action_filter("token.revoke")));
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].actor, "admin-token");
  EXPECT_NE(revoked[0].before.find("\"revoked\":null"), std::string::npos) << revoked[0].before;
  EXPECT_NE(revoked[0].after.find("\"revoked\":1767225605"), std::string::npos) << revoked[0].after;
}

TEST_F(TokenStoreTest, ReporterTrustIsFixedListedAuditedAndCleared) {
  const std::int64_t id =
      ok(store_->create_token(hash_of(9), TokenRole::Reporter, "feed", std::nullopt, cli_, kT0));
  EXPECT_FALSE(ok(store_->list_tokens())[0].trust.has_value()) << "learned until fixed";
  ASSERT_TRUE(store_->set_token_trust(id, 0.75, admin_, kT0 + seconds{5}).has_value());
  const std::vector<Token> all = ok(store_->list_tokens());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].trust, 0.75);
  EXPECT_EQ(ok(store_->find_token(hash_of(9)))->trust, 0.75);
  ASSERT_TRUE(store_->set_token_trust(id, 0.0, admin_, kT0 + seconds{6}).has_value());
  EXPECT_EQ(ok(store_->list_tokens())[0].trust, 0.0) << "zero is a fixed trust, not none";
  ASSERT_TRUE(store_->set_token_trust(id, std::nullopt, admin_, kT0 + seconds{7}).has_value());
  EXPECT_FALSE(ok(store_->list_tokens())[0].trust.has_value());
  const auto audit = ok(store_->list_audit(action_filter("token.trust")));
  ASSERT_EQ(audit.size(), 3u);
  const AuditEntry& first = audit[2];  // newest first
  EXPECT_EQ(first.actor, "admin-token");
  EXPECT_EQ(first.object, "token/" + std::to_string(id));
  EXPECT_EQ(first.at, 1767225605);
  EXPECT_NE(first.before.find("\"trust\":null"), std::string::npos) << first.before;
  EXPECT_NE(first.after.find("\"trust\":0.75"), std::string::npos) << first.after;
  EXPECT_NE(audit[0].before.find("\"trust\":0}"), std::string::npos) << audit[0].before;
  EXPECT_NE(audit[0].after.find("\"trust\":null"), std::string::npos) << audit[0].after;
}

TEST_F(TokenStoreTest, ReporterTrustOutsideZeroToOneOrOfNoTokenIsRefused) {
  const std::int64_t id =
      ok(store_->create_token(hash_of(10), TokenRole::Reporter, "feed", std::nullopt, cli_, kT0));
  for (const double bad : {-0.01, 1.01, std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(code_of(store_->set_token_trust(id, bad, admin_, kT0)), StoreError::Code::Invalid)
        << bad;
  }
  ASSERT_TRUE(store_->set_token_trust(id, 1.0, admin_, kT0).has_value()) << "1 itself is fine";
  EXPECT_EQ(code_of(store_->set_token_trust(id + 100, 0.5, admin_, kT0)),
            StoreError::Code::NotFound);
  EXPECT_EQ(code_of(store_->set_token_trust(id + 100, std::nullopt, admin_, kT0)),
            StoreError::Code::NotFound);
  EXPECT_EQ(ok(store_->list_tokens())[0].trust, 1.0);
  EXPECT_EQ(ok(store_->list_audit(action_filter("token.trust"))).size(), 1u)
      << "refused changes are not audited";
}

TEST_F(TokenStoreTest, AuditFiltersAndPagesNewestFirst) {
  const Zone z = make_zone(ZoneKind::Vbr, "vouch.example.");  // audit row 1: zone.create
  for (int i = 0; i < 5; ++i) {
    ok(store_->put_vouch(z.id, vouch("s" + std::to_string(i) + ".example"), i % 2 ? admin_ : cli_,
                         kT0 + seconds{i}));
  }
  AuditFilter by_actor;
  by_actor.actor = "cli";
  EXPECT_EQ(ok(store_->list_audit(by_actor)).size(), 3u);
  AuditFilter by_object;
  by_object.object_prefix = "vouch.example./s1";
  const auto one = ok(store_->list_audit(by_object));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].object, "vouch.example./s1.example");
  AuditFilter window;
  window.since = 1767225601;
  window.until = 1767225603;
  EXPECT_EQ(ok(store_->list_audit(window)).size(), 3u);
  AuditFilter page;
  page.limit = 2;
  std::vector<std::int64_t> ids;
  for (;;) {
    const auto got = ok(store_->list_audit(page));
    for (const AuditEntry& e : got) ids.push_back(e.id);
    if (got.size() < 2) break;
    page.after_id = got.back().id;
  }
  ASSERT_EQ(ids.size(), 6u);
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend()));
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

}  // namespace
}  // namespace vouchd::store
