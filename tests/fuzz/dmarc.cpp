// Fuzz target for DMARC aggregate reports: any bytes (plain, gzip, zip) must parse or be refused
// with an error code, never crash, and never inflate past the cap given.
#include "vouchd/ingest/dmarc.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kCap = 1 << 20;
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  const auto xml = vouchd::ingest::unpack_dmarc(bytes, kCap);
  if (xml && xml->size() > kCap) std::abort();
  if (const auto r = vouchd::ingest::parse_dmarc(bytes, kCap)) {
    if (r->records.empty() || r->report_id.empty()) std::abort();
  }
  return 0;
}
