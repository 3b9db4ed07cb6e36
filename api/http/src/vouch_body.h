// A vouch as the API reads and writes it: the JSON object of PUT bodies and bulk lines, checked
// member by member, and the object replies carry. Shared by the single and the bulk routes.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "routes.h"

namespace vouchd::api {

// The members of a vouch object; absent ones are nullopt (the route supplies defaults).
struct VouchFields {
  std::optional<std::string> domain;  // bulk lines only; checked, A-labels
  std::string categories;             // joined by single spaces
  std::string note;
  std::optional<std::uint32_t> ttl;
  std::optional<std::int64_t> expires;  // unix seconds
  std::optional<bool> suspended;        // bulk lines only
};

enum class VouchShape : std::uint8_t {
  Put,   // PUT body: categories, note, ttl, expires (the domain is in the path)
  Line,  // bulk line: also domain (required) and suspended
};

// Checks `j` member by member; the first problem goes to `error` with the member's path as its
// field ("categories[2]"), unknown members included.
std::optional<VouchFields> read_vouch_object(const nlohmann::json& j, VouchShape shape,
                                             ApiError& error);

// The vbr zone named in a path (with or without its final dot), or a 404/400 written to `res`;
// the caller holds the store lock.
std::optional<store::Zone> find_vbr_zone(Context& ctx, const std::string& text,
                                         httplib::Response& res);

// The reply object of a vouch, `serial` being the zone serial it was read or written at.
nlohmann::json vouch_json(const store::Zone& zone, const store::VouchRecord& v,
                          std::uint32_t serial);

}  // namespace vouchd::api
