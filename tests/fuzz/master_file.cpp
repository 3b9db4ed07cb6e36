// Fuzz target for RFC 1035 §5 master files: parsing must never crash, and every record parsed must
// read back identically from record_to_text (owner bytes, TTL, class, type, rdata).
#include "vouchd/dnswire/master_file.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using vouchd::dnswire::MasterOptions;
using vouchd::dnswire::MasterRecord;
using vouchd::dnswire::Name;

std::vector<MasterRecord> parse_all(std::string_view text, const MasterOptions& options) {
  std::vector<MasterRecord> records;
  // An error only ends the list early: the records before it must still round-trip.
  (void)vouchd::dnswire::parse_master_file(
      text, options, [&](MasterRecord&& r) { records.push_back(std::move(r)); });
  return records;
}

bool same(const MasterRecord& a, const MasterRecord& b) {
  return std::ranges::equal(a.owner.wire(), b.owner.wire()) && a.ttl == b.ttl &&
         a.rclass == b.rclass && a.type == b.type && a.rdata == b.rdata;
}

void check_round_trip(const MasterRecord& r) {
  const std::string text =
      vouchd::dnswire::record_to_text(r.owner, r.ttl, r.rclass, r.type, r.rdata);
  const std::vector<MasterRecord> again = parse_all(text, MasterOptions{});
  if (again.size() != 1 || !same(again[0], r)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  MasterOptions options;
  options.origin = Name::from_text("Example.");
  options.default_ttl = 3600;
  for (const MasterRecord& r : parse_all(text, options)) {
    check_round_trip(r);
  }
  return 0;
}
