// Presentation format of RDATA (RFC 1035 §5.1, RFC 3597 §5 `\# len hex` for any type) for A, AAAA,
// NS, CNAME, PTR, MX, SOA, TXT, HINFO; everything else only in the generic form.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vouchd/dnswire/name.h"
#include "vouchd/dnswire/types.h"

namespace vouchd::dnswire {

// One field of a master-file line: raw text with its escapes still in; `quoted` when it was
// written between double quotes (the quotes themselves are not part of `text`).
struct TextToken {
  std::string_view text;
  bool quoted = false;
};

struct RdataResult {
  std::vector<std::uint8_t> rdata;
  std::string error;  // empty on success; otherwise what is wrong, for "FILE:LINE: <error>"
  bool ok() const noexcept { return error.empty(); }
};

// Builds wire RDATA from the fields after the type. Relative names get `origin` appended.
[[nodiscard]] RdataResult rdata_from_text(RRType type, std::span<const TextToken> fields,
                                          const Name& origin);

// Presentation form that rdata_from_text reads back to the same bytes. Names are absolute; TXT
// strings are quoted with `\"`, `\\` and `\DDD` for non-printable bytes; unknown types and
// malformed rdata use `\# len hex`.
std::string rdata_to_text(RRType type, std::span<const std::uint8_t> rdata);

// A TTL or SOA timer: decimal seconds, or BIND-style units ("1w2d", "1h30m", "90s"); a number
// after units ("1h30") is ambiguous and refused. RFC 2308 §4: any 32-bit value.
[[nodiscard]] std::optional<std::uint32_t> ttl_from_text(std::string_view text) noexcept;

// The character-strings of TXT rdata, decoded; empty if the rdata is malformed.
std::vector<std::string> txt_strings(std::span<const std::uint8_t> rdata);
// TXT rdata from character-strings (each must be <= 255 octets).
std::vector<std::uint8_t> txt_rdata(std::span<const std::string> strings);

}  // namespace vouchd::dnswire
