// Reports normalised into evidence (design.md §10): when, what kind, about which identity, how
// many. Only authenticated domains become domain evidence (DKIM d= the reporter saw pass, SPF
// MAIL FROM that passed, DMARC-aligned header From), so forged From: lines cannot blame a
// domain. Addresses are kept as sent; the reputation engine folds IPv6 into prefixes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "vouchd/ingest/arf.h"
#include "vouchd/ingest/dmarc.h"

namespace vouchd::ingest {

enum class EvidenceKind : std::uint8_t { Complaint, TrapHit, Delivered, NotSpam };
enum class IdentityType : std::uint8_t { Domain, Address };

std::string_view kind_to_text(EvidenceKind kind) noexcept;  // "complaint", "trap_hit", ...

struct EvidenceItem {
  std::int64_t at = 0;  // unix seconds: the report's own date
  EvidenceKind kind = EvidenceKind::Complaint;
  IdentityType type = IdentityType::Domain;
  std::string key;  // lower-case domain, or canonical address text
  std::uint64_t count = 1;
  friend bool operator==(const EvidenceItem&, const EvidenceItem&) = default;
};

// ARF: abuse, fraud, virus and other are complaints, not-spam its opposite, Incidents the count;
// auth-failure and unknown types give no evidence (the report is still kept). `received_at`
// stands in when the report carries no Arrival-Date.
std::vector<EvidenceItem> evidence_of(const ArfReport& report, std::int64_t received_at);

// DMARC: every record's count is delivered volume for its source address, and for its header
// From domain when DMARC-aligned DKIM or SPF passed; dated at the middle of the report's range.
std::vector<EvidenceItem> evidence_of(const DmarcReport& report);

// One JSON event of an operator's own feed:
//   {"type": "complaint"|"trap_hit"|"delivered"|"not_spam", "at": unix seconds,
//    "ip": "...", "domain": "...", "count": n, "id": "..."}
// with at least one of ip and domain (domain only when the feed authenticated it); count defaults
// to 1. The error names the member.
struct JsonEvent {
  std::string id;  // the feed's own event id, for deduplication ("" if none)
  std::vector<EvidenceItem> items;
};
struct EventError {
  std::string field;
  std::string message;
};
tl::expected<JsonEvent, EventError> parse_json_event(std::string_view json);

}  // namespace vouchd::ingest
