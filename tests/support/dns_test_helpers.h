// Helpers shared by the conformance and integration tests: hand-built wire messages (for the
// queries make_query() cannot write: bad OPTs, pointers, odd counts), a UDP socket that sends
// several datagrams before reading, parsed replies, the shared presentation-format matcher
// (style.md §4) and running external commands such as kdig.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/dns_client.h"
#include "vouchd/dnswire/master_file.h"
#include "vouchd/dnswire/message.h"
#include "vouchd/dnswire/rdata_text.h"

namespace vouchd::testing {

// ---------------------------------------------------------------------------------------------
// Bytes

// "beef 0000 07 6578" -> bytes; anything that is not a hex digit separates nothing and is skipped.
inline Bytes hex_bytes(std::string_view text) {
  Bytes out;
  int high = -1;
  for (const char c : text) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) continue;
    const int v = std::isdigit(static_cast<unsigned char>(c)) != 0
                      ? c - '0'
                      : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  return out;
}

inline std::string hex_text(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0 && i % 2 == 0) out.push_back(' ');
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0xF]);
  }
  return out;
}

inline void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

inline void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}

// Uncompressed wire labels of a dotted name ("a.b.example" or "a.b.example."); "" and "." are the
// root. Labels are taken as written, without escapes, so tests can write any octets.
inline void put_name(Bytes& b, std::string_view dotted) {
  if (!dotted.empty() && dotted.back() == '.') dotted.remove_suffix(1);
  while (!dotted.empty()) {
    const std::size_t dot = dotted.find('.');
    const std::string_view label = dotted.substr(0, dot);
    b.push_back(static_cast<std::uint8_t>(label.size()));
    b.insert(b.end(), label.begin(), label.end());
    if (dot == std::string_view::npos) break;
    dotted.remove_prefix(dot + 1);
  }
  b.push_back(0);
}

inline Bytes header_bytes(std::uint16_t id, std::uint16_t flags, std::uint16_t qd, std::uint16_t an,
                          std::uint16_t ns, std::uint16_t ar) {
  Bytes b;
  for (const std::uint16_t v : {id, flags, qd, an, ns, ar}) put16(b, v);
  return b;
}

struct RawOpt {
  std::uint16_t payload = 1232;
  std::uint8_t extended_rcode = 0;
  std::uint8_t version = 0;
  std::uint16_t flags = 0;
  std::vector<dnswire::EdnsOption> options = {};
  std::string owner = ".";  // RFC 6891 §6.1.2: must be the root
};

// One OPT pseudo-RR in wire form.
inline Bytes opt_rr(const RawOpt& o) {
  Bytes b;
  put_name(b, o.owner);
  put16(b, static_cast<std::uint16_t>(dnswire::RRType::Opt));
  put16(b, o.payload);
  put32(b, static_cast<std::uint32_t>(o.extended_rcode) << 24 |
               static_cast<std::uint32_t>(o.version) << 16 | o.flags);
  Bytes rdata;
  for (const dnswire::EdnsOption& opt : o.options) {
    put16(rdata, opt.code);
    put16(rdata, static_cast<std::uint16_t>(opt.data.size()));
    rdata.insert(rdata.end(), opt.data.begin(), opt.data.end());
  }
  put16(b, static_cast<std::uint16_t>(rdata.size()));
  b.insert(b.end(), rdata.begin(), rdata.end());
  return b;
}

// A query with one question, written by hand: `opts` are appended to the additional section in
// order (zero, one or several OPT RRs).
inline Bytes raw_query(std::uint16_t id, std::uint16_t flags, std::string_view qname,
                       std::uint16_t qtype, std::uint16_t qclass = 1,
                       const std::vector<RawOpt>& opts = {}) {
  Bytes b = header_bytes(id, flags, 1, 0, 0, static_cast<std::uint16_t>(opts.size()));
  put_name(b, qname);
  put16(b, qtype);
  put16(b, qclass);
  for (const RawOpt& o : opts) {
    const Bytes rr = opt_rr(o);
    b.insert(b.end(), rr.begin(), rr.end());
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Sockets

// One UDP socket to 127.0.0.1:port: several datagrams may be sent before replies are read, so a
// test can show a packet was dropped by getting the reply to a later query first (the server reads
// one socket's datagrams in order) instead of waiting for a timeout.
class UdpSocket {
 public:
  explicit UdpSocket(std::uint16_t port) : fd_{socket(AF_INET, SOCK_DGRAM, 0)} {
    const sockaddr_in to = loopback(port);
    if (fd_ < 0 || connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
      throw std::runtime_error("udp connect failed");
    }
  }
  ~UdpSocket() { close(fd_); }
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  void send(const Bytes& b) {
    // A zero-length datagram is legal and is sent as such.
    if (::send(fd_, b.data(), b.size(), 0) != static_cast<ssize_t>(b.size())) {
      throw std::runtime_error("udp send failed");
    }
  }
  // The next datagram, or empty after `timeout_ms`.
  Bytes receive(int timeout_ms = 3000) {
    Bytes reply(65535);
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) != 1) return {};
    const ssize_t n = recv(fd_, reply.data(), reply.size(), 0);
    reply.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return reply;
  }

 private:
  int fd_;
};

