// One served zone in a snapshot: apex, SOA for negative answers, and its indexes (design.md §5):
// a large immutable base shared between snapshots, plus a small immutable delta of recent
// changes. Immutable once built; shared by every query thread without locks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "vouchd/dnswire/ip_prefix.h"

#include "vouchd/dnswire/name.h"
#include "vouchd/zone/answer_set.h"
#include "vouchd/zone/ip_table.h"
#include "vouchd/zone/name_table.h"
#include "vouchd/zone/query_name.h"

namespace vouchd::zone {

// Cos: a class-of-service zone (design.md §11), holding IPv4, IPv6 and domain entries at once
// and answering its default class for a valid key without one.
enum class Kind : std::uint8_t { Vbr, DnsblIp4, DnsblIp6, DnsblDomain, Static, Cos };

inline constexpr std::uint32_t kNoDefaultAnswer = 0xFFFFFFFF;

// What a name look-up found: data, an empty non-terminal (NODATA), or nothing (NXDOMAIN).
struct Hit {
  enum class What : std::uint8_t { Data, EmptyNonTerminal, NxDomain };
  What what = What::NxDomain;
  const AnswerSet* answers = nullptr;  // set when what == Data
};

// A live change to one entry, in terms the store can produce without the zone knowing SQL.
struct OwnedRR {
  dnswire::RRType type;
  std::uint32_t ttl;
  std::vector<std::uint8_t> rdata;
};
using NameKey = std::vector<std::uint8_t>;  // relative lower-case wire labels, no root label
struct EntryChange {
  std::variant<NameKey, dnswire::IpPrefix> key;
  std::optional<std::vector<OwnedRR>> answer;  // the owner's new RRs; nullopt removes the entry
};

struct Delta;  // src/delta.h: overrides on top of a base, shared by every snapshot carrying them

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
    // Cos zones: the answer (a position in `answers`) for a key with no entry; kNoDefaultAnswer
    // for every other kind.
    std::uint32_t default_answer = kNoDefaultAnswer;
  };
  struct Base;  // Parts plus an index of its answers by content (src/delta.h)
  class Key {   // lets only Zone's own functions use the sharing constructor below
    friend class Zone;
    Key() = default;
  };

  explicit Zone(Parts parts);
  // Builds the negative SOA for `serial`; used by Zone's own functions only.
  Zone(Key, std::shared_ptr<const Base> base, std::shared_ptr<const Delta> delta,
       std::uint32_t serial);

  const dnswire::Name& apex() const noexcept { return parts_->apex; }
  Kind kind() const noexcept { return parts_->kind; }
  std::uint32_t serial() const noexcept { return serial_; }
  std::size_t entry_count() const noexcept;
  std::size_t memory_bytes() const noexcept;
  // Overrides carried on top of the base: the caller compacts when this grows (design.md §5).
  std::size_t delta_size() const noexcept;

  // Looks up `q`, which lies at or below the apex. In a cos zone, a name that reads as an
  // address or a domain (dnswire::cos_shape) answers its entry or else the default class; an
  // address range is an empty non-terminal; any other name is NXDOMAIN.
  Hit lookup(const QueryName& q) const noexcept;

  // The negative-answer SOA RR after its owner: TYPE CLASS TTL RDLENGTH RDATA, with
  // TTL = min(SOA TTL, MINIMUM) (RFC 2308 §3, §5).
  std::span<const std::uint8_t> negative_soa() const noexcept { return negative_soa_; }

  // A snapshot sharing this one's base, carrying its delta merged with `changes` (later changes
  // win) and `new_serial` in the apex SOA. Costs time in proportion to the delta, not the zone.
  std::shared_ptr<const Zone> with_changes(std::span<const EntryChange> changes,
                                           std::uint32_t new_serial) const;
  // The same answers from a new base without a delta; takes a full build's time (run it off the
  // query threads).
  std::shared_ptr<const Zone> compacted() const;

 private:
  Hit address_lookup(const QueryName& q, std::size_t relative_labels) const noexcept;
  Hit cos_lookup(const QueryName& q, std::span<const std::uint8_t> relative) const noexcept;
  std::optional<Hit> cos_entry(std::span<const std::uint8_t> relative) const noexcept;
  Hit delta_hit(std::uint32_t value) const noexcept;
  std::optional<Hit> ip_hit(Addr128 addr, dnswire::IpFamily family) const noexcept;
  bool any_ip_in(Addr128 first, Addr128 last, dnswire::IpFamily family) const noexcept;
  Hit hit(std::uint32_t value) const noexcept {
    if (value == kEmptyNonTerminal) return {Hit::What::EmptyNonTerminal, nullptr};
    return {Hit::What::Data, &parts_->answers[value]};
  }

  std::shared_ptr<const Base> base_;
  const Parts* parts_;                  // the base's parts, kept here to save a load per query
  std::shared_ptr<const Delta> delta_;  // nullptr: no overrides (the common, fastest case)
  std::uint32_t serial_ = 0;
  std::vector<std::uint8_t> negative_soa_;
};

}  // namespace vouchd::zone
