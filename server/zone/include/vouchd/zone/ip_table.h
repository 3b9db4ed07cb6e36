// DNSxL address entries (RFC 5782 §2.1, §2.4): prefixes flattened into sorted, disjoint address
// intervals so that the most specific listing wins with one binary search (design.md §5).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "vouchd/dnswire/ip_prefix.h"

namespace vouchd::zone {

// 128-bit addresses as two halves; IPv4 addresses use `lo` only.
struct Addr128 {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  friend auto operator<=>(const Addr128&, const Addr128&) = default;
};

class IpTable {
 public:
  // The value of a hole: a prefix (an allow entry) that matches like any other, so the most
  // specific prefix still wins, but answers "not listed" where it wins.
  static constexpr std::uint32_t kNotListed = 0xFFFFFFFD;

  struct Entry {
    dnswire::IpPrefix prefix;
    std::uint32_t value;  // an answer id, or kNotListed
  };
  // Entries in any order; identical prefixes keep the first. Nested prefixes: the longest wins.
  static IpTable build(std::vector<Entry> entries, dnswire::IpFamily family);

  // The value of the most specific prefix containing `addr`; nullopt when none does or that
  // prefix is a hole.
  std::optional<std::uint32_t> find(Addr128 addr) const noexcept;
  // The most specific prefix containing `addr`, holes included (value kNotListed), with its
  // length: a delta's override competes with it by length.
  struct Match {
    std::uint32_t value;
    std::uint8_t length;
  };
  std::optional<Match> match(Addr128 addr) const noexcept;
  // Calls fn(prefix, value) for every prefix that still answers somewhere, holes included
  // (compaction reads the table back); a prefix wholly hidden by more specific ones is not seen.
  template <typename Fn>
  void for_each_prefix(Fn&& fn) const {
    for (std::size_t i = 0; i < starts_.size(); ++i) {
      const dnswire::IpPrefix p = prefix_at(i);
      if (i > 0 && lengths_[i - 1] == lengths_[i] && prefix_at(i - 1) == p) continue;
      fn(p, values_[i]);
    }
  }
  // True if any listed address (not a hole) lies in [first, last] (an empty non-terminal test,
  // RFC 8020).
  bool any_in(Addr128 first, Addr128 last) const noexcept;
  std::size_t size() const noexcept { return starts_.size(); }
  std::size_t memory_bytes() const noexcept;

 private:
  std::optional<std::size_t> interval_of(Addr128 addr) const noexcept;
  dnswire::IpPrefix prefix_at(std::size_t i) const noexcept;

  // The top 16 bits of an address: which bucket of `buckets_` its interval search starts in.
  std::uint32_t bucket_of(Addr128 a) const noexcept {
    return static_cast<std::uint32_t>(family_ == dnswire::IpFamily::V4 ? (a.lo >> 16) & 0xFFFF
                                                                       : a.hi >> 48);
  }

  // Parallel arrays of disjoint intervals sorted by start: [starts_[i], ends_[i]] -> values_[i].
  dnswire::IpFamily family_ = dnswire::IpFamily::V4;
  // buckets_[b] is the first interval whose start lies in bucket b or later (65,537 entries), so
  // a search covers one bucket instead of the whole table; empty for small tables.
  std::vector<std::uint32_t> buckets_;
  std::vector<Addr128> starts_;
  std::vector<Addr128> ends_;
  std::vector<std::uint32_t> values_;
  std::vector<std::uint8_t> lengths_;  // the length of the prefix each interval comes from
};

Addr128 to_addr128(const dnswire::IpPrefix& p) noexcept;  // the prefix's first address
Addr128 last_addr128(const dnswire::IpPrefix& p) noexcept;
// The prefix of `length` bits (within `family`) that contains `a`.
dnswire::IpPrefix prefix_of(Addr128 a, unsigned length, dnswire::IpFamily family) noexcept;

}  // namespace vouchd::zone
