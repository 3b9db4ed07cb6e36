// A query name as the responder holds it: lower-cased uncompressed wire bytes with the offset of
// each label, filled once per query so that zone and name look-ups need no further parsing.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace vouchd::zone {

struct QueryName {
  std::array<std::uint8_t, 255> lower{};  // lower-case wire form, ending in the root label
  std::array<std::uint8_t, 128> starts{};  // offset of each label's length octet
  std::uint8_t size = 0;                   // wire length including the root label
  std::uint8_t labels = 0;                 // label count, root excluded

  std::span<const std::uint8_t> wire() const noexcept { return {lower.data(), size}; }
  // The bytes of the labels before the apex (the relative key), given the apex's wire length.
  std::span<const std::uint8_t> relative(std::size_t apex_size) const noexcept {
    return {lower.data(), static_cast<std::size_t>(size) - apex_size};
  }
};

// Fills `out` from uncompressed wire bytes (lower-casing them). False if malformed.
bool make_query_name(std::span<const std::uint8_t> wire, QueryName& out) noexcept;

}  // namespace vouchd::zone
