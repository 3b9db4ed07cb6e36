// Zone-level row writers shared by replace_zone (replace_zone.cpp) and the zone API (zones.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>

#include "db.h"
#include "vouchd/store/store.h"

namespace vouchd::store::detail {

// The connection set up for a bulk write, restored afterwards. Must wrap the transaction: neither
// pragma takes effect inside one.
// - A large page cache (pages are allocated only as they are touched).
// - Foreign-key enforcement off. Its users delete every row of the zone themselves and write only
//   ids they made in the same transaction (the zone's, and answers'), so the checks cannot fail;
//   they cost two parent look-ups per row, and deleting answers with enforcement on would need an
//   index on listings(answer_id), whose inserts land mid-tree. Together that made listings over
//   twice as slow to import. A migration that adds a table referencing records, vouches, listings
//   or answers must extend clear_zone().
class BulkMode {
 public:
  explicit BulkMode(Db& db);
  ~BulkMode();
  BulkMode(const BulkMode&) = delete;
  BulkMode& operator=(const BulkMode&) = delete;

 private:
  Db& db_;
};

struct StoredZone {
  Zone zone;
  bool existed = false;
};

// Creates or updates the zone row with the SOA values and default class of `in`
// (check_default_class) and the serial policy:
// max(old + 1, in.soa.serial, now), or max(in.soa.serial, now) for a new zone (RFC 1982).
StoredZone put_zone(Db& db, const Zone& in, std::chrono::sys_seconds now);
// Deletes the zone's records, vouches, listings and answers (not the zone row, not its journal).
void clear_zone(Db& db, std::int64_t zone_id);
void insert_records(Db& db, std::int64_t zone_id, std::span<const StaticRecord> records);
// Appends the 'reset' journal row: the zone was replaced whole at `serial`.
void insert_reset(Db& db, std::int64_t zone_id, std::uint32_t serial, std::int64_t at);

}  // namespace vouchd::store::detail
