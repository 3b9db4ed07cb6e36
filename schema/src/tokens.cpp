// API tokens (design.md §12): stored as SHA-256 only, created and revoked with an audit row.
#include <array>
#include <string>
#include <utility>

#include "mutation.h"
#include "sql.h"
#include "store_impl.h"

namespace vouchd::store {
namespace {

using detail::Db;
using detail::Query;

constexpr std::array kRoles{TokenRole::Admin, TokenRole::Certifier, TokenRole::Reporter,
                            TokenRole::Viewer};

// Columns as in sql::kSelectTokens.
Token read_token(const Query& q) {
  const std::optional<TokenRole> role = role_from_text(q.text(1));
  if (!role) detail::fail(StoreError::Code::Corrupt, "unknown token role");
  Token t;
  t.id = q.int64(0);
  t.role = *role;
  t.label.assign(q.text(2));
  t.created = q.int64(3);
  t.expires = q.optional_int64(4);
  t.revoked = q.optional_int64(5);
  if (!q.is_null(6)) t.trust = q.real(6);
  return t;
}

std::optional<Token> token_by_id(Db& db, std::int64_t id) {
  Query q = db.query(sql::kSelectTokenById);
  q.bind(1, id);
  return q.step() ? std::optional{read_token(q)} : std::nullopt;
}

// Never the hash: the audit log is readable by more people than the token table.
std::string token_json(const Token& t) {
  return detail::JsonObject{}
      .number("id", t.id)
      .text("role", role_to_text(t.role))
      .text("label", t.label)
      .optional_number("expires", t.expires)
      .optional_number("revoked", t.revoked)
      .optional_real("trust", t.trust)
      .str();
}

std::string object_of(std::int64_t id) {
  return "token/" + std::to_string(id);
}

}  // namespace

std::string_view role_to_text(TokenRole role) noexcept {
  switch (role) {  // no default: -Wswitch names a new role left out
    case TokenRole::Admin:
      return "admin";
    case TokenRole::Certifier:
      return "certifier";
    case TokenRole::Reporter:
      return "reporter";
    case TokenRole::Viewer:
      return "viewer";
  }
  return "viewer";  // unreachable for a valid enumerator
}

std::optional<TokenRole> role_from_text(std::string_view text) noexcept {
  for (const TokenRole role : kRoles) {
    if (role_to_text(role) == text) return role;
  }
  return std::nullopt;
}

bool Token::usable(std::chrono::sys_seconds now) const noexcept {
  const std::int64_t t = detail::unix_seconds(now);
  return !revoked && (!expires || t < *expires);
}

Expected<std::int64_t, StoreError> Store::create_token(std::span<const std::uint8_t, 32> hash,
                                                       TokenRole role, std::string_view label,
                                                       std::optional<std::int64_t> expires,
                                                       const Actor& who,
                                                       std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Db& db = impl_->db;
    const std::int64_t at = detail::unix_seconds(now);
    detail::WriteTxn txn{db};
    Query q = db.query(sql::kInsertToken);
    q.bind(1, std::span<const std::uint8_t>{hash}).bind(2, role_to_text(role)).bind(3, label);
    q.bind(4, at).bind(5, expires);
    q.run();
    const Token t{db.last_insert_rowid(), role, std::string{label}, at, expires, std::nullopt,
                  std::nullopt};
    detail::append_audit(db, at, who, "token.create", object_of(t.id), "", token_json(t));
    txn.commit();
    return t.id;
  });
}

Expected<std::optional<Token>, StoreError> Store::find_token(
    std::span<const std::uint8_t, 32> hash) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kSelectTokenByHash);
    q.bind(1, std::span<const std::uint8_t>{hash});
    return q.step() ? std::optional{read_token(q)} : std::nullopt;
  });
}

Expected<std::vector<Token>, StoreError> Store::list_tokens() {
  return detail::guarded([&] {
    std::vector<Token> out;
    Query q = impl_->db.query(sql::kSelectTokens);
    while (q.step()) out.push_back(read_token(q));
    return out;
  });
}

Expected<void, StoreError> Store::revoke_token(std::int64_t id, const Actor& who,
                                               std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Db& db = impl_->db;
    const std::int64_t at = detail::unix_seconds(now);
    detail::WriteTxn txn{db};
    const std::optional<Token> old = token_by_id(db, id);
    if (!old) detail::fail(StoreError::Code::NotFound, "no token " + std::to_string(id));
    if (old->revoked) detail::fail(StoreError::Code::Conflict, "token already revoked");
    db.query(sql::kRevokeToken).bind(1, id).bind(2, at).run();
    Token revoked = *old;
    revoked.revoked = at;
    detail::append_audit(db, at, who, "token.revoke", object_of(id), token_json(*old),
                         token_json(revoked));
    txn.commit();
  });
}

Expected<void, StoreError> Store::set_token_trust(std::int64_t id, std::optional<double> trust,
                                                  const Actor& who, std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    if (trust && !(*trust >= 0 && *trust <= 1)) {
      detail::fail(StoreError::Code::Invalid, "trust must lie between 0 and 1");
    }
    Db& db = impl_->db;
    const std::int64_t at = detail::unix_seconds(now);
    detail::WriteTxn txn{db};
    const std::optional<Token> old = token_by_id(db, id);
    if (!old) detail::fail(StoreError::Code::NotFound, "no token " + std::to_string(id));
    db.query(sql::kSetTokenTrust).bind(1, id).bind(2, trust).run();
    Token changed = *old;
    changed.trust = trust;
    detail::append_audit(db, at, who, "token.trust", object_of(id), token_json(*old),
                         token_json(changed));
    txn.commit();
  });
}

}  // namespace vouchd::store
