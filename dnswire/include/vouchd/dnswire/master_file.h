// RFC 1035 §5 master files: $ORIGIN, $TTL, `@`, relative names, blank owners, parentheses,
// comments, quoted strings with escapes, TTL and class in either order. $INCLUDE is refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vouchd/dnswire/name.h"
#include "vouchd/dnswire/types.h"

namespace vouchd::dnswire {

struct MasterRecord {
  Name owner;  // absolute, case as written
  RRType type = RRType::A;
  std::uint16_t rclass = 1;
  std::uint32_t ttl = 0;
  std::vector<std::uint8_t> rdata;
  std::size_t line = 0;  // where the record starts (1-based)
};

struct MasterError {
  std::size_t line = 0;
  std::string message;
};

struct MasterOptions {
  std::optional<Name> origin;  // the initial $ORIGIN, if any
  std::optional<std::uint32_t> default_ttl;  // used before a $TTL or an explicit TTL appears
};

// Parses `text` and hands each record to `sink` in file order. Stops at the first error and returns
// it; the caller discards whatever the sink collected (an import is all or nothing).
// Without $TTL or an explicit TTL, a record takes the previous record's TTL (RFC 1035 §5.1), and
// the first record without one is an error.
[[nodiscard]] std::optional<MasterError> parse_master_file(
    std::string_view text, const MasterOptions& options,
    const std::function<void(MasterRecord&&)>& sink);

// One record in presentation form: "owner TTL CLASS TYPE RDATA" (absolute owner).
std::string record_to_text(const Name& owner, std::uint32_t ttl, std::uint16_t rclass, RRType type,
                           std::span<const std::uint8_t> rdata);

}  // namespace vouchd::dnswire