// ---------------------------------------------------------------------------------------------
// Replies

struct Reply {
  Bytes wire;
  dnswire::ParseResult parsed;

  bool received() const { return !wire.empty(); }
  bool ok() const { return received() && parsed.ok(); }
  const dnswire::Message& msg() const { return parsed.message; }
  const dnswire::Header& header() const { return parsed.message.header; }
  bool flag(std::uint16_t f) const { return header().has(f); }
  // The full 12-bit RCODE (header bits plus the OPT extension).
  std::uint16_t rcode() const { return parsed.message.rcode(); }
  std::uint8_t header_rcode() const { return header().rcode(); }
  // Bytes of the answer, authority and additional sections (everything after the question).
  Bytes after_question() const {
    dnswire::WireReader r{wire};
    r.skip(dnswire::kHeaderSize);
    for (std::uint16_t i = 0; i < header().qdcount; ++i) {
      (void)dnswire::Name::from_wire(r);
      r.skip(4);
    }
    return Bytes(wire.begin() + static_cast<std::ptrdiff_t>(r.pos()), wire.end());
  }
};

inline Reply parse_reply(Bytes wire) {
  Reply r;
  r.wire = std::move(wire);
  if (!r.wire.empty()) r.parsed = dnswire::parse_message(r.wire);
  return r;
}

inline std::string describe(const Reply& r) {
  if (!r.received()) return "(no reply)";
  std::ostringstream s;
  s << "id=" << r.header().id << " flags=0x" << std::hex << r.header().flags << std::dec
    << " rcode=" << r.rcode() << " parse_error=" << static_cast<int>(r.parsed.error);
  for (const auto& [name, rrs] : {std::pair{"answer", &r.msg().answers},
                                  std::pair{"authority", &r.msg().authority},
                                  std::pair{"additional", &r.msg().additional}}) {
    for (const std::string& t : as_text(*rrs)) s << "\n  " << name << ": " << t;
  }
  if (r.msg().edns) {
    s << "\n  opt: payload=" << r.msg().edns->udp_size
      << " ext_rcode=" << int{r.msg().edns->extended_rcode}
      << " version=" << int{r.msg().edns->version} << " flags=0x" << std::hex
      << r.msg().edns->flags << std::dec << " options=" << r.msg().edns->options.size();
  }
  s << "\n  wire: " << hex_text(r.wire);
  return s.str();
}

// ---------------------------------------------------------------------------------------------
// The shared matcher: records in presentation form ("owner TTL CLASS TYPE RDATA", as as_text()
// writes them) compared with expected lines. Blank-separated tokens must be equal, except that a
// "*" token in an expected line matches any one token (a SOA serial, a TTL chosen by the server).
// Order does not matter; every record must be matched exactly once.

inline std::vector<std::string> tokens_of(std::string_view line) {
  std::vector<std::string> out;
  std::istringstream in{std::string{line}};
  std::string t;
  while (in >> t) out.push_back(t);
  return out;
}

inline bool line_matches(std::string_view expected, std::string_view actual) {
  const auto e = tokens_of(expected);
  const auto a = tokens_of(actual);
  if (e.size() != a.size()) return false;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i] != "*" && e[i] != a[i]) return false;
  }
  return true;
}

inline ::testing::AssertionResult RecordsAre(const std::vector<dnswire::Record>& section,
                                             const std::vector<std::string>& expected) {
  const std::vector<std::string> actual = as_text(section);
  std::vector<bool> used(actual.size(), false);
  std::vector<std::string> missing;
  for (const std::string& e : expected) {
    bool found = false;
    for (std::size_t i = 0; i < actual.size() && !found; ++i) {
      if (!used[i] && line_matches(e, actual[i])) used[i] = found = true;
    }
    if (!found) missing.push_back(e);
  }
  std::vector<std::string> extra;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (!used[i]) extra.push_back(actual[i]);
  }
  if (missing.empty() && extra.empty()) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  for (const std::string& m : missing) failure << "\n  missing: " << m;
  for (const std::string& x : extra) failure << "\n  unexpected: " << x;
  failure << "\n  (got " << actual.size() << " records:";
  for (const std::string& a : actual) failure << "\n    " << a;
  failure << ")";
  return failure;
}

// ---------------------------------------------------------------------------------------------
// External commands

struct ProgramOutput {
  int exit_code = -1;
  std::string out;  // standard output and standard error
};

// Runs a shell command line to completion.
inline ProgramOutput run_program(const std::string& command_line) {
  ProgramOutput r;
  FILE* p = popen((command_line + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// True if `name` is an executable on $PATH.
inline bool have_program(const std::string& name) {
  return run_program("command -v '" + name + "' >/dev/null").exit_code == 0;
}

}  // namespace vouchd::testing
