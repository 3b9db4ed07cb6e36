// DMARC aggregate reports (RFC 7489 §7.2, Appendix C) as delivered: plain XML, gzip or zip.
// Lenient about what reporters leave out or add (version, envelope_from, scope, namespaces,
// unknown elements); hostile input is refused before it costs anything: a DOCTYPE or entity
// declaration, an archive that inflates past the cap (declared or actual) or fails its CRC, an
// archive inside an archive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace vouchd::ingest {

struct DmarcAuth {
  std::string domain;    // lower-case
  std::string selector;  // DKIM only
  std::string scope;     // SPF only: "mfrom", "helo" or "" when missing
  std::string result;    // lower-case: pass, fail, softfail, ...
};

struct DmarcRecord {
  std::string source_ip;  // canonical text
  std::uint64_t count = 0;
  std::string disposition;         // none, quarantine, reject
  bool dkim_aligned_pass = false;  // policy_evaluated/dkim
  bool spf_aligned_pass = false;   // policy_evaluated/spf
  std::string header_from;         // lower-case
  std::string envelope_from;
  std::vector<DmarcAuth> dkim;  // auth_results: raw, unaligned
  std::vector<DmarcAuth> spf;
};

struct DmarcReport {
  std::string org_name;
  std::string email;
  std::string report_id;
  std::int64_t begin = 0;  // unix seconds
  std::int64_t end = 0;
  std::string policy_domain;  // lower-case
  std::string policy;         // p=
  std::vector<DmarcRecord> records;
  std::vector<std::string> quirks;  // "missing-version", "namespace", "missing-envelope-from", ...
};

struct DmarcError {
  enum class Code : std::uint8_t {
    Malformed,   // not a DMARC aggregate report (names the element)
    Hostile,     // DOCTYPE/entities, nested archives, CRC errors
    TooLarge,    // inflates past the cap
    NotAReport,  // neither XML, gzip nor zip (HTTP 415)
  };
  Code code = Code::Malformed;
  std::string message;
};

// The XML of a report delivered as plain XML, gzip or zip (detected by content, not by name),
// at most `max_inflated` bytes once unpacked.
tl::expected<std::string, DmarcError> unpack_dmarc(std::string_view bytes,
                                                   std::size_t max_inflated);

// A report from its XML.
tl::expected<DmarcReport, DmarcError> parse_dmarc_xml(std::string_view xml);

// unpack_dmarc, then parse_dmarc_xml.
tl::expected<DmarcReport, DmarcError> parse_dmarc(std::string_view bytes,
                                                  std::size_t max_inflated = 64u << 20);

}  // namespace vouchd::ingest
