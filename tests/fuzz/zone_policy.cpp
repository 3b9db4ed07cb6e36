// Fuzz target for zone reputation policies (server/scoring zone_policy.h): any bytes parse or are
// refused with a message, for every zone kind, never crash. An accepted policy keeps the rules
// it was checked against (bands in DNSxL zones, rising, codes in 127/8 other than 127.0.0.1),
// round-trips through its canonical JSON, and answers with TXT character-strings of at most 255
// octets (RFC 1035 §3.3.14).
#include "vouchd/scoring/zone_policy.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

namespace rep = vouchd::reputation;
namespace scoring = vouchd::scoring;
using vouchd::store::ZoneKind;

void check_txt(const vouchd::store::Answer& answer) {
  for (const auto& rr : answer) {
    if (rr.type != 16) continue;
    std::size_t at = 0;
    while (at < rr.rdata.size())
      at += 1 + rr.rdata[at];
    if (at != rr.rdata.size() || rr.rdata.empty()) std::abort();
  }
}

void check_accepted(const scoring::ZonePolicy& p, ZoneKind kind) {
  const bool dnsbl = kind != ZoneKind::Vbr && kind != ZoneKind::Static;
  if (!dnsbl || p.bands.empty() || !p.classes.empty() || p.txt.size() > 1024) std::abort();
  for (std::size_t i = 0; i < p.bands.size(); ++i) {
    const scoring::Code& c = p.bands[i].code;
    if (c[0] != 127 || (c[1] == 0 && c[2] == 0 && c[3] == 1)) std::abort();
    if (!(p.bands[i].min_rate >= 0 && p.bands[i].min_rate <= 1)) std::abort();
    if (i > 0 && !(p.bands[i].min_rate > p.bands[i - 1].min_rate)) std::abort();
  }
  const std::string canonical = scoring::policy_to_json(p);
  const auto again = scoring::parse_zone_policy(canonical, kind);
  if (!again || scoring::policy_to_json(*again) != canonical) std::abort();
  const rep::Identity id{rep::IdentityKind::Domain, std::string(200, 'd') + ".example"};
  rep::Score score;
  score.rate = p.bands.back().min_rate;
  score.listed = true;
  const auto answer = scoring::listing_answer(p, id, score, 300);
  if (!answer || answer->empty()) std::abort();
  check_txt(*answer);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  for (const ZoneKind kind : {ZoneKind::DnsblIp4, ZoneKind::DnsblIp6, ZoneKind::DnsblDomain,
                              ZoneKind::Vbr, ZoneKind::Static}) {
    const auto p = scoring::parse_zone_policy(text, kind);
    if (p) {
      check_accepted(*p, kind);
    } else if (p.error().message.empty()) {
      std::abort();
    }
  }
  return 0;
}
