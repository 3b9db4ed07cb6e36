// Zone reputation policies (see zone_policy.h).
#include "vouchd/scoring/zone_policy.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace vouchd::scoring {
namespace {

using nlohmann::json;
namespace rep = vouchd::reputation;

constexpr std::size_t kMaxTemplate = 1024;
constexpr std::size_t kMaxEntries = 64;
constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypeTxt = 16;
constexpr std::array<std::string_view, 3> kPlaceholders = {"identity", "code", "reason"};
constexpr std::size_t kMaxReason = 200;

bool is_cos(store::ZoneKind kind) noexcept {
  return kind == store::ZoneKind::Cos;
}

bool is_dnsbl(store::ZoneKind kind) noexcept {
  return kind == store::ZoneKind::DnsblIp4 || kind == store::ZoneKind::DnsblIp6 ||
         kind == store::ZoneKind::DnsblDomain;
}

struct Fail {
  PolicyError error;
};

[[noreturn]] void fail(std::string field, std::string message) {
  throw Fail{{std::move(field), std::move(message)}};
}

std::string code_text(const Code& c) {
  return std::to_string(c[0]) + "." + std::to_string(c[1]) + "." + std::to_string(c[2]) + "." +
         std::to_string(c[3]);
}

Code read_code(const json& value, const std::string& field, bool band) {
  if (!value.is_string()) fail(field, "a string like \"127.0.0.2\"");
  const auto p = dnswire::IpPrefix::parse(value.get<std::string>());
  if (!p || p->family != dnswire::IpFamily::V4 || p->length != 32 || p->addr[0] != 127) {
    fail(field, "an IPv4 address in 127.0.0.0/8");
  }
  const Code code{p->addr[0], p->addr[1], p->addr[2], p->addr[3]};
  if (band && code == Code{127, 0, 0, 1}) {
    fail(field, "127.0.0.1 means \"not listed\" (RFC 5782 §5); use 127.0.0.2 or above");
  }
  return code;
}

double read_number(const json& obj, std::string_view key, const std::string& field, double low,
                   double high, double fallback) {
  const auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (!it->is_number()) fail(field, "a number");
  const double v = it->get<double>();
  if (!(v >= low && v <= high)) {
    fail(field, "between " + json(low).dump() + " and " + json(high).dump());
  }
  return v;
}

void only_members(const json& obj, std::initializer_list<std::string_view> known,
                  const std::string& where) {
  for (const auto& [key, value] : obj.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      fail(where.empty() ? key : where + "." + key, "unknown member");
    }
  }
}

void check_printable(const std::string& text, const std::string& field) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c > 0x7e) fail(field, "printable ASCII only");
  }
}

std::string read_reason(const json& obj, const std::string& field) {
  const auto it = obj.find("reason");
  if (it == obj.end()) return "";
  if (!it->is_string() || it->get<std::string>().size() > kMaxReason) {
    fail(field, "a string of at most 200 octets");
  }
  std::string reason = it->get<std::string>();
  check_printable(reason, field);
  return reason;
}

void check_template(const std::string& txt) {
  if (txt.size() > kMaxTemplate) fail("txt", "at most 1024 octets");
  check_printable(txt, "txt");
  for (std::size_t at = 0; at < txt.size(); ++at) {
    if (txt[at] == '}') fail("txt", "'}' without '{'");
    if (txt[at] != '{') continue;
    const std::size_t close = txt.find('}', at);
    if (close == std::string::npos) fail("txt", "'{' without '}'");
    const std::string_view name = std::string_view{txt}.substr(at + 1, close - at - 1);
    if (std::find(kPlaceholders.begin(), kPlaceholders.end(), name) == kPlaceholders.end()) {
      fail("txt",
           "unknown placeholder {" + std::string{name} + "}; known: {identity} {code} {reason}");
    }
    at = close;
  }
}

