// The responder (design.md §6): a pure function from query bytes and a zone snapshot to response
// bytes in a caller-owned buffer, without heap allocation. No sockets, clocks or logs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "vouchd/zone/zone_set.h"

namespace vouchd::responder {

enum class Transport : std::uint8_t { Udp, Tcp };

struct Options {
  // The largest UDP payload we send with EDNS (RFC 6891 §6.2.5; DNS Flag Day 2020 figure).
  std::uint16_t max_udp_payload = 1232;
};

// The buffer `answer` needs: enough for any TCP response.
inline constexpr std::size_t kMaxResponse = 65535;

// What happened, for metrics (the caller counts; the responder keeps no state).
struct Outcome {
  std::size_t size = 0;  // bytes written to `out`; 0 = send nothing (a response, or unparseable)
  std::uint16_t rcode = 0;
  bool truncated = false;
  // The answering zone's index in zones.zones(), or ZoneSet::kNotFound (REFUSED, or a query
  // refused before its name was looked up).
  std::size_t zone = zone::ZoneSet::kNotFound;
};

// Answers one query. `out` must hold kMaxResponse bytes for TCP, and at least
// options.max_udp_payload bytes (never less than 512) for UDP.
Outcome answer(std::span<const std::uint8_t> query, Transport transport, const zone::ZoneSet& zones,
               const Options& options, std::span<std::uint8_t> out) noexcept;

}  // namespace vouchd::responder
