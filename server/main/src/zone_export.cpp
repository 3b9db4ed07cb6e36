// Writing a stored zone as an RFC 1035 master file that `vouchd import` reads back to the same
// contents: SOA, static records, vouches under _vouch (RFC 5518 §5), listings at reversed-address
// or domain names with wildcards for ranges (RFC 5782 §2).
#include <map>

#include "vouchd/cli/zone_import.h"
#include "vouchd/dnswire/rdata_text.h"

namespace vouchd::cli {
namespace {

using dnswire::IpPrefix;
using dnswire::Name;
using dnswire::RRType;

void write_rr(std::string& out, const Name& owner, const store::AnswerRR& rr) {
  out += dnswire::record_to_text(owner, rr.ttl, 1, static_cast<RRType>(rr.type), rr.rdata);
  out.push_back('\n');
}

Name child(const Name& apex, std::string_view relative_text) {
  return Name::from_text(relative_text, &apex).value_or(apex);
}

}  // namespace

std::string export_zone(store::Store& store, const store::Zone& zone) {
  std::string out = "$ORIGIN " + zone.apex.to_text() + "\n$TTL " +
                    std::to_string(zone.default_ttl) + "\n";
  write_rr(out, zone.apex, {static_cast<std::uint16_t>(RRType::Soa), zone.soa.ttl, store::soa_rdata(zone.soa)});
  store.for_each_record(zone.id, [&](const store::StaticRecord& r) {
    write_rr(out, r.owner, {r.type, r.ttl, r.rdata});
  });
  const bool apex_is_vouch = store::apex_is_vouch(zone.apex);
  store.for_each_vouch(zone.id, [&](const store::Vouch& v) {
    const Name owner = child(zone.apex, apex_is_vouch ? v.domain : v.domain + "._vouch");
    const std::string text{v.categories};
    write_rr(out, owner, {static_cast<std::uint16_t>(RRType::Txt), v.ttl,
                          dnswire::txt_rdata(std::span<const std::string>{&text, 1})});
  });
  std::map<std::int64_t, store::Answer> answers;
  for (auto& [id, answer] : store.answers(zone.id)) answers.emplace(id, std::move(answer));
  store.for_each_domain_listing(zone.id, [&](std::string_view domain, std::int64_t id) {
    const Name owner = child(zone.apex, domain);
    for (const store::AnswerRR& rr : answers[id]) write_rr(out, owner, rr);
  });
  store.for_each_ip_listing(zone.id, [&](const IpPrefix& p, std::int64_t id) {
    for (const std::string& rel : dnswire::dnsxl_owners(p)) {
      const Name owner = child(zone.apex, rel);
      for (const store::AnswerRR& rr : answers[id]) write_rr(out, owner, rr);
    }
  });
  return out;
}

}  // namespace vouchd::cli
