// A zone's reputation policy (design.md §11): which answer a scored identity gets in a DNSxL or
// class-of-service zone. Score bands map a listed identity's complaint rate to a 127.0.x.y code;
// classes (cos zones) give identities that earned it a higher class than the zone's default; a
// TXT template says why. Stored as JSON (store::put_zone_policy); parse_zone_policy() is the
// one check of that JSON.
//
//   {"bands": [{"min_rate": 0.005, "code": "127.0.0.2", "reason": "spam source"},
//              {"min_rate": 0.05, "code": "127.0.0.3", "reason": "heavy spam source"}],
//    "classes": [{"code": "127.0.1.2", "min_days": 7, "min_messages": 1000, "max_rate": 0.002,
//                 "reason": "established sender"}],
//    "txt": "{identity}: {reason}, see https://rep.example/lookup/{identity}", "ttl": 300}
//
// The TXT names the band or class, not the score: an answer changes when an identity moves to
// another band, not each time decay moves its rate (which would rewrite every listing each sweep).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vouchd/reputation/engine.h"
#include "vouchd/store/store.h"

namespace vouchd::scoring {

using Code = std::array<std::uint8_t, 4>;  // an IPv4 address in 127/8

struct Band {
  double min_rate = 0;  // the smoothed complaint rate from which the band applies
  Code code{};
  std::string reason;  // for the TXT template's {reason}
};

// A class of service an identity earns: seen for at least min_days, at least min_messages
// delivered in its lifetime, a smoothed complaint rate at most max_rate, and not listed.
struct CosClass {
  Code code{};
  double min_days = 0;
  std::uint64_t min_messages = 0;
  double max_rate = 1;
  std::string reason;
};

struct ZonePolicy {
  std::vector<Band> bands;           // min_rate ascending
  std::vector<CosClass> classes;     // lowest to highest (cos zones)
  std::string txt;                   // template; empty: no TXT record
  std::optional<std::uint32_t> ttl;  // none: the zone's default TTL
};

struct PolicyError {
  std::string field;  // "bands[1].code", "txt", ...
  std::string message;
};

// The policy in `json` checked for a zone of `kind`: DNSxL zones need at least one band and take
// no classes; cos zones need at least one class (bands optional: codes for listed identities).
// Codes lie in 127/8 (never 127.0.0.1 for a band: RFC 5782 keeps it for "not listed"); the TXT
// template knows {identity}, {code} and {reason}.
tl::expected<ZonePolicy, PolicyError> parse_zone_policy(std::string_view json,
                                                        store::ZoneKind kind);
// The policy as canonical JSON (what parse_zone_policy reads back).
std::string policy_to_json(const ZonePolicy& policy);

// Whether identities of `id` kind are answered in zones of `kind`.
bool zone_serves(store::ZoneKind kind, reputation::IdentityKind id) noexcept;
// The listing key of an identity: an address prefix or a domain.
std::optional<store::ListingKey> key_of(const reputation::Identity& id);

// The TXT template with its placeholders filled in.
std::string expand_txt(std::string_view txt, const reputation::Identity& id, const Code& code,
                       std::string_view reason);
// The answer of a listed identity: the code of the highest band its rate reaches (none below the
// first band), and the TXT.
std::optional<store::Answer> listing_answer(const ZonePolicy& policy,
                                            const reputation::Identity& id,
                                            const reputation::Score& score,
                                            std::uint32_t default_ttl);
// The answer of the highest class an identity not listed has earned at `now`, if any.
std::optional<store::Answer> class_answer(const ZonePolicy& policy, const reputation::Identity& id,
                                          const reputation::Score& score, std::int64_t now,
                                          std::uint32_t default_ttl);

}  // namespace vouchd::scoring
