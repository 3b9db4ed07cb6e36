// What the reputation routes know about an identity (design.md §11): its score now, the lifetime
// totals of its own evidence and a daily history. GET /api/v1/reputation/{identity} and the
// REPUTE query (RFC 7072/7073) both read it from here; how the score is computed stays behind
// report_of().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routes.h"
#include "vouchd/reputation/engine.h"

namespace vouchd::api {

// One day of an identity's own evidence, unweighted and undecayed.
struct DayTotals {
  std::int64_t day = 0;          // unix seconds of the day's start (UTC)
  std::uint64_t complaints = 0;  // complaints and trap hits
  std::uint64_t delivered = 0;
  std::uint64_t not_spam = 0;
};

struct IdentityReport {
  reputation::Identity identity;
  reputation::Score score;  // at the `now` report_of() was given
  // Lifetime totals of the identity's own evidence, unweighted and undecayed.
  std::uint64_t complaints = 0;  // complaints and trap hits
  std::uint64_t delivered = 0;
  std::uint64_t not_spam = 0;
  std::size_t reporters = 0;     // distinct reporters with evidence about it
  std::vector<DayTotals> daily;  // oldest first, only days with evidence
};

// The identity `text` names: an IPv4 address as is, an IPv6 address as its /64, otherwise a
// domain name (U-labels turned into A-labels, lower case, no final dot). Text that is none of
// these (a prefix, a malformed address such as "192.0.2.300", a bad name) sets `error` (400
// naming `field`) and returns nullopt.
std::optional<reputation::Identity> parse_identity(std::string_view text, const std::string& field,
                                                   ApiError& error);

// The reputation clock's now (the system clock when no service is attached).
std::int64_t reputation_now(const Context& ctx);

// The report on `id` at unix time `now`, or nullopt when nothing is known about it; throws
// std::runtime_error when no reputation service is attached (the server's exception handler
// answers 500).
std::optional<IdentityReport> report_of(Context& ctx, const reputation::Identity& id,
                                        std::int64_t now);

}  // namespace vouchd::api
