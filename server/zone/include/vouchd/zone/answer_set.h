// Interned answers: the RRsets at one owner, prebuilt as wire bytes whose owner is a compression
// pointer to the question name (0xC00C), so composing an answer is a copy (design.md §5).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "vouchd/dnswire/types.h"

namespace vouchd::zone {

class AnswerSet {
 public:
  struct RRset {
    dnswire::RRType type;
    std::uint16_t count;   // RRs in this set
    std::uint32_t offset;  // into bytes()
    std::uint32_t length;
  };
  struct RR {
    dnswire::RRType type;
    std::uint32_t ttl;
    std::span<const std::uint8_t> rdata;
  };

  // RRs in any order; they are grouped by type, keeping their order within a type.
  explicit AnswerSet(std::span<const RR> rrs);

  // The RRset of `type`, or nullptr.
  const RRset* find(dnswire::RRType type) const noexcept {
    for (const RRset& s : sets_) {
      if (s.type == type) return &s;
    }
    return nullptr;
  }
  std::span<const RRset> sets() const noexcept { return sets_; }
  std::span<const std::uint8_t> wire(const RRset& s) const noexcept {
    return {bytes_.data() + s.offset, s.length};
  }
  // Every RR's wire form: the bytes decide the sets, so equal bytes are an equal answer (interning
  // keys on them).
  std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }
  // The RRs read back from bytes(); the views borrow from this set.
  std::vector<RR> rrs() const;

 private:
  std::vector<RRset> sets_;
  std::vector<std::uint8_t> bytes_;
};

}  // namespace vouchd::zone
