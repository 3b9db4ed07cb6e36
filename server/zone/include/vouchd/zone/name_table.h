// Name-keyed entries of one zone (VBR vouches, domain listings, static owners, empty
// non-terminals): an open-addressing hash over lower-case relative wire names kept in one arena
// (design.md §5). Immutable once built.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vouchd::zone {

inline constexpr std::uint32_t kEmptyNonTerminal = 0xFFFFFFFF;

class NameTable {
 public:
  class Builder {
   public:
    // Sizes the table for `n` keys, so that building does not rehash.
    void reserve(std::size_t n);
    // `key` is a lower-case relative name in wire form without the root label. A second add of
    // the same key keeps the first value unless the first was an empty non-terminal. Returns
    // true if the key was new.
    bool add(std::span<const std::uint8_t> key, std::uint32_t value);
    // Like add(), but the slot is filled at build(), in a pass that prefetches slots ahead of
    // use: for bulk entries, whose random slot accesses dominate building time.
    void add_later(std::span<const std::uint8_t> key, std::uint32_t value);
    // Adds every proper ancestor of `key` as an empty non-terminal.
    void add_ancestors(std::span<const std::uint8_t> key);
    NameTable build() &&;
    std::size_t size() const noexcept { return count_; }

   private:
    void grow(std::size_t slots);
    std::uint32_t append(std::span<const std::uint8_t> key, std::uint32_t value);
    // Puts the arena entry at `off` (hash `h`) into its slot; false if its key was there already.
    bool place(std::uint64_t h, std::uint32_t off);
    void place_pending();
    struct Pending {
      std::uint64_t hash;
      std::uint32_t offset;
    };
    std::vector<Pending> pending_;
    // Ancestors added lately: most entries share a parent (`com._vouch`), so its look-up is
    // answered here without touching the table.
    std::array<std::string, 64> recent_ancestors_;
    std::vector<std::uint8_t> arena_{0};  // offset 0 is never an entry
    std::vector<std::uint64_t> slots_;    // (hash tag << 32) | arena offset; 0 = empty
    std::size_t count_ = 0;
  };

  NameTable() = default;
  // The value stored for `key`, or nullopt.
  std::optional<std::uint32_t> find(std::span<const std::uint8_t> key) const noexcept;
  std::size_t size() const noexcept { return count_; }
  std::size_t memory_bytes() const noexcept {
    return arena_.capacity() + slots_.capacity() * sizeof(std::uint64_t);
  }
  // Calls fn(key, value) for every entry (unordered).
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const std::uint64_t s : slots_) {
      if (s == 0) continue;
      const std::uint32_t off = static_cast<std::uint32_t>(s);
      const std::uint8_t len = arena_[off];
      fn(std::span<const std::uint8_t>{arena_.data() + off + 1, len}, value_at(off + 1u + len));
    }
  }

  static std::uint64_t hash(std::span<const std::uint8_t> key) noexcept;

 private:
  std::uint32_t value_at(std::size_t off) const noexcept {
    return static_cast<std::uint32_t>(arena_[off]) | static_cast<std::uint32_t>(arena_[off + 1]) << 8 |
           static_cast<std::uint32_t>(arena_[off + 2]) << 16 |
           static_cast<std::uint32_t>(arena_[off + 3]) << 24;
  }
  std::vector<std::uint8_t> arena_;   // entries: u8 key length, key bytes, u32 value (little end)
  std::vector<std::uint64_t> slots_;  // power-of-two size
  std::size_t count_ = 0;
};

}  // namespace vouchd::zone
