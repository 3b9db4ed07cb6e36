// Mnemonics of RR types, classes and RCODEs (RFC 1035 §3.2, RFC 3597 §5 generic forms).
#include "vouchd/dnswire/types.h"

#include <array>
#include <charconv>
#include <utility>

namespace vouchd::dnswire {
namespace {

constexpr std::array<std::pair<RRType, std::string_view>, 14> kTypeNames{{
    {RRType::A, "A"},
    {RRType::Ns, "NS"},
    {RRType::Cname, "CNAME"},
    {RRType::Soa, "SOA"},
    {RRType::Ptr, "PTR"},
    {RRType::Hinfo, "HINFO"},
    {RRType::Mx, "MX"},
    {RRType::Txt, "TXT"},
    {RRType::Aaaa, "AAAA"},
    {RRType::Opt, "OPT"},
    {RRType::Tsig, "TSIG"},
    {RRType::Ixfr, "IXFR"},
    {RRType::Axfr, "AXFR"},
    {RRType::Any, "ANY"},
}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]);
    const auto y = static_cast<unsigned char>(b[i]);
    if (ascii_lower_char(x) != ascii_lower_char(y)) return false;
  }
  return true;
}

// "TYPE123" / "CLASS3": the number after a case-insensitive prefix.
std::optional<std::uint16_t> generic_number(std::string_view text, std::string_view prefix) {
  if (text.size() <= prefix.size() || !iequals(text.substr(0, prefix.size()), prefix)) {
    return std::nullopt;
  }
  const std::string_view digits = text.substr(prefix.size());
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || value > 0xFFFF) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string type_to_text(RRType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return std::string{name};
  }
  return "TYPE" + std::to_string(static_cast<unsigned>(type));
}

std::optional<RRType> type_from_text(std::string_view text) {
  for (const auto& [t, name] : kTypeNames) {
    if (iequals(text, name)) return t;
  }
  if (const auto n = generic_number(text, "TYPE")) return static_cast<RRType>(*n);
  return std::nullopt;
}

std::string class_to_text(std::uint16_t rclass) {
  switch (rclass) {
    case 1:
      return "IN";
    case 3:
      return "CH";
    case 4:
      return "HS";
    default:
      return "CLASS" + std::to_string(rclass);
  }
}

std::optional<std::uint16_t> class_from_text(std::string_view text) {
  if (iequals(text, "IN")) return 1;
  if (iequals(text, "CH")) return 3;
  if (iequals(text, "HS")) return 4;
  return generic_number(text, "CLASS");
}

std::string_view rcode_to_text(RCode rcode) {
  switch (rcode) {
    case RCode::NoError:
      return "NOERROR";
    case RCode::FormErr:
      return "FORMERR";
    case RCode::ServFail:
      return "SERVFAIL";
    case RCode::NxDomain:
      return "NXDOMAIN";
    case RCode::NotImp:
      return "NOTIMP";
    case RCode::Refused:
      return "REFUSED";
    case RCode::NotAuth:
      return "NOTAUTH";
    case RCode::BadVers:
      return "BADVERS";
  }
  return "RCODE?";
}

}  // namespace vouchd::dnswire
