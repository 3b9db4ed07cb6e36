// The reputation clock (design.md §11, "Replays"): the system clock, or a manual clock that moves
// only when an operator sets it, never backwards. Everything that scores reads time from here.
#pragma once

#include <atomic>
#include <cstdint>

namespace vouchd::scoring {

class Clock {
 public:
  static Clock system() { return Clock{false, 0}; }
  static Clock manual(std::int64_t start) { return Clock{true, start}; }

  std::int64_t now() const;  // unix seconds
  bool is_manual() const noexcept { return manual_; }
  // A manual clock moves to `t` (true) unless that is before its time (false). A system clock
  // cannot be set (false).
  bool set(std::int64_t t);

  Clock(const Clock& other) : manual_{other.manual_}, t_{other.t_.load()} {}

 private:
  Clock(bool manual, std::int64_t t) : manual_{manual}, t_{t} {}
  bool manual_;
  std::atomic<std::int64_t> t_;
};

}  // namespace vouchd::scoring
