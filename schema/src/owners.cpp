// The served form of vouches, listings and the SOA, for the change journal (mutation.h). Mirrors
// what the zone builder serves (server/zone) and export writes (server/main/src/zone_export.cpp):
// a journal row must name the RR a secondary holds.
#include <string>

#include "mutation.h"

namespace vouchd::store::detail {
namespace {

using dnswire::IpPrefix;
using dnswire::Name;

constexpr std::uint16_t kTypeTxt = 16;

Name child(const Name& apex, const std::string& relative) {
  std::optional<Name> name = Name::from_text(relative, &apex);
  if (!name) fail(StoreError::Code::Invalid, "name too long: " + relative + "." + apex.to_text());
  return *name;
}

}  // namespace

Name vouch_owner(const Name& apex, std::string_view domain) {
  std::string relative{domain};
  if (!apex_is_vouch(apex)) relative += "._vouch";
  return child(apex, relative);
}

StaticRecord vouch_rr(const Zone& zone, const VouchRecord& v) {
  StaticRecord rr{vouch_owner(zone.apex, v.domain), kTypeTxt, v.ttl, {}};
  rr.rdata.push_back(static_cast<std::uint8_t>(v.categories.size()));  // <= 255: checked
  rr.rdata.insert(rr.rdata.end(), v.categories.begin(), v.categories.end());
  return rr;
}

std::vector<Name> listing_owners(const Name& apex, const ListingKey& key) {
  std::vector<Name> out;
  if (const auto* domain = std::get_if<std::string>(&key)) {
    out.push_back(child(apex, *domain));
    return out;
  }
  for (const std::string& relative : dnswire::dnsxl_owners(std::get<IpPrefix>(key))) {
    out.push_back(child(apex, relative));
  }
  return out;
}

}  // namespace vouchd::store::detail

namespace vouchd::store {

bool apex_is_vouch(const dnswire::Name& apex) noexcept {
  constexpr std::string_view kVouch{"\6_vouch", 7};
  const auto wire = apex.wire();
  if (wire.size() <= kVouch.size()) return false;
  for (std::size_t i = 0; i < kVouch.size(); ++i) {
    if (dnswire::ascii_lower_char(wire[i]) != static_cast<unsigned char>(kVouch[i])) return false;
  }
  return true;
}

std::vector<std::uint8_t> soa_rdata(const Soa& soa) {
  std::vector<std::uint8_t> out(soa.mname.wire().begin(), soa.mname.wire().end());
  out.insert(out.end(), soa.rname.wire().begin(), soa.rname.wire().end());
  for (const std::uint32_t v : {soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum}) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
  }
  return out;
}

}  // namespace vouchd::store