ZonePolicy read_policy(const json& doc, store::ZoneKind kind) {
  if (!doc.is_object()) fail("", "a JSON object");
  only_members(doc, {"bands", "classes", "txt", "ttl"}, "");
  ZonePolicy policy;
  if (const auto it = doc.find("bands"); it != doc.end()) {
    if (!it->is_array() || it->size() > kMaxEntries) fail("bands", "an array of at most 64 bands");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& b = (*it)[i];
      const std::string field = "bands[" + std::to_string(i) + "]";
      if (!b.is_object()) fail(field, "an object {\"min_rate\", \"code\"}");
      only_members(b, {"min_rate", "code", "reason"}, field);
      if (!b.contains("code")) fail(field + ".code", "missing");
      Band band;
      band.min_rate = read_number(b, "min_rate", field + ".min_rate", 0, 1, 0);
      band.code = read_code(b["code"], field + ".code", true);
      band.reason = read_reason(b, field + ".reason");
      if (!policy.bands.empty() && band.min_rate <= policy.bands.back().min_rate) {
        fail(field + ".min_rate", "bands must rise: above the previous band's min_rate");
      }
      policy.bands.push_back(band);
    }
  }
  if (const auto it = doc.find("classes"); it != doc.end()) {
    if (!is_cos(kind)) fail("classes", "classes belong to cos zones");
    if (!it->is_array() || it->size() > kMaxEntries) {
      fail("classes", "an array of at most 64 classes");
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      const std::string field = "classes[" + std::to_string(i) + "]";
      if (!c.is_object()) fail(field, "an object {\"code\", \"min_days\", ...}");
      only_members(c, {"code", "min_days", "min_messages", "max_rate", "reason"}, field);
      if (!c.contains("code")) fail(field + ".code", "missing");
      CosClass cls;
      cls.code = read_code(c["code"], field + ".code", false);
      cls.min_days = read_number(c, "min_days", field + ".min_days", 0, 36500, 0);
      cls.min_messages = static_cast<std::uint64_t>(
          read_number(c, "min_messages", field + ".min_messages", 0, 1e15, 0));
      cls.max_rate = read_number(c, "max_rate", field + ".max_rate", 0, 1, 1);
      cls.reason = read_reason(c, field + ".reason");
      policy.classes.push_back(cls);
    }
  }
  if (is_dnsbl(kind) && policy.bands.empty()) fail("bands", "at least one band");
  if (is_cos(kind) && policy.classes.empty()) fail("classes", "at least one class");
  if (const auto it = doc.find("txt"); it != doc.end()) {
    if (!it->is_string()) fail("txt", "a string");
    policy.txt = it->get<std::string>();
    check_template(policy.txt);
  }
  if (const auto it = doc.find("ttl"); it != doc.end()) {
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 2147483647u) {
      fail("ttl", "an integer 0..2147483647");
    }
    policy.ttl = static_cast<std::uint32_t>(it->get<std::uint64_t>());
  }
  return policy;
}

