// Store::Impl, shared by the files that implement Store's methods, and helpers they share.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db.h"
#include "vouchd/dnswire/name.h"
#include "vouchd/store/store.h"

namespace vouchd::store {

struct Store::Impl {
  detail::Db db;
};

namespace detail {

// Applies every embedded migration numbered above PRAGMA user_version, each in its own
// transaction; fails if the database is newer than this build.
void migrate(Db& db);

// A name as stored (absolute presentation text); Corrupt if it does not parse.
dnswire::Name stored_name(std::string_view text);

// Columns as in sql::kSelectZones; nullopt for a kind this build does not know.
std::optional<Zone> read_zone(const Query& q);
// A cos zone's default class: 127.0.0.1 without TXT if it has none; Invalid if a zone of
// another kind has one, or it is not a valid CodedAnswer.
void check_default_class(Zone& zone);
// The default_codes and default_txt columns: bound at `first` and `first + 1` (NULL for none;
// values are bound without copies, so `codes` and `coded` must outlive the statement's run), or
// read from there (Corrupt if they do not parse).
void bind_default_class(Query& q, int first, const std::optional<CodedAnswer>& coded,
                        std::string& codes);
std::optional<CodedAnswer> read_default_class(const Query& q, int first);
std::string default_codes_text(const CodedAnswer& coded);  // "127.0.0.1 127.0.1.2"
// {"codes": ["127.0.0.1"], "txt": null}, as audit rows and the API show it.
std::string default_class_json(const CodedAnswer& coded);
// Columns: owner, type, ttl, rdata starting at `first`.
void read_rr(const Query& q, int first, StaticRecord& rr);

// The first text after every text that starts with `prefix` (bytewise); nullopt if there is none
// (an empty prefix, or one of 0xff bytes only).
std::optional<std::string> prefix_end(std::string_view prefix);
// A LIMIT value.
std::int64_t sql_limit(std::size_t limit) noexcept;

inline std::int64_t unix_seconds(std::chrono::sys_seconds t) noexcept {
  return static_cast<std::int64_t>(t.time_since_epoch().count());
}

}  // namespace detail
}  // namespace vouchd::store
