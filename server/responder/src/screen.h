// Screening a query before look-up (RFC 1035 §4.1.1, RFC 6891 §6.1, RFC 7873 §5.2.2): header,
// question and OPT checks that decide between an answer and an early error (style.md §3.8).
#pragma once

#include <cstdint>
#include <span>

#include "vouchd/dnswire/types.h"
#include "vouchd/zone/query_name.h"

namespace vouchd::responder {

struct Screened {
  dnswire::RCode rcode = dnswire::RCode::NoError;
  std::uint16_t id = 0;
  std::uint16_t flags = 0;          // the query's header flags
  std::size_t question_end = 0;     // query offset after QCLASS; 0 when no question is echoed
  zone::QueryName qname;
  dnswire::RRType qtype = dnswire::RRType::A;
  std::uint16_t qclass = 0;
  bool edns = false;                // the query carried one valid OPT
  std::uint16_t udp_size = 0;       // the requestor's payload size (already raised to 512)
};

// The query is a response or too short to answer: drop it (RFC 1035 §4.1.1; never answer QR=1).
bool should_drop(std::span<const std::uint8_t> query) noexcept;
Screened screen(std::span<const std::uint8_t> query) noexcept;

}  // namespace vouchd::responder
