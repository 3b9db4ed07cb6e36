// The one vouchd every conformance test asks: started once per test process, on a fresh database
// holding the standards.md §7 zones (vouch.example, bl.example, wl.example, dbl.example), the §7.4
// zone that holds only 99.2.0.192 (ent.example), a zone whose SOA TTL (120) is below its MINIMUM
// (300) (neg120.example), an IPv6-only list (bl6.example) and a static zone with RRsets of chosen
// sizes for the truncation tests (static.example). The zone texts are in conformance_server.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/dns_test_helpers.h"
#include "support/vouchd_process.h"
#include "vouchd/dnswire/types.h"

namespace vouchd::conformance {

using testing::Bytes;
using testing::Reply;
using dnswire::RRType;

// The shared server's port (UDP and TCP); starts the server on first use.
std::uint16_t port();
// The shared server's standard error so far, for failure messages.
std::string server_stderr();

// How to ask.
struct Ask {
  bool tcp = false;
  bool edns = true;
  std::uint16_t payload = 1232;
  std::uint16_t flags = 0;  // header flags (RD, AD, opcode bits, ...)
  std::uint16_t id = 0x1234;
  std::uint16_t qclass = 1;
  std::uint16_t edns_flags = 0;
  std::vector<dnswire::EdnsOption> options = {};
};

// Sends one query for (qname, type) and parses the reply. `qname` may omit the final dot.
Reply ask(std::string_view qname, RRType type, const Ask& how = {});
// Sends raw bytes and parses the reply (empty if none came within `timeout_ms`).
Reply ask_raw(const Bytes& query, bool tcp = false, int timeout_ms = 3000);

// The negative-answer SOA of one of the fixture zones in presentation form, for RecordsAre():
// owner = the apex as asked ("BL.EXAMPLE" when the question said so), TTL = `ttl`.
std::string negative_soa(std::string_view apex, std::uint32_t ttl = 300);

// RecordsAre() for a section, with the reply printed on failure.
#define EXPECT_SECTION(reply, section, ...)                                         \
  EXPECT_TRUE(::vouchd::testing::RecordsAre((reply).msg().section, __VA_ARGS__)) \
      << ::vouchd::testing::describe(reply)

}  // namespace vouchd::conformance
