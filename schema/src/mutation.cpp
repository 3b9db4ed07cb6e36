// A zone mutation's transaction, journal and audit rows, and the owners it journals
// (mutation.h).
#include "mutation.h"

#include <cstdio>
#include <utility>

#include "sql.h"
#include "store_impl.h"

namespace vouchd::store::detail {
namespace {

std::string_view op_text(ChangeOp op) noexcept {
  return op == ChangeOp::Add ? "add" : op == ChangeOp::Del ? "del" : "reset";
}

// Binds `text`, or NULL when it is empty.
void bind_text_or_null(Query& q, int index, std::string_view text) {
  if (text.empty()) {
    q.bind_null(index);
  } else {
    q.bind(index, text);
  }
}

}  // namespace

void append_audit(Db& db, std::int64_t at, const Actor& who, std::string_view action,
                  std::string_view object, std::string_view before, std::string_view after) {
  Query q = db.query(sql::kInsertAudit);
  q.bind(1, at).bind(2, std::string_view{who.name}).bind(3, action).bind(4, object);
  bind_text_or_null(q, 5, before);
  bind_text_or_null(q, 6, after);
  q.run();
}

Mutation::Mutation(Db& db, std::int64_t zone_id, std::chrono::sys_seconds now)
    : db_{db}, txn_{db}, at_{unix_seconds(now)} {
  Query q = db_.query(sql::kSelectZoneById);
  q.bind(1, zone_id);
  std::optional<Zone> zone = q.step() ? read_zone(q) : std::nullopt;
  if (!zone) fail(StoreError::Code::NotFound, "no zone with id " + std::to_string(zone_id));
  zone_ = std::move(*zone);
  serial_ = next_serial(zone_.soa.serial, now);
}

void Mutation::journal(ChangeOp op, const StaticRecord& rr) {
  const std::string owner = rr.owner.to_text();
  Query q = db_.query(sql::kInsertChange);
  q.bind(1, zone_.id).bind(2, std::int64_t{serial_}).bind(3, op_text(op)).bind(4, owner);
  q.bind(5, std::int64_t{rr.type}).bind(6, std::int64_t{rr.ttl});
  q.bind(7, std::span<const std::uint8_t>{rr.rdata}).bind(8, at_);
  q.run();
  changes_.push_back(Change{db_.last_insert_rowid(), serial_, op, rr,
                            std::chrono::sys_seconds{std::chrono::seconds{at_}}});
}

void Mutation::audit(const Actor& who, std::string_view action, std::string_view object,
                     std::string_view before, std::string_view after) {
  append_audit(db_, at_, who, action, object, before, after);
}

Committed Mutation::commit() {
  db_.query(sql::kSetZoneSerial)
      .bind(1, zone_.id)
      .bind(2, std::int64_t{serial_})
      .bind(3, at_)
      .run();
  txn_.commit();
  return Committed{serial_, std::move(changes_), journal_complete_};
}

void require_kind(const Zone& zone, ZoneKind kind, std::string_view message) {
  if (zone.kind != kind) fail(StoreError::Code::Invalid, std::string{message});
}

// --- JSON

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

void JsonObject::key(std::string_view k) {
  if (out_.size() > 1) out_.push_back(',');
  out_ += json_quote(k);
  out_.push_back(':');
}

JsonObject& JsonObject::text(std::string_view k, std::string_view value) {
  key(k);
  out_ += json_quote(value);
  return *this;
}

JsonObject& JsonObject::number(std::string_view k, std::int64_t value) {
  key(k);
  out_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::optional_number(std::string_view k, std::optional<std::int64_t> value) {
  return value ? number(k, *value) : raw(k, "null");
}

JsonObject& JsonObject::optional_real(std::string_view k, std::optional<double> value) {
  if (!value) return raw(k, "null");
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", *value);
  return raw(k, text);
}

JsonObject& JsonObject::boolean(std::string_view k, bool value) {
  return raw(k, value ? "true" : "false");
}

JsonObject& JsonObject::raw(std::string_view k, std::string_view json) {
  key(k);
  out_ += json;
  return *this;
}

}  // namespace vouchd::store::detail
