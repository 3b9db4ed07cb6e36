// Flattening nested prefixes into disjoint intervals (most specific wins) and searching them
// (RFC 5782 §2.1: every address of a listed range answers; design.md §5). Holes (allow entries)
// flatten like listings and answer "not listed".
#include "vouchd/zone/ip_table.h"

#include <algorithm>

namespace vouchd::zone {
namespace {

constexpr Addr128 kMax{~0ULL, ~0ULL};

Addr128 next(Addr128 a) noexcept {
  if (++a.lo == 0) ++a.hi;
  return a;
}

Addr128 prev(Addr128 a) noexcept {
  if (a.lo-- == 0) --a.hi;
  return a;
}

// Below this many intervals a plain binary search is as fast, and the 256 KiB bucket index
// would dwarf the table (operators run many small zones).
constexpr std::size_t kMinEntriesForBuckets = 4096;

struct Open {
  Addr128 end;
  std::uint32_t value;
  std::uint8_t length;
};

}  // namespace

Addr128 to_addr128(const dnswire::IpPrefix& p) noexcept {
  Addr128 a;
  if (p.family == dnswire::IpFamily::V4) {
    for (int i = 0; i < 4; ++i)
      a.lo = a.lo << 8 | p.addr[static_cast<std::size_t>(i)];
    return a;
  }
  for (int i = 0; i < 8; ++i)
    a.hi = a.hi << 8 | p.addr[static_cast<std::size_t>(i)];
  for (int i = 8; i < 16; ++i)
    a.lo = a.lo << 8 | p.addr[static_cast<std::size_t>(i)];
  return a;
}

Addr128 last_addr128(const dnswire::IpPrefix& p) noexcept {
  Addr128 a = to_addr128(p);
  const unsigned host_bits = p.max_length() - p.length;
  if (host_bits >= 128) return kMax;
  if (host_bits >= 64) {
    a.lo = ~0ULL;
    a.hi |= host_bits == 64 ? 0 : (~0ULL >> (128 - host_bits));
  } else if (host_bits > 0) {
    a.lo |= ~0ULL >> (64 - host_bits);
  }
  return a;
}

dnswire::IpPrefix prefix_of(Addr128 a, unsigned length, dnswire::IpFamily family) noexcept {
  dnswire::IpPrefix p{family, {}, static_cast<std::uint8_t>(length)};
  if (family == dnswire::IpFamily::V4) {
    const std::uint64_t mask = length == 0 ? 0 : (~0ULL << (32 - length)) & 0xFFFFFFFFULL;
    const std::uint64_t v = a.lo & mask;
    for (std::size_t i = 0; i < 4; ++i)
      p.addr[i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
    return p;
  }
  const std::uint64_t hi_mask = length == 0 ? 0 : length >= 64 ? ~0ULL : ~0ULL << (64 - length);
  const std::uint64_t lo_mask = length <= 64 ? 0 : length >= 128 ? ~0ULL : ~0ULL << (128 - length);
  const std::uint64_t hi = a.hi & hi_mask;
  const std::uint64_t lo = a.lo & lo_mask;
  for (std::size_t i = 0; i < 8; ++i) {
    p.addr[i] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
    p.addr[8 + i] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
  }
  return p;
}

IpTable IpTable::build(std::vector<Entry> entries, dnswire::IpFamily family) {
  std::erase_if(entries, [family](const Entry& e) { return e.prefix.family != family; });
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    const Addr128 sa = to_addr128(a.prefix);
    const Addr128 sb = to_addr128(b.prefix);
    return sa != sb ? sa < sb : a.prefix.length < b.prefix.length;
  });
  IpTable t;
  t.starts_.reserve(entries.size());
  t.ends_.reserve(entries.size());
  t.values_.reserve(entries.size());
  t.lengths_.reserve(entries.size());
  auto emit = [&t](Addr128 from, Addr128 to, const Open& o) {
    t.starts_.push_back(from);
    t.ends_.push_back(to);
    t.values_.push_back(o.value);
    t.lengths_.push_back(o.length);
  };
  std::vector<Open> open;  // enclosing prefixes, outermost first
  Addr128 cursor{};        // first address not yet emitted
  bool done = false;       // the cursor passed the last address
  auto close_until = [&](const Addr128* before) {
    while (!open.empty() && (before == nullptr || open.back().end < *before)) {
      const Open top = open.back();
      open.pop_back();
      if (!done && cursor <= top.end) {
        emit(cursor, top.end, top);
        done = top.end == kMax;
        cursor = next(top.end);
      }
    }
  };
  const Entry* previous = nullptr;
  for (const Entry& e : entries) {
    if (previous != nullptr && previous->prefix == e.prefix) continue;  // the first one wins
    previous = &e;
    const Addr128 s = to_addr128(e.prefix);
    close_until(&s);
    if (!open.empty() && cursor < s) emit(cursor, prev(s), open.back());
    cursor = s;
    done = false;
    open.push_back(Open{last_addr128(e.prefix), e.value, e.prefix.length});
  }
  close_until(nullptr);
  t.family_ = family;
  if (t.starts_.size() < kMinEntriesForBuckets) return t;
  t.buckets_.assign(65537, 0);
  std::size_t i = 0;
  for (std::uint32_t b = 0; b <= 65536; ++b) {
    while (i < t.starts_.size() && t.bucket_of(t.starts_[i]) < b)
      ++i;
    t.buckets_[b] = static_cast<std::uint32_t>(i);
  }
  return t;
}

std::optional<std::uint32_t> IpTable::find(Addr128 addr) const noexcept {
  const auto i = interval_of(addr);
  if (!i || values_[*i] == kNotListed) return std::nullopt;
  return values_[*i];
}

std::optional<IpTable::Match> IpTable::match(Addr128 addr) const noexcept {
  const auto i = interval_of(addr);
  if (!i) return std::nullopt;
  return Match{values_[*i], lengths_[*i]};
}

dnswire::IpPrefix IpTable::prefix_at(std::size_t i) const noexcept {
  return prefix_of(starts_[i], lengths_[i], family_);
}

std::optional<std::size_t> IpTable::interval_of(Addr128 addr) const noexcept {
  if (starts_.empty()) return std::nullopt;
  // The last interval starting at or before `addr` lies in addr's bucket or, if none there does,
  // is the last one before the bucket.
  auto first = starts_.begin();
  auto last = starts_.end();
  if (!buckets_.empty()) {
    const std::uint32_t b = bucket_of(addr);
    first = starts_.begin() + buckets_[b];
    last = starts_.begin() + buckets_[b + 1];
  }
  const auto it = std::upper_bound(first, last, addr);
  if (it == starts_.begin()) return std::nullopt;
  const auto i = static_cast<std::size_t>(it - starts_.begin() - 1);
  if (addr <= ends_[i]) return i;
  return std::nullopt;
}

bool IpTable::any_in(Addr128 first, Addr128 last) const noexcept {
  const auto it = std::lower_bound(ends_.begin(), ends_.end(), first);
  // Intervals are disjoint and sorted: walk those that overlap [first, last] past the holes.
  for (auto i = static_cast<std::size_t>(it - ends_.begin());
       i < starts_.size() && starts_[i] <= last; ++i) {
    if (values_[i] != kNotListed) return true;
  }
  return false;
}

std::size_t IpTable::memory_bytes() const noexcept {
  return (starts_.capacity() + ends_.capacity()) * sizeof(Addr128) +
         (values_.capacity() + buckets_.capacity()) * sizeof(std::uint32_t) + lengths_.capacity();
}

}  // namespace vouchd::zone
