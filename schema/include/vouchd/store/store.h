// The typed store API over SQLite (design.md §4): the only place in vouchd that speaks SQL.
// One writer connection, WAL, migrations embedded in the binary and applied on open.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <variant>
#include <vector>

#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/name.h"

struct sqlite3;

namespace vouchd::store {

template <typename T, typename E>
using Expected = tl::expected<T, E>;

struct StoreError {
  enum class Code : std::uint8_t { Io, Corrupt, Busy, NotFound, Conflict, Invalid };
  Code code = Code::Io;
  std::string message;  // for logs and CLI output
};

enum class ZoneKind : std::uint8_t { Vbr, DnsblIp4, DnsblIp6, DnsblDomain, Static };
std::string_view kind_to_text(ZoneKind kind) noexcept;  // "vbr", "dnsbl-ip4", ...
std::optional<ZoneKind> kind_from_text(std::string_view text) noexcept;

struct Soa {
  dnswire::Name mname;
  dnswire::Name rname;
  std::uint32_t serial = 0;
  std::uint32_t refresh = 3600;
  std::uint32_t retry = 600;
  std::uint32_t expire = 604800;
  std::uint32_t minimum = 300;
  std::uint32_t ttl = 3600;  // TTL of the SOA RR itself
};

struct Zone {
  std::int64_t id = 0;
  dnswire::Name apex;  // lower-case
  ZoneKind kind = ZoneKind::Static;
  Soa soa;
  std::uint32_t default_ttl = 3600;
};

// A record served as stored (apex NS, test points, anything imported that is not an entry).
struct StaticRecord {
  dnswire::Name owner;  // absolute, case as written
  std::uint16_t type = 0;
  std::uint32_t ttl = 0;
  std::vector<std::uint8_t> rdata;
};

// One RR of a listing's answer, without owner (the owner is the query name).
struct AnswerRR {
  std::uint16_t type = 0;
  std::uint32_t ttl = 0;
  std::vector<std::uint8_t> rdata;
  friend bool operator==(const AnswerRR&, const AnswerRR&) = default;
};
using Answer = std::vector<AnswerRR>;  // shared by many listings; stored once per zone

// A VBR vouch: `<domain>._vouch.<certifier>` TXT "<categories>".
struct Vouch {
  std::string domain;      // presentation, lower-case, no final dot ("sender.example")
  std::string categories;  // "transaction list": [a-z]+ tokens, single spaces
  std::uint32_t ttl = 0;
};

// What a DNSxL listing is keyed by: an IPv4/IPv6 prefix or a domain (presentation, lower-case, no
// final dot).
using ListingKey = std::variant<dnswire::IpPrefix, std::string>;

struct Listing {
  ListingKey key;
  Answer answer;
};

// One row of the change journal. A Reset means the zone was replaced whole at `serial` (IXFR
// across it falls back to AXFR); its `rr` is empty.
enum class ChangeOp : std::uint8_t { Add, Del, Reset };
struct Change {
  std::int64_t id = 0;
  std::uint32_t serial = 0;
  ChangeOp op = ChangeOp::Reset;
  StaticRecord rr;
  std::chrono::sys_seconds at{};
};

// A whole zone as `import` reads it from a master file.
struct ZoneContents {
  Zone zone;  // id ignored
  std::vector<StaticRecord> records;
  std::vector<Vouch> vouches;
  std::vector<Listing> listings;
};

// One SQLite connection: use a Store from one thread at a time.
class Store {
 public:
  // Opens (creating if asked) the database at `path` and applies pending migrations.
  [[nodiscard]] static Expected<std::unique_ptr<Store>, StoreError> open(const std::string& path,
                                                                         bool create);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Schema version after migrations (PRAGMA user_version); -1 on a read error.
  int schema_version();

  // zones(), zone() and answers() return nothing (empty, nullopt) on a read error; zones of a
  // kind this build does not know are left out.
  std::vector<Zone> zones();
  std::optional<Zone> zone(const dnswire::Name& apex);

  // Creates the zone or replaces all its contents in one transaction (all or nothing), raises its
  // serial to max(old + 1, file serial, now) in RFC 1982 terms, and journals a reset. Returns the
  // zone as stored. Errors leave the store as it was: Invalid for malformed contents (a record
  // outside the zone, rdata over 65535 octets, a domain key not in the form above, a prefix with
  // host bits set), Conflict for a key given twice ("duplicate vouch a.example"), Busy when
  // another writer holds the lock past the busy timeout.
  [[nodiscard]] Expected<Zone, StoreError> replace_zone(const ZoneContents& contents,
                                                        std::chrono::sys_seconds now);

  // Streamed reads for the zone builder and export; the views passed to `fn` live for the call,
  // and `fn` must not call back into the store. Each call is its own read transaction. Records
  // come in stored order, vouches and listings in key order (bytewise); a read error (I/O,
  // corruption) stops the stream and is returned.
  // for_each_vouch skips suspended vouches (they are not served); expiry is the caller's to judge.
  Expected<void, StoreError> for_each_record(std::int64_t zone_id,
                                             const std::function<void(const StaticRecord&)>& fn);
  Expected<void, StoreError> for_each_vouch(std::int64_t zone_id,
                                            const std::function<void(const Vouch&)>& fn);
  std::vector<std::pair<std::int64_t, Answer>> answers(std::int64_t zone_id);
  // Served vouches plus listings of the zone (a sizing hint for the zone builder).
  [[nodiscard]] Expected<std::size_t, StoreError> entry_count(std::int64_t zone_id);
  Expected<void, StoreError> for_each_ip_listing(
      std::int64_t zone_id, const std::function<void(const dnswire::IpPrefix&, std::int64_t)>& fn);
  Expected<void, StoreError> for_each_domain_listing(
      std::int64_t zone_id, const std::function<void(std::string_view, std::int64_t)>& fn);

  // The zone's change journal, oldest first (the source of IXFR, RFC 1995).
  [[nodiscard]] Expected<std::vector<Change>, StoreError> changes(std::int64_t zone_id);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// RFC 1982 serial arithmetic: is `a` after `b`?
bool serial_after(std::uint32_t a, std::uint32_t b) noexcept;
// The next serial: max(old + 1, unix time) in RFC 1982 terms.
std::uint32_t next_serial(std::uint32_t old, std::chrono::sys_seconds now) noexcept;

}  // namespace vouchd::store
