// Fuzz target for the feedback parsers: any bytes as an ARF message and as an
// Authentication-Results value must parse or be refused, never crash; an accepted report keeps
// its invariants (version 1, incidents counted, authenticated domains among the signing ones).
#include "vouchd/ingest/arf.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vouchd/ingest/auth_results.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  if (const auto r = vouchd::ingest::parse_arf(text)) {
    if (r->version != "1" || r->feedback_type.empty()) std::abort();
    for (const auto& d : r->authenticated_domains) {
      const auto& s = r->dkim_signing_domains;
      if (!s.empty() && std::find(s.begin(), s.end(), d) == s.end()) std::abort();
    }
  }
  if (const auto ar = vouchd::ingest::parse_authentication_results(text)) {
    if (ar->authserv_id.empty()) std::abort();
    for (const auto& res : ar->results) {
      if (res.method.empty() || res.result.empty()) std::abort();
    }
  }
  return 0;
}
