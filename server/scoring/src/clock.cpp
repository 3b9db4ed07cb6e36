// The reputation clock (see clock.h).
#include "vouchd/scoring/clock.h"

#include <chrono>

namespace vouchd::scoring {

std::int64_t Clock::now() const {
  if (manual_) return t_.load();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool Clock::set(std::int64_t t) {
  if (!manual_) return false;
  std::int64_t current = t_.load();
  while (t >= current) {
    if (t_.compare_exchange_weak(current, t)) return true;
  }
  return false;
}

}  // namespace vouchd::scoring
