// Authentication-Results header fields (RFC 8601): the authserv-id, and per method its result,
// reason and properties ("header.d" → "sender.example"). Pure; every input gives a result or
// nullopt, never an exception.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vouchd::ingest {

struct AuthResult {
  std::string method;  // lower-case: "dkim", "spf", "dmarc", "vbr", ...
  std::string result;  // lower-case: "pass", "fail", "softfail", ...
  std::string reason;
  std::vector<std::pair<std::string, std::string>> properties;  // "header.d" → value, in order

  // The first value of `name` ("header.d"), or "" if the result has none. Names compare
  // case-insensitively.
  std::string_view property(std::string_view name) const;
};

struct AuthResults {
  std::string authserv_id;          // lower-case
  std::vector<AuthResult> results;  // empty for "; none"
};

// Parses the field's value (after "Authentication-Results:"; folding allowed). Comments are
// dropped; nullopt when there is no authserv-id or a result is not `method=result`.
std::optional<AuthResults> parse_authentication_results(std::string_view value);

// Domains with a passing DKIM result (header.d, lower-case, deduplicated, in order). A domain
// whose signatures all fail is not among them (RFC 6376 §6.1: treat as unsigned).
std::vector<std::string> dkim_pass_domains(const AuthResults& results);

}  // namespace vouchd::ingest
