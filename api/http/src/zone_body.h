// Reading the bodies of the zone routes (design.md §5, §12): a new zone with its SOA fields
// (RFC 1035 §3.3.13), default TTL, NS set and glue addresses, a cos zone's default class
// (design.md §11), and a subset of SOA fields and the default class to change. The first problem is
// reported with its JSON path ("soa.refresh", "ns[1]").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "routes.h"
#include "vouchd/dnswire/name.h"

namespace vouchd::api {

// The SOA members a body gave; the others keep their value.
struct SoaPatch {
  std::optional<dnswire::Name> mname;
  std::optional<dnswire::Name> rname;
  std::optional<std::uint32_t> refresh;
  std::optional<std::uint32_t> retry;
  std::optional<std::uint32_t> expire;
  std::optional<std::uint32_t> minimum;
  std::optional<std::uint32_t> ttl;

  store::Soa applied_to(store::Soa soa) const;
};

struct NewZone {
  store::Zone zone;                          // id unset; serial 0 (the serial policy sets it)
  std::vector<store::StaticRecord> records;  // the apex NS set, then the glue A/AAAA records
};

// POST /api/v1/zones: {"apex", "kind", "soa": {"mname", "rname", "refresh", "retry", "expire",
// "minimum", "ttl"}, "default_ttl", "ns": [names], "addresses": {ns name: [addresses]},
// "default_class": {"codes": [...], "txt": "..."}}. mname, rname and one NS name at least are
// required; an NS name inside the zone needs addresses, and only those may have them. NS and glue
// records take the default TTL. default_class is for cos zones only (400 naming it for any other
// kind); without it a cos zone answers 127.0.0.1 without TXT.
[[nodiscard]] std::optional<NewZone> read_new_zone(const std::string& body, ApiError& error);

// What a PATCH changes; at least one of the two is set.
struct ZonePatch {
  std::optional<SoaPatch> soa;
  std::optional<store::CodedAnswer> default_class;  // the whole class: codes and TXT
};

// PATCH /api/v1/zones/{zone}: {"soa": {...}} with at least one SOA member, and/or
// {"default_class": {"codes": [...], "txt": "..."}} (whether the zone is cos is the caller's to
// check).
[[nodiscard]] std::optional<ZonePatch> read_zone_patch(const std::string& body, ApiError& error);

}  // namespace vouchd::api
