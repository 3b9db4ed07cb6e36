// One mutation of a zone's served data (design.md §3): a BEGIN IMMEDIATE transaction that changes
// rows, journals record-level changes at the zone's next serial, appends audit rows, raises the
// serial and commits. Also the JSON text of audit rows and the owners of journaled entries.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"
#include "vouchd/store/store.h"

namespace vouchd::store::detail {

// Appends one audit row; an empty `before` or `after` is stored as NULL.
void append_audit(Db& db, std::int64_t at, const Actor& who, std::string_view action,
                  std::string_view object, std::string_view before, std::string_view after);

class Mutation {
 public:
  // BEGIN IMMEDIATE, then reads the zone (NotFound if there is none) and computes its next
  // serial, max(old + 1, now) in RFC 1982 terms.
  Mutation(Db& db, std::int64_t zone_id, std::chrono::sys_seconds now);
  Mutation(const Mutation&) = delete;
  Mutation& operator=(const Mutation&) = delete;

  Db& db() noexcept { return db_; }
  // The zone as it was when the transaction began (its serial is the old one).
  const Zone& zone() const noexcept { return zone_; }
  std::uint32_t serial() const noexcept { return serial_; }
  std::int64_t at() const noexcept { return at_; }

  // A journal row at the new serial (op Add or Del).
  void journal(ChangeOp op, const StaticRecord& rr);
  // The served change has a part with no RR form (Committed::journal_complete).
  void mark_journal_incomplete() noexcept { journal_complete_ = false; }
  void audit(const Actor& who, std::string_view action, std::string_view object,
             std::string_view before, std::string_view after);
  // Raises the zone serial and commits; the result is valid only once this returns.
  Committed commit();

 private:
  Db& db_;
  WriteTxn txn_;
  Zone zone_;
  std::uint32_t serial_ = 0;
  std::int64_t at_ = 0;
  std::vector<Change> changes_;
  bool journal_complete_ = true;
};

// Throws Invalid with `message` unless the zone is of `kind`.
void require_kind(const Zone& zone, ZoneKind kind, std::string_view message);

// A tiny JSON object writer for audit before/after text.
class JsonObject {
 public:
  JsonObject& text(std::string_view key, std::string_view value);
  JsonObject& number(std::string_view key, std::int64_t value);
  JsonObject& optional_number(std::string_view key, std::optional<std::int64_t> value);
  JsonObject& optional_real(std::string_view key, std::optional<double> value);
  JsonObject& boolean(std::string_view key, bool value);
  JsonObject& raw(std::string_view key, std::string_view json);  // `json` already encoded
  std::string str() const { return out_ + "}"; }

 private:
  void key(std::string_view k);
  std::string out_ = "{";
};
// `text` as a JSON string literal, quotes included.
std::string json_quote(std::string_view text);

// --- owners of journaled RRs (absolute names), as the zone builder and export serve them

// `<domain>._vouch.<apex>`, or `<domain>.<apex>` when the apex itself is `_vouch.<certifier>`.
// Invalid if the name does not fit.
dnswire::Name vouch_owner(const dnswire::Name& apex, std::string_view domain);
// The TXT RR a served vouch is (one character-string: its categories).
StaticRecord vouch_rr(const Zone& zone, const VouchRecord& v);
// The names a listing is served at: `<domain>.<apex>`; the reversed address for a full-length
// prefix (RFC 5782 §2.1, §2.4); `*.` wildcards for a range, one per label-aligned sub-range.
std::vector<dnswire::Name> listing_owners(const dnswire::Name& apex, const ListingKey& key);
// SOA rdata (RFC 1035 §3.3.13), uncompressed.

}  // namespace vouchd::store::detail
