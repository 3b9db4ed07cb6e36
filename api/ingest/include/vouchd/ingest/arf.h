// ARF feedback reports (RFC 5965, 6591, 6650) parsed from a whole message: the
// message/feedback-report fields and the identities of the reported message. Real-world quirks
// are tolerated and recorded; what a report cannot do without is an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "vouchd/ingest/auth_results.h"

namespace vouchd::ingest {

struct VbrInfo {  // RFC 5518 §4: VBR-Info: md=...; mc=...; mv=...
  std::string md;
  std::vector<std::string> mc;
  std::vector<std::string> mv;
};

struct ArfReport {
  // --- the report (part 2)
  std::string feedback_type;  // lower-case as sent: abuse, fraud, virus, other, not-spam,
                              // auth-failure, or an unknown type kept as-is
  std::string user_agent;
  std::string version;                   // "1" (also when it was missing or "0.1": see quirks)
  std::optional<std::string> source_ip;  // canonical text
  std::optional<std::uint16_t> source_port;
  std::uint32_t incidents = 1;
  std::optional<std::int64_t> arrival;  // unix seconds, from Arrival-Date / Received-Date
  std::string reporting_mta;            // host of "dns; host"
  std::string original_mail_from;       // address without <>; local part possibly redacted
  std::vector<std::string> original_rcpt_to;
  std::vector<std::string> reported_domains;  // lower-case
  std::vector<AuthResults> authentication_results;
  std::string auth_failure;  // RFC 6591: adsp, bodyhash, revoked, signature, spf
  std::string delivery_result;
  std::string dkim_domain;  // RFC 6591 DKIM-Domain

  // --- the reported message (part 3: message/rfc822 or text/rfc822-headers)
  std::vector<std::string> dkim_signing_domains;  // every DKIM-Signature d=, lower-case
  // Signing domains the reporter's Authentication-Results say passed (RFC 6376 §6.1: the rest
  // count as unsigned).
  std::vector<std::string> authenticated_domains;
  std::string spf_pass_domain;   // spf=pass smtp.mailfrom domain, if the reporter says so
  std::string mail_from_domain;  // domain of Original-Mail-From (not authenticated)
  std::string from_domain;       // domain of the original From: (not authenticated)
  std::string original_message_id;
  std::optional<VbrInfo> vbr_info;

  // --- the envelope of the report itself
  std::string message_id;           // the report's Message-ID (deduplication)
  std::vector<std::string> quirks;  // "missing-version", "version-0.1", "lf-line-ends", ...
};

struct ArfError {
  std::string message;  // names the problem: "no message/feedback-report part", ...
};

// `message`: the whole report as received (CRLF or LF line ends).
tl::expected<ArfReport, ArfError> parse_arf(std::string_view message);

// RFC 5518 §4 VBR-Info value; nullopt without md= or mv=.
std::optional<VbrInfo> parse_vbr_info(std::string_view value);

}  // namespace vouchd::ingest
