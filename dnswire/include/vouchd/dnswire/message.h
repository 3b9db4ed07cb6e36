// DNS messages: header, question, resource records, EDNS(0) OPT (RFC 1035 §4, RFC 6891 §6), parsed
// whole into owning values. The responder's hot path does not use this; tests, clients, zone
// transfer and the fuzz target do.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "vouchd/dnswire/name.h"
#include "vouchd/dnswire/types.h"
#include "vouchd/dnswire/wire_reader.h"
#include "vouchd/dnswire/wire_writer.h"

namespace vouchd::dnswire {

struct Header {
  std::uint16_t id = 0;
  std::uint16_t flags = 0;
  std::uint16_t qdcount = 0;
  std::uint16_t ancount = 0;
  std::uint16_t nscount = 0;
  std::uint16_t arcount = 0;

  bool is_response() const noexcept { return (flags & flag::kQr) != 0; }
  bool has(std::uint16_t f) const noexcept { return (flags & f) != 0; }
  Opcode opcode() const noexcept { return static_cast<Opcode>((flags >> 11) & 0xF); }
  std::uint8_t rcode() const noexcept { return static_cast<std::uint8_t>(flags & 0xF); }
};

Header read_header(WireReader& r) noexcept;  // the caller tests r.ok() once
void write_header(WireWriter& w, const Header& h) noexcept;

struct Question {
  Name qname;
  RRType qtype = RRType::A;
  std::uint16_t qclass = 1;
};

// rdata is kept uncompressed: names inside NS, CNAME, PTR, MX and SOA rdata are expanded on parse
// (RFC 3597 §4: only those well-known types may be compressed); other types stay opaque.
struct Record {
  Name owner;
  RRType type = RRType::A;
  std::uint16_t rclass = 1;
  std::uint32_t ttl = 0;
  std::vector<std::uint8_t> rdata;
};

struct EdnsOption {
  std::uint16_t code = 0;
  std::vector<std::uint8_t> data;
};

// The OPT pseudo-RR (RFC 6891 §6.1.2), decoded from its CLASS and TTL fields.
struct Edns {
  std::uint16_t udp_size = 0;
  std::uint8_t extended_rcode = 0;  // upper 8 bits of the 12-bit RCODE
  std::uint8_t version = 0;
  std::uint16_t flags = 0;  // DO is 0x8000
  std::vector<EdnsOption> options;
};

struct Message {
  Header header;
  std::vector<Question> questions;
  std::vector<Record> answers;
  std::vector<Record> authority;
  std::vector<Record> additional;  // without OPT (see edns)
  std::optional<Edns> edns;
  int opt_count = 0;  // how many OPT RRs the message held (RFC 6891 §6.1.1: more than one is FORMERR)

  // The full RCODE: header bits plus the OPT extension.
  std::uint16_t rcode() const noexcept;
};

struct ParseResult {
  Message message;
  WireError error = WireError::None;
  bool ok() const noexcept { return error == WireError::None; }
};

// Parses a whole message; trailing bytes after the counted sections are an error.
[[nodiscard]] ParseResult parse_message(std::span<const std::uint8_t> wire);

// Reads one RR (owner, type, class, TTL, rdata) at the reader's position.
Record read_record(WireReader& r);

// Writes a query for (qname, qtype); with `edns` an OPT RR is added. Returns the bytes.
std::vector<std::uint8_t> make_query(std::uint16_t id, const Name& qname, RRType qtype,
                                     std::uint16_t flags = 0,
                                     const std::optional<Edns>& edns = std::nullopt,
                                     std::uint16_t qclass = 1);

// Writes a whole message (uncompressed except for the names the compressor finds; see
// NameCompressor). Returns the bytes.
std::vector<std::uint8_t> write_message(const Message& m);

}  // namespace vouchd::dnswire
