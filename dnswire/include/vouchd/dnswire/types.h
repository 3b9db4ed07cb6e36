// DNS protocol constants: RR types, classes, opcodes, RCODEs and header flags (RFC 1035 §3.2, §4.1.1;
// RFC 6891 §9 for the extended RCODE; RFC 3597 §5 for TYPEnnn / CLASSnnn).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vouchd::dnswire {

// Any 16-bit value is a valid RRType; the enumerators are the ones vouchd treats specially.
enum class RRType : std::uint16_t {
  A = 1,
  Ns = 2,
  Cname = 5,
  Soa = 6,
  Ptr = 12,
  Hinfo = 13,
  Mx = 15,
  Txt = 16,
  Aaaa = 28,
  Opt = 41,
  Tsig = 250,
  Ixfr = 251,
  Axfr = 252,
  Any = 255,
};

enum class RRClass : std::uint16_t { In = 1, Ch = 3, Hs = 4, None = 254, Any = 255 };

enum class Opcode : std::uint8_t { Query = 0, IQuery = 1, Status = 2, Notify = 4, Update = 5 };

// Full 12-bit RCODE; values above 15 travel split between the header and the OPT TTL.
enum class RCode : std::uint16_t {
  NoError = 0,
  FormErr = 1,
  ServFail = 2,
  NxDomain = 3,
  NotImp = 4,
  Refused = 5,
  NotAuth = 9,
  BadVers = 16,
};

namespace flag {
inline constexpr std::uint16_t kQr = 0x8000;
inline constexpr std::uint16_t kAa = 0x0400;
inline constexpr std::uint16_t kTc = 0x0200;
inline constexpr std::uint16_t kRd = 0x0100;
inline constexpr std::uint16_t kRa = 0x0080;
inline constexpr std::uint16_t kAd = 0x0020;
inline constexpr std::uint16_t kCd = 0x0010;
}  // namespace flag

inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::size_t kMaxNameWire = 255;
inline constexpr std::size_t kMaxLabel = 63;
inline constexpr std::size_t kMaxCharString = 255;
inline constexpr std::uint16_t kPlainUdpSize = 512;

// RFC 4343: only A-Z fold; other octets compare as they are.
inline constexpr unsigned char ascii_lower_char(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
}

// Mnemonic ("TXT") or the RFC 3597 form ("TYPE65280").
std::string type_to_text(RRType type);
// Accepts mnemonics case-insensitively and TYPEnnn; nullopt for anything else.
std::optional<RRType> type_from_text(std::string_view text);
std::string class_to_text(std::uint16_t rclass);
std::optional<std::uint16_t> class_from_text(std::string_view text);
std::string_view rcode_to_text(RCode rcode);

}  // namespace vouchd::dnswire
