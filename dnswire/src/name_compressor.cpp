// Name compression while writing a message (RFC 1035 §4.1.4).
#include "vouchd/dnswire/name_compressor.h"

namespace vouchd::dnswire {
namespace {

// Does the (possibly compressed) name at `at` in `msg` equal `suffix` (uncompressed wire),
// ignoring ASCII case? Pointers in `msg` were written by us and point backwards.
bool matches_at(std::span<const std::uint8_t> msg, std::size_t at,
                std::span<const std::uint8_t> suffix) noexcept {
  std::size_t s = 0;
  for (int hops = 0; hops < 128;) {
    if (at >= msg.size() || s >= suffix.size()) return false;
    const std::uint8_t len = msg[at];
    if ((len & 0xC0) == 0xC0) {
      if (at + 1 >= msg.size()) return false;
      at = static_cast<std::size_t>(len & 0x3F) << 8 | msg[at + 1];
      ++hops;
      continue;
    }
    if (len != suffix[s] || at + 1u + len > msg.size()) return false;
    if (len == 0) return true;
    for (std::size_t k = 1; k <= len; ++k) {
      if (ascii_lower_char(msg[at + k]) != ascii_lower_char(suffix[s + k])) return false;
    }
    at += 1u + len;
    s += 1u + len;
  }
  return false;
}

}  // namespace

void NameCompressor::write(WireWriter& w, const Name& name) {
  const std::span<const std::uint8_t> wire = name.wire();
  std::size_t pos = 0;
  while (wire[pos] != 0) {
    const std::span<const std::uint8_t> suffix = wire.subspan(pos);
    for (const std::uint16_t start : starts_) {
      if (matches_at(w.written(), start, suffix)) {
        w.u16(static_cast<std::uint16_t>(0xC000 | start));
        return;
      }
    }
    if (w.pos() < 0x3FFF) starts_.push_back(static_cast<std::uint16_t>(w.pos()));
    w.bytes(wire.subspan(pos, 1u + wire[pos]));
    pos += 1u + wire[pos];
  }
  w.u8(0);
}

}  // namespace vouchd::dnswire
