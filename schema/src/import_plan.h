// What replace_zone writes, in which order: the contents checked, answers interned and keys sorted
// into index order, all before the write lock is taken. No SQL here.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vouchd/store/store.h"

namespace vouchd::store::detail {

using Index = std::uint32_t;  // a position in ZoneContents::vouches or ::listings

// A text key (a vouch's or a listing's domain). `head` and `rest` are the sort's scratch space.
struct TextKey {
  const std::string* text;
  Index index;
  std::uint32_t rest = 0;  // bytes of `text` from the sort's current offset, at most 8
  std::uint64_t head = 0;  // those bytes, big-endian, zero-padded
};

struct PrefixKey {
  const dnswire::IpPrefix* prefix;
  Index index;
};

struct ImportPlan {
  std::vector<TextKey> vouches;     // in domain order (bytewise, as SQLite orders TEXT)
  std::vector<TextKey> domains;     // domain listings, in domain order
  std::vector<PrefixKey> prefixes;  // IP listings, in (address bytes, length) order
  std::deque<std::string> answers;  // distinct encoded answers (answer_codec.h), first seen first
  std::vector<Index> answer_of;     // per listing, in contents order: index into `answers`
};

// An entry key (Vouch::domain, a domain listing): presentation, lower-case, no final dot.
bool is_entry_domain(std::string_view d) noexcept;
// A prefix whose length fits its family and whose host bits are clear, so that equal prefixes
// are equal keys.
bool is_clean_prefix(const dnswire::IpPrefix& p) noexcept;
// Throws Failure (Invalid) for a record outside `apex` or an rdata over 65535 octets.
void check_records(const dnswire::Name& apex, std::span<const StaticRecord> records);

// Throws Failure (Invalid) if the contents are malformed: a record outside the zone, an rdata
// over 65535 octets, a domain key that is not lower-case presentation without a final dot, or a
// prefix with host bits set.
ImportPlan plan_import(const ZoneContents& contents);

}  // namespace vouchd::store::detail
