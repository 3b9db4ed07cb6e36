// Zone serial arithmetic (RFC 1982 §3.2, SERIAL_BITS = 32) and the serial policy of design.md §3.
#include <cstdint>

#include "vouchd/store/store.h"

namespace vouchd::store {

// RFC 1982 §3.2: s1 > s2 iff (i1 < i2 and i2 - i1 > 2^31) or (i1 > i2 and i1 - i2 < 2^31), i.e.
// iff the distance from s2 forward to s1, modulo 2^32, lies in (0, 2^31). At exactly 2^31 the
// comparison is undefined and neither serial is after the other.
bool serial_after(std::uint32_t a, std::uint32_t b) noexcept {
  const std::uint32_t forward = a - b;  // modulo 2^32
  return forward != 0 && forward < 0x80000000u;
}

std::uint32_t next_serial(std::uint32_t old, std::chrono::sys_seconds now) noexcept {
  const std::uint32_t bumped = old + 1;  // RFC 1982 §3.1: addition modulo 2^32
  // Unix time modulo 2^32 is still ordered correctly by RFC 1982 after 2106.
  const auto unix_time = static_cast<std::uint32_t>(now.time_since_epoch().count());
  return serial_after(unix_time, bumped) ? unix_time : bumped;
}

}  // namespace vouchd::store
