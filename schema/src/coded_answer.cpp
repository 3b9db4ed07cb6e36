// Coded DNSxL answers (RFC 5782 §2.3: A records in 127.0.0.0/8 and an optional TXT) and a cos
// zone's default class as the zones table stores it (migration 0004_cos.sql).
#include <algorithm>
#include <charconv>

#include "mutation.h"
#include "store_impl.h"

namespace vouchd::store {
namespace {

constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypeTxt = 16;
constexpr std::size_t kMaxTxtString = 255;  // RFC 1035 §3.3.14: one character-string

std::string code_text(std::uint32_t v) {
  return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xFF) + "." +
         std::to_string((v >> 8) & 0xFF) + "." + std::to_string(v & 0xFF);
}

// "127.0.1.2" -> 0x7F000102; nullopt unless it is a plain dotted quad.
std::optional<std::uint32_t> parse_code(std::string_view text) {
  std::uint32_t v = 0;
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  for (int part = 0; part < 4; ++part) {
    if (part > 0 && (p == end || *p++ != '.')) return std::nullopt;
    unsigned octet = 0;
    const auto [next, ec] = std::from_chars(p, end, octet);
    if (ec != std::errc{} || octet > 255) return std::nullopt;
    p = next;
    v = v << 8 | octet;
  }
  if (p != end) return std::nullopt;
  return v;
}

}  // namespace

Answer to_answer(const CodedAnswer& coded, std::uint32_t ttl) {
  Answer answer;
  for (const std::uint32_t v : coded.codes) {
    answer.push_back({kTypeA,
                      ttl,
                      {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                       static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}});
  }
  if (coded.txt.empty()) return answer;
  AnswerRR txt{kTypeTxt, ttl, {}};
  std::string_view text = coded.txt;
  while (!text.empty()) {
    std::size_t n = std::min(text.size(), kMaxTxtString);
    while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
      --n;
    txt.rdata.push_back(static_cast<std::uint8_t>(n));
    txt.rdata.insert(txt.rdata.end(), text.begin(), text.begin() + static_cast<std::ptrdiff_t>(n));
    text.remove_prefix(n);
  }
  answer.push_back(std::move(txt));
  return answer;
}

std::string coded_answer_problem(const CodedAnswer& coded) {
  if (coded.codes.empty() || coded.codes.size() > CodedAnswer::kMaxCodes) {
    return "1 to 16 return codes";
  }
  for (std::size_t i = 0; i < coded.codes.size(); ++i) {
    if (coded.codes[i] >> 24 != 127)
      return "return code " + code_text(coded.codes[i]) + " is not in 127.0.0.0/8 (RFC 5782 §2.3)";
    if (std::find(coded.codes.begin(), coded.codes.begin() + static_cast<std::ptrdiff_t>(i),
                  coded.codes[i]) != coded.codes.begin() + static_cast<std::ptrdiff_t>(i)) {
      return "return code " + code_text(coded.codes[i]) + " given twice";
    }
  }
  if (coded.txt.size() > CodedAnswer::kMaxTxt) return "TXT text over 1024 octets";
  return {};
}

namespace detail {

void check_default_class(Zone& zone) {
  if (zone.kind != ZoneKind::Cos) {
    if (zone.default_class) fail(StoreError::Code::Invalid, "only a cos zone has a default class");
    return;
  }
  if (!zone.default_class) zone.default_class = CodedAnswer{{0x7F000001}, {}};
  if (const std::string problem = coded_answer_problem(*zone.default_class); !problem.empty()) {
    fail(StoreError::Code::Invalid, "default class: " + problem);
  }
}

void bind_default_class(Query& q, int first, const std::optional<CodedAnswer>& coded,
                        std::string& codes) {
  if (!coded) {
    q.bind_null(first).bind_null(first + 1);
    return;
  }
  codes = default_codes_text(*coded);
  q.bind(first, std::string_view{codes});
  q.bind(first + 1, std::string_view{coded->txt});
}

std::string default_codes_text(const CodedAnswer& coded) {
  std::string out;
  for (const std::uint32_t v : coded.codes) {
    if (!out.empty()) out.push_back(' ');
    out += code_text(v);
  }
  return out;
}

std::optional<CodedAnswer> read_default_class(const Query& q, int first) {
  if (q.is_null(first)) return std::nullopt;
  CodedAnswer out;
  std::string_view codes = q.text(first);
  while (!codes.empty()) {
    const std::size_t space = std::min(codes.find(' '), codes.size());
    const auto v = parse_code(codes.substr(0, space));
    if (!v) fail(StoreError::Code::Corrupt, "stored default class does not parse");
    out.codes.push_back(*v);
    codes.remove_prefix(std::min(space + 1, codes.size()));
  }
  if (!q.is_null(first + 1)) out.txt.assign(q.text(first + 1));
  if (!coded_answer_problem(out).empty()) {
    fail(StoreError::Code::Corrupt, "stored default class is not valid");
  }
  return out;
}

std::string default_class_json(const CodedAnswer& coded) {
  std::string codes = "[";
  for (const std::uint32_t v : coded.codes) {
    if (codes.size() > 1) codes.push_back(',');
    codes += json_quote(code_text(v));
  }
  return "{\"codes\":" + codes +
         "],\"txt\":" + (coded.txt.empty() ? "null" : json_quote(coded.txt)) + "}";
}

}  // namespace detail
}  // namespace vouchd::store
