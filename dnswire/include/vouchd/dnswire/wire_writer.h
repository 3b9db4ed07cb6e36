// A bounds-checked writer into a caller-owned buffer; overflow is sticky, nothing is written past
// the end (the caller then sets TC or fails).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace vouchd::dnswire {

// Borrows `out`, which must outlive the writer.
class WireWriter {
 public:
  explicit WireWriter(std::span<std::uint8_t> out) noexcept : out_{out} {}

  void u8(std::uint8_t v) noexcept {
    if (room(1)) out_[pos_++] = v;
  }
  void u16(std::uint16_t v) noexcept {
    if (!room(2)) return;
    out_[pos_++] = static_cast<std::uint8_t>(v >> 8);
    out_[pos_++] = static_cast<std::uint8_t>(v);
  }
  void u32(std::uint32_t v) noexcept {
    if (!room(4)) return;
    out_[pos_++] = static_cast<std::uint8_t>(v >> 24);
    out_[pos_++] = static_cast<std::uint8_t>(v >> 16);
    out_[pos_++] = static_cast<std::uint8_t>(v >> 8);
    out_[pos_++] = static_cast<std::uint8_t>(v);
  }
  void bytes(std::span<const std::uint8_t> b) noexcept {
    if (b.empty() || !room(b.size())) return;
    std::memcpy(out_.data() + pos_, b.data(), b.size());
    pos_ += b.size();
  }
  // Overwrites two bytes already written (counts, RDLENGTH).
  void patch_u16(std::size_t at, std::uint16_t v) noexcept {
    if (at + 2 > pos_) return;
    out_[at] = static_cast<std::uint8_t>(v >> 8);
    out_[at + 1] = static_cast<std::uint8_t>(v);
  }
  // Forgets everything written after `at` (drop an RR that did not fit) and clears overflow.
  void truncate(std::size_t at) noexcept {
    if (at <= pos_) pos_ = at;
    overflow_ = false;
  }

  bool ok() const noexcept { return !overflow_; }
  std::size_t pos() const noexcept { return pos_; }
  std::size_t capacity() const noexcept { return out_.size(); }
  std::span<const std::uint8_t> written() const noexcept { return {out_.data(), pos_}; }

 private:
  bool room(std::size_t n) noexcept {
    if (overflow_ || out_.size() - pos_ < n) {
      overflow_ = true;
      return false;
    }
    return true;
  }
  std::span<std::uint8_t> out_;
  std::size_t pos_ = 0;
  bool overflow_ = false;
};

}  // namespace vouchd::dnswire