store::Answer answer_of(const ZonePolicy& policy, const Code& code, std::string_view reason,
                        const rep::Identity& id, std::uint32_t default_ttl) {
  const std::uint32_t ttl = policy.ttl.value_or(default_ttl);
  store::Answer answer{{kTypeA, ttl, std::vector<std::uint8_t>(code.begin(), code.end())}};
  if (policy.txt.empty()) return answer;
  const std::string text = expand_txt(policy.txt, id, code, reason);
  std::vector<std::uint8_t> rdata;
  for (std::size_t at = 0; at < text.size() || rdata.empty(); at += 255) {
    const std::size_t n = std::min<std::size_t>(255, text.size() - std::min(at, text.size()));
    rdata.push_back(static_cast<std::uint8_t>(n));
    rdata.insert(rdata.end(), text.begin() + static_cast<std::ptrdiff_t>(at),
                 text.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  answer.push_back({kTypeTxt, ttl, std::move(rdata)});
  return answer;
}

}  // namespace

tl::expected<ZonePolicy, PolicyError> parse_zone_policy(std::string_view text,
                                                        store::ZoneKind kind) {
  // The zone is at fault before anything in the document: no policy would fit it.
  if (!is_dnsbl(kind) && !is_cos(kind)) {
    return tl::unexpected{PolicyError{
        "zone", "reputation policies apply to dnsbl-ip4, dnsbl-ip6, dnsbl-domain and cos zones"}};
  }
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return tl::unexpected{PolicyError{"", "not valid JSON"}};
  try {
    return read_policy(doc, kind);
  } catch (const Fail& f) {
    return tl::unexpected{f.error};
  }
}

std::string policy_to_json(const ZonePolicy& policy) {
  json doc = json::object();
  if (!policy.bands.empty()) {
    json bands = json::array();
    for (const Band& b : policy.bands)
      bands.push_back(
          {{"min_rate", b.min_rate}, {"code", code_text(b.code)}, {"reason", b.reason}});
    doc["bands"] = bands;
  }
  if (!policy.classes.empty()) {
    json classes = json::array();
    for (const CosClass& c : policy.classes) {
      classes.push_back({{"code", code_text(c.code)},
                         {"min_days", c.min_days},
                         {"min_messages", c.min_messages},
                         {"max_rate", c.max_rate},
                         {"reason", c.reason}});
    }
    doc["classes"] = classes;
  }
  if (!policy.txt.empty()) doc["txt"] = policy.txt;
  if (policy.ttl) doc["ttl"] = *policy.ttl;
  return doc.dump();
}

bool zone_serves(store::ZoneKind kind, rep::IdentityKind id) noexcept {
  if (is_cos(kind)) return true;
  switch (id) {
    case rep::IdentityKind::Ip4:
      return kind == store::ZoneKind::DnsblIp4;
    case rep::IdentityKind::Ip6:
      return kind == store::ZoneKind::DnsblIp6;
    case rep::IdentityKind::Domain:
      return kind == store::ZoneKind::DnsblDomain;
  }
  return false;
}

std::optional<store::ListingKey> key_of(const rep::Identity& id) {
  if (id.kind == rep::IdentityKind::Domain) return store::ListingKey{id.key};
  const auto p = dnswire::IpPrefix::parse(id.key);
  if (!p) return std::nullopt;
  return store::ListingKey{*p};
}

std::string expand_txt(std::string_view txt, const rep::Identity& id, const Code& code,
                       std::string_view reason) {
  std::string out;
  for (std::size_t at = 0; at < txt.size(); ++at) {
    const std::size_t close = txt[at] == '{' ? txt.find('}', at) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out.push_back(txt[at]);
      continue;
    }
    const std::string_view name = txt.substr(at + 1, close - at - 1);
    if (name == "identity") {
      out += id.key;
    } else if (name == "code") {
      out += code_text(code);
    } else if (name == "reason") {
      out += reason;
    }
    at = close;
  }
  return out;
}

std::optional<store::Answer> listing_answer(const ZonePolicy& policy, const rep::Identity& id,
                                            const rep::Score& score, std::uint32_t default_ttl) {
  const Band* chosen = nullptr;
  for (const Band& b : policy.bands) {
    if (score.rate >= b.min_rate) chosen = &b;
  }
  // A manual listing in the engine lists whatever the rate: it takes the first band.
  if (chosen == nullptr && score.manual == rep::Manual::List && !policy.bands.empty()) {
    chosen = &policy.bands.front();
  }
  if (chosen == nullptr) return std::nullopt;
  return answer_of(policy, chosen->code, chosen->reason, id, default_ttl);
}

std::optional<store::Answer> class_answer(const ZonePolicy& policy, const rep::Identity& id,
                                          const rep::Score& score, std::int64_t now,
                                          std::uint32_t default_ttl) {
  if (score.listed || !score.first_seen) return std::nullopt;
  const double days = static_cast<double>(now - *score.first_seen) / 86400.0;
  const CosClass* earned = nullptr;
  for (const CosClass& c : policy.classes) {
    if (days >= c.min_days && score.total_delivered >= c.min_messages && score.rate <= c.max_rate) {
      earned = &c;
    }
  }
  if (earned == nullptr) return std::nullopt;
  return answer_of(policy, earned->code, earned->reason, id, default_ttl);
}

}  // namespace vouchd::scoring
