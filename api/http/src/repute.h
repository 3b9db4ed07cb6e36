// REPUTE (RFC 7070–7073) as pure functions: the query template this server publishes at
// /.well-known/repute-template (RFC 7072 §3), the email-id application's assertions and identity
// types (RFC 7073 §3), and the reputon (RFC 7071 §6.2) made from an identity's report. The
// routes in repute_routes.cpp only read the request and write the reply.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "reputation_view.h"

namespace vouchd::api::repute {

inline constexpr std::string_view kApplication = "email-id";                // RFC 7073
inline constexpr std::string_view kMediaType = "application/reputon+json";  // RFC 7071 §7
inline constexpr std::string_view kAssertion = "spam";  // the one assertion the evidence measures
inline constexpr std::int64_t kReputonTtl = 600;        // seconds from generated to expires
inline constexpr std::int64_t kTemplateTtl = 86400;     // RFC 7072 §3: cache at least a day

// The Host header's value if it is an authority a URI may carry (RFC 3986 §3.2.2: a name of
// letters, digits, '-', '.' and '_', or an IPv6 literal in brackets; then an optional ":port"),
// lower-cased; nullopt otherwise.
std::optional<std::string> checked_authority(std::string_view host_header);
// The host part of a checked authority ("rep.example:8080" → "rep.example").
std::string host_of(std::string_view authority);

// The template (RFC 6570 level 1) under which this server answers, for a client that reached it
// as `authority`: "http[s]://AUTHORITY/repute/{application}/{subject}/{assertion}". The authority
// is written out rather than left as the {service} variable, because expanding {service} would
// percent-encode the ':' before a port.
std::string query_template(bool tls, std::string_view authority);

// RFC 7073 §3.1: abusive, fraud, invalid-recipients, malware, spam.
bool is_email_id_assertion(std::string_view assertion);
// RFC 7073 §3.2 and §7.2: dkim, ipv4, ipv6, rfc5321.helo, rfc5321.mailfrom, rfc5322.from, spf.
bool is_email_id_identity(std::string_view identity);
// The RFC 7073 identity type of a reputation identity: "dkim" for a domain (reputation follows
// authenticated domains), "ipv4" or "ipv6".
std::string_view identity_type(const reputation::Identity& id);

// RFC 7073 §3.1: the rating of "spam" is linear, from 0.0 (no data supports the assertion) to
// 1.0 (all data supports it): the smoothed complaint rate itself, clamped to 0..1 and rounded to
// the three decimals RFC 7071 §6.2.2 allows.
double spam_rating(const reputation::Score& score);
// A value in 0..1 with at most three decimals (confidence).
double three_decimals(double value);

struct Rater {
  std::string name;            // RFC 7071 "rater"
  std::int64_t generated = 0;  // unix seconds
};

// One email-id reputon for the assertion "spam" about `subject` (the "rated" text).
nlohmann::json spam_reputon(const IdentityReport& report, std::string_view subject,
                            const Rater& rater);

// An HTTP-date (RFC 9110 §5.6.7, IMF-fixdate): "Sun, 02 Jun 2024 00:00:00 GMT".
std::string http_date(std::int64_t unix_seconds);

}  // namespace vouchd::api::repute
