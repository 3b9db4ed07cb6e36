// Filling a QueryName from wire bytes (RFC 1035 §3.1, RFC 4343 case folding).
#include "vouchd/zone/query_name.h"

#include "vouchd/dnswire/types.h"

namespace vouchd::zone {

bool make_query_name(std::span<const std::uint8_t> wire, QueryName& out) noexcept {
  if (wire.empty() || wire.size() > out.lower.size()) return false;
  std::size_t pos = 0;
  std::uint8_t labels = 0;
  while (pos < wire.size()) {
    const std::uint8_t len = wire[pos];
    out.lower[pos] = len;
    if (len == 0) break;
    if (len > dnswire::kMaxLabel || pos + 1u + len >= wire.size()) return false;
    out.starts[labels++] = static_cast<std::uint8_t>(pos);
    for (std::size_t k = pos + 1; k <= pos + len; ++k) {
      out.lower[k] = dnswire::ascii_lower_char(wire[k]);
    }
    pos += 1u + len;
  }
  if (pos + 1 != wire.size()) return false;
  out.size = static_cast<std::uint8_t>(wire.size());
  out.labels = labels;
  return true;
}

}  // namespace vouchd::zone
