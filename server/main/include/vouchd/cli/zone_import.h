// Turning the records of an RFC 1035 master file into a zone's stored contents by kind: VBR
// vouches (RFC 5518 §5), DNSxL listings keyed by address, prefix or domain (RFC 5782 §2), and
// static records for everything else.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <tl/expected.hpp>

#include "vouchd/dnswire/master_file.h"
#include "vouchd/store/store.h"

namespace vouchd::cli {

struct ImportError {
  std::size_t line = 0;  // 0 when the problem is the file as a whole (no SOA)
  std::string message;
};

// Collects records one at a time (a bench zone has millions; they are not all kept as parsed),
// grouping them by owner, then classifies each owner by the zone's kind.
class ZoneImporter {
 public:
  explicit ZoneImporter(store::ZoneKind kind) : kind_{kind} {}
  ZoneImporter(const ZoneImporter&) = delete;
  ZoneImporter& operator=(const ZoneImporter&) = delete;

  void add(dnswire::MasterRecord&& record);
  // Sizes the owner index for about `owners` names (a hint; not a limit).
  void reserve(std::size_t owners);
  // `default_ttl`: the file's first $TTL, if any (else the SOA's TTL).
  [[nodiscard]] tl::expected<store::ZoneContents, ImportError> finish(
      std::optional<std::uint32_t> default_ttl) &&;

 private:
  struct Group {
    std::string owner;  // wire form, case as written
    std::size_t line = 0;
    store::Answer rrs;
  };
  tl::expected<store::ZoneContents, ImportError> classify(
      const Group& apex, std::optional<std::uint32_t> default_ttl) const;
  bool add_entry(const Group& g, std::string_view relative, bool apex_is_vouch,
                 store::ZoneContents& out) const;

  store::ZoneKind kind_;
  std::size_t soa_lines_ = 0;  // SOA records seen, and where the first two were
  std::size_t first_soa_line_ = 0;
  std::size_t second_soa_line_ = 0;
  std::vector<Group> groups_;
  std::unordered_map<std::string, std::uint32_t> by_owner_;  // lower-case owner -> group
};

// The zone as a master file that classify_records() reads back to the same contents.
std::string export_zone(store::Store& store, const store::Zone& zone);

}  // namespace vouchd::cli
