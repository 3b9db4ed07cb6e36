// One served zone in a snapshot: apex, SOA for negative answers, and its indexes (design.md §5).
// Immutable once built; shared by every query thread without locks.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vouchd/dnswire/name.h"
#include "vouchd/zone/answer_set.h"
#include "vouchd/zone/ip_table.h"
#include "vouchd/zone/name_table.h"
#include "vouchd/zone/query_name.h"

namespace vouchd::zone {

enum class Kind : std::uint8_t { Vbr, DnsblIp4, DnsblIp6, DnsblDomain, Static };

// What a name look-up found: data, an empty non-terminal (NODATA), or nothing (NXDOMAIN).
struct Hit {
  enum class What : std::uint8_t { Data, EmptyNonTerminal, NxDomain };
  What what = What::NxDomain;
  const AnswerSet* answers = nullptr;  // set when what == Data
};

class Zone {
 public:
  struct Parts {
    dnswire::Name apex;  // lower-case
    Kind kind = Kind::Static;
    std::uint32_t serial = 0;
    std::vector<std::uint8_t> soa_rdata;  // uncompressed
    std::uint32_t soa_ttl = 0;
    std::uint32_t soa_minimum = 0;
    std::vector<AnswerSet> answers;  // interned; indexes hold positions in this vector
    NameTable names;
    IpTable ip4;
    IpTable ip6;
  };
  explicit Zone(Parts parts);

  const dnswire::Name& apex() const noexcept { return parts_.apex; }
  Kind kind() const noexcept { return parts_.kind; }
  std::uint32_t serial() const noexcept { return parts_.serial; }
  std::size_t entry_count() const noexcept {
    return parts_.names.size() + parts_.ip4.size() + parts_.ip6.size();
  }
  std::size_t memory_bytes() const noexcept;

  // Looks up `q`, which lies at or below the apex.
  Hit lookup(const QueryName& q) const noexcept;

  // The negative-answer SOA RR after its owner: TYPE CLASS TTL RDLENGTH RDATA, with
  // TTL = min(SOA TTL, MINIMUM) (RFC 2308 §3, §5).
  std::span<const std::uint8_t> negative_soa() const noexcept { return negative_soa_; }

 private:
  Hit address_lookup(const QueryName& q, std::size_t relative_labels) const noexcept;
  Hit hit(std::uint32_t value) const noexcept {
    if (value == kEmptyNonTerminal) return {Hit::What::EmptyNonTerminal, nullptr};
    return {Hit::What::Data, &parts_.answers[value]};
  }

  Parts parts_;
  std::vector<std::uint8_t> negative_soa_;
};

}  // namespace vouchd::zone
