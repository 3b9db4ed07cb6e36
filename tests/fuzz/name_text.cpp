// Fuzz target for presentation-format names (RFC 1035 §5.1 escapes): Name::from_text must never
// crash, and a name it accepts must print (to_text, and as NS rdata) and read back to the same
// bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "vouchd/dnswire/name.h"
#include "vouchd/dnswire/rdata_text.h"

namespace {

using vouchd::dnswire::Name;
using vouchd::dnswire::RRType;
using vouchd::dnswire::TextToken;

void check_name(const Name& n) {
  if (n.wire_size() > vouchd::dnswire::kMaxNameWire) std::abort();
  const std::optional<Name> printed = Name::from_text(n.to_text());
  if (!printed || !std::ranges::equal(printed->wire(), n.wire())) std::abort();
  const std::optional<Name> wire = Name::from_uncompressed(n.wire());
  if (!wire || !std::ranges::equal(wire->wire(), n.wire())) std::abort();
}

// The same text as NS rdata: rdata_to_text must read back to the same bytes.
void check_rdata(std::string_view text, const Name& origin) {
  const TextToken field{text, false};
  const auto rdata = vouchd::dnswire::rdata_from_text(RRType::Ns, {&field, 1}, origin);
  if (!rdata.ok()) return;
  const std::string printed = vouchd::dnswire::rdata_to_text(RRType::Ns, rdata.rdata);
  const TextToken again_field{printed, false};
  const auto again = vouchd::dnswire::rdata_from_text(RRType::Ns, {&again_field, 1}, origin);
  if (!again.ok() || again.rdata != rdata.rdata) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const Name origin = *Name::from_text("Origin.Example.");
  if (const std::optional<Name> absolute = Name::from_text(text)) check_name(*absolute);
  if (const std::optional<Name> relative = Name::from_text(text, &origin)) check_name(*relative);
  check_rdata(text, origin);
  return 0;
}
