// Compaction (design.md §5 "Updates"): the delta folded into a new base, which answers exactly as
// a fresh build of the same data would, including NXDOMAIN where a removal left ancestors empty
// (RFC 8020). Takes a full build's time; callers run it off the query threads.
#include <algorithm>

#include "delta.h"

namespace vouchd::zone {
namespace {

// Rebuilds a name table from base and delta entries; empty non-terminals are derived afresh.
NameTable merged_names(const NameTable& base, const Delta& delta, std::uint32_t delta_first) {
  NameTable::Builder b;
  b.reserve(base.size() + delta.names.size());
  base.for_each([&](std::span<const std::uint8_t> k, std::uint32_t v) {
    if (v == kEmptyNonTerminal || delta.names.find(k)) return;
    b.add_later(k, v);
    b.add_ancestors(k);
  });
  delta.names.for_each([&](std::span<const std::uint8_t> k, std::uint32_t v) {
    if (v == kEmptyNonTerminal || v == kDeleted) return;
    b.add_later(k, (v & kDeltaAnswer) != 0 ? delta_first + (v & ~kDeltaAnswer) : v);
    b.add_ancestors(k);
  });
  return std::move(b).build();
}

IpTable merged_ips(const IpTable& base, const IpOverrides& delta, std::uint32_t delta_first,
                   dnswire::IpFamily family) {
  std::vector<IpTable::Entry> entries;
  entries.reserve(base.size() + delta.entries().size());
  for (const IpOverride& o : delta.entries()) {  // first, so that they win over the base's
    if (o.value == kDeleted) continue;
    const std::uint32_t v =
        (o.value & kDeltaAnswer) != 0 ? delta_first + (o.value & ~kDeltaAnswer) : o.value;
    entries.push_back({o.prefix, v});
  }
  base.for_each_prefix([&](const dnswire::IpPrefix& p, std::uint32_t v) {
    if (delta.find_exact(p) == nullptr) entries.push_back({p, v});
  });
  return IpTable::build(std::move(entries), family);
}

}  // namespace

std::shared_ptr<const Zone> Zone::compacted() const {
  if (delta_ == nullptr && serial_ == parts_->serial) return std::make_shared<const Zone>(*this);
  Parts p;
  p.apex = parts_->apex;
  p.kind = parts_->kind;
  p.serial = serial_;
  p.soa_rdata = parts_->soa_rdata;
  if (p.soa_rdata.size() >= 20) {
    const std::size_t at = soa_serial_offset(p.soa_rdata.size());
    for (std::size_t i = 0; i < 4; ++i)
      p.soa_rdata[at + i] = static_cast<std::uint8_t>(serial_ >> (24 - 8 * i));
  }
  p.soa_ttl = parts_->soa_ttl;
  p.soa_minimum = parts_->soa_minimum;
  p.answers = parts_->answers;
  p.default_answer = parts_->default_answer;  // base answers keep their positions
  const auto delta_first = static_cast<std::uint32_t>(p.answers.size());
  const Delta empty;
  const Delta& d = delta_ == nullptr ? empty : *delta_;
  for (const auto& set : d.answers)
    p.answers.push_back(*set);
  p.names = merged_names(parts_->names, d, delta_first);
  p.ip4 = merged_ips(parts_->ip4, d.ip4, delta_first, dnswire::IpFamily::V4);
  p.ip6 = merged_ips(parts_->ip6, d.ip6, delta_first, dnswire::IpFamily::V6);
  return std::make_shared<const Zone>(std::move(p));
}

}  // namespace vouchd::zone
