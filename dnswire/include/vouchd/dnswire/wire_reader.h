// A bounds-checked cursor over wire-format bytes with a sticky first error (style.md §3.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vouchd::dnswire {

enum class WireError : std::uint8_t {
  None,
  Truncated,     // read past the end
  BadLabelType,  // label type 0b01 or 0b10 (RFC 6891 §5 retired extended labels)
  PointerLoop,   // compression pointer not strictly backwards, or too many jumps
  NameTooLong,   // more than 255 octets once decompressed
  BadRdata,      // rdata length disagrees with its type's contents
  TrailingData,  // bytes after the last counted record
};

// Borrows `wire`, which must outlive the reader. After the first error every read returns zero and
// the error stays, so a parser runs straight through and is checked once at the end.
class WireReader {
 public:
  explicit WireReader(std::span<const std::uint8_t> wire) noexcept : wire_{wire} {}

  std::uint8_t u8() noexcept {
    if (!take(1)) return 0;
    return wire_[pos_ - 1];
  }
  std::uint16_t u16() noexcept {
    if (!take(2)) return 0;
    return static_cast<std::uint16_t>(wire_[pos_ - 2] << 8 | wire_[pos_ - 1]);
  }
  std::uint32_t u32() noexcept {
    if (!take(4)) return 0;
    return static_cast<std::uint32_t>(wire_[pos_ - 4]) << 24 |
           static_cast<std::uint32_t>(wire_[pos_ - 3]) << 16 |
           static_cast<std::uint32_t>(wire_[pos_ - 2]) << 8 | wire_[pos_ - 1];
  }
  // The next n bytes, or an empty span (and Truncated) if fewer remain.
  std::span<const std::uint8_t> bytes(std::size_t n) noexcept {
    if (!take(n)) return {};
    return wire_.subspan(pos_ - n, n);
  }
  void skip(std::size_t n) noexcept { take(n); }

  void fail(WireError e) noexcept { error_ = ok() ? e : error_; }  // the first error sticks
  bool ok() const noexcept { return error_ == WireError::None; }
  WireError error() const noexcept { return error_; }
  std::size_t pos() const noexcept { return pos_; }
  std::size_t remaining() const noexcept { return wire_.size() - pos_; }
  // The whole message, for following compression pointers.
  std::span<const std::uint8_t> message() const noexcept { return wire_; }

 private:
  bool take(std::size_t n) noexcept {
    if (ok() && wire_.size() - pos_ < n) fail(WireError::Truncated);
    if (!ok()) return false;
    pos_ += n;
    return true;
  }
  std::span<const std::uint8_t> wire_;
  std::size_t pos_ = 0;
  WireError error_ = WireError::None;
};

}  // namespace vouchd::dnswire
