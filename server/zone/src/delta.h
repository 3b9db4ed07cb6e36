// The two halves of a Zone (design.md §5 "Updates"): the shared immutable base and the small
// immutable delta of recent changes that lookups consult first. Private to server/zone.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "vouchd/zone/zone.h"

namespace vouchd::zone {

// Delta values: an answer of the base (below kDeltaAnswer), one of Delta::answers
// (kDeltaAnswer | index), a removal, or an empty non-terminal (kEmptyNonTerminal).
inline constexpr std::uint32_t kDeltaAnswer = 0x80000000;
inline constexpr std::uint32_t kDeleted = 0xFFFFFFFE;

struct Zone::Base {
  explicit Base(Parts p);
  Base(const Base&) = delete;  // answer_ids views point into parts.answers
  Base& operator=(const Base&) = delete;

  Parts parts;
  // The base's answers by content, so a change whose RRs the base has shares that answer.
  std::unordered_map<std::string_view, std::uint32_t> answer_ids;
};

struct IpOverride {
  dnswire::IpPrefix prefix;
  Addr128 first;
  Addr128 last;
  std::uint32_t value;  // a delta value; kDeleted hides the base's entry at this exact prefix
  // For kDeleted: the base's listing that encloses the prefix, which answers in its place.
  std::optional<IpTable::Match> fallback;
};

// One family's overrides, grouped by prefix length so that a look-up does one binary search per
// length present (usually one or two) instead of a scan.
class IpOverrides {
 public:
  IpOverrides() = default;
  explicit IpOverrides(std::vector<IpOverride> sorted);  // by length descending, then first

  // The value that answers `addr`, given the base's most specific match: the most specific
  // prefix wins across base and delta, the delta on a tie.
  std::optional<std::uint32_t> resolve(Addr128 addr,
                                       std::optional<IpTable::Match> base) const noexcept;
  // True if a delta listing (not a removal) overlaps [first, last].
  bool any_in(Addr128 first, Addr128 last) const noexcept;
  std::span<const IpOverride> entries() const noexcept { return entries_; }
  const IpOverride* find_exact(const dnswire::IpPrefix& p) const noexcept;

 private:
  struct Group {
    std::uint8_t length;
    std::uint32_t begin;
    std::uint32_t end;
  };
  const IpOverride* find_in(const Group& g, Addr128 addr) const noexcept;
  std::vector<IpOverride> entries_;
  std::vector<Group> groups_;  // longest first
};

struct Delta {
  NameTable names;  // relative key -> delta value
  IpOverrides ip4;
  IpOverrides ip6;
  std::vector<std::shared_ptr<const AnswerSet>> answers;

  std::size_t size() const noexcept {
    return names.size() + ip4.entries().size() + ip6.entries().size();
  }
};

// The SOA serial's offset in SOA RDATA: MNAME and RNAME, then SERIAL and four more 32-bit fields.
inline std::size_t soa_serial_offset(std::size_t rdata_size) noexcept {
  return rdata_size - 20;
}

}  // namespace vouchd::zone
