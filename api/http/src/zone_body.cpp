// Reading the zone route bodies (zone_body.h).
#include "zone_body.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "input.h"
#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/types.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

// RFC 2181 §8: TTLs are 0..2^31-1. The SOA timers (RFC 1035 §3.3.13: 32-bit intervals) get the
// same bound, so that no secondary reads one as negative.
constexpr std::int64_t kMaxSeconds = 2147483647;
constexpr std::size_t kMaxNs = 16;
constexpr std::size_t kMaxAddresses = 16;

constexpr std::array<std::string_view, 7> kZoneMembers{
    "apex", "kind", "soa", "ns", "addresses", "default_ttl", "default_class"};
constexpr std::array<std::string_view, 2> kClassMembers{"codes", "txt"};
constexpr std::array<std::string_view, 7> kSoaMembers{"mname",  "rname",   "refresh", "retry",
                                                      "expire", "minimum", "ttl"};

ApiError invalid(std::string field, std::string message) {
  return {400, "invalid_field", std::move(field), std::move(message)};
}

template <std::size_t N>
bool only_members(const json& object, const std::array<std::string_view, N>& allowed,
                  const std::string& prefix, ApiError& error) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    error = {400, "unknown_field", prefix + key, "unknown field"};
    if (prefix == "soa." && key == "serial") {
      error.message = "the serial is set by vouchd: max(old + 1, unix time) (RFC 1982)";
    }
    return false;
  }
  return true;
}

std::optional<std::uint32_t> read_seconds(const json& value, const std::string& field,
                                          ApiError& error) {
  const bool ok = value.is_number_unsigned() && value.get<std::uint64_t>() <= kMaxSeconds;
  if (!ok) {
    error = invalid(field, "an integer from 0 to 2147483647 (seconds)");
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(value.get<std::uint64_t>());
}

// A domain name (IDN U-labels become A-labels), lower-case and absolute.
std::optional<dnswire::Name> read_name(const json& value, const std::string& field,
                                       ApiError& error) {
  if (!value.is_string()) {
    error = invalid(field, "a domain name (a string)");
    return std::nullopt;
  }
  const auto ascii = check_domain(value.get<std::string>(), field, error);
  if (!ascii) return std::nullopt;
  auto name = dnswire::Name::from_text(*ascii + ".");
  if (!name) error = invalid(field, "not a domain name");
  return name;
}

std::optional<SoaPatch> read_soa_members(const json& soa, ApiError& error) {
  if (!soa.is_object()) {
    error = invalid("soa", "an object of SOA fields");
    return std::nullopt;
  }
  if (!only_members(soa, kSoaMembers, "soa.", error)) return std::nullopt;
  using NameMember = std::optional<dnswire::Name> SoaPatch::*;
  using SecondsMember = std::optional<std::uint32_t> SoaPatch::*;
  static constexpr std::array<std::pair<const char*, NameMember>, 2> kNames{
      {{"mname", &SoaPatch::mname}, {"rname", &SoaPatch::rname}}};
  static constexpr std::array<std::pair<const char*, SecondsMember>, 5> kTimes{
      {{"refresh", &SoaPatch::refresh},
       {"retry", &SoaPatch::retry},
       {"expire", &SoaPatch::expire},
       {"minimum", &SoaPatch::minimum},
       {"ttl", &SoaPatch::ttl}}};
  SoaPatch patch;
  for (const auto& [key, target] : kNames) {
    if (!soa.contains(key)) continue;
    patch.*target = read_name(soa[key], std::string{"soa."} + key, error);
    if (!(patch.*target)) return std::nullopt;
  }
  for (const auto& [key, target] : kTimes) {
    if (!soa.contains(key)) continue;
    patch.*target = read_seconds(soa[key], std::string{"soa."} + key, error);
    if (!(patch.*target)) return std::nullopt;
  }
  return patch;
}

// "default_class": {"codes": ["127.0.0.1"], "txt": "..."}: codes required, txt optional (absent,
// null or "" for none).
std::optional<store::CodedAnswer> read_default_class(const json& value, ApiError& error) {
  if (!value.is_object()) {
    error = invalid("default_class", "an object: {\"codes\": [\"127.0.0.1\"], \"txt\": \"...\"}");
    return std::nullopt;
  }
  if (!only_members(value, kClassMembers, "default_class.", error)) return std::nullopt;
  if (!value.contains("codes")) {
    error = invalid("default_class.codes", "required: one or more addresses in 127.0.0.0/8");
    return std::nullopt;
  }
  auto codes = read_codes(value["codes"], "default_class.codes", error);
  if (!codes) return std::nullopt;
  if (codes->empty()) {
    error = invalid("default_class.codes", "at least one code");
    return std::nullopt;
  }
  store::CodedAnswer out{std::move(*codes), {}};
  if (value.contains("txt") && !value["txt"].is_null()) {
    const json& t = value["txt"];
    if (!t.is_string() || t.get<std::string>().size() > store::CodedAnswer::kMaxTxt) {
      error = invalid("default_class.txt", "a string of at most 1024 octets, or null");
      return std::nullopt;
    }
    out.txt = t.get<std::string>();
  }
  return out;
}

std::optional<json> parse_object(const std::string& text, ApiError& error) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = {400, "invalid_json", "", "the body must be a JSON object"};
    return std::nullopt;
  }
  return j;
}

std::optional<std::vector<dnswire::Name>> read_ns(const json& value, ApiError& error) {
  if (!value.is_array() || value.empty() || value.size() > kMaxNs) {
    error = invalid("ns", "an array of 1 to 16 name server names");
    return std::nullopt;
  }
  std::vector<dnswire::Name> names;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string field = "ns[" + std::to_string(i) + "]";
    auto name = read_name(value[i], field, error);
    if (!name) return std::nullopt;
    if (std::find(names.begin(), names.end(), *name) != names.end()) {
      error = invalid(field, "name server given twice");
      return std::nullopt;
    }
    names.push_back(std::move(*name));
  }
  return names;
}

// One glue address: a full IPv4 or IPv6 address, as A or AAAA rdata.
std::optional<store::StaticRecord> read_glue(const json& value, const dnswire::Name& owner,
                                             std::uint32_t ttl, const std::string& field,
                                             ApiError& error) {
  const std::string text = value.is_string() ? value.get<std::string>() : std::string{};
  const auto prefix =
      text.find('/') == std::string::npos ? dnswire::IpPrefix::parse(text) : std::nullopt;
  if (!prefix || prefix->length != prefix->max_length()) {
    error = invalid(field, "an IPv4 or IPv6 address");
    return std::nullopt;
  }
  const bool v4 = prefix->family == dnswire::IpFamily::V4;
  const auto type = v4 ? dnswire::RRType::A : dnswire::RRType::Aaaa;
  return store::StaticRecord{
      owner, static_cast<std::uint16_t>(type), ttl,
      std::vector<std::uint8_t>(
          prefix->addr.begin(),
          prefix->addr.begin() + static_cast<std::ptrdiff_t>(prefix->address_bytes()))};
}

// "addresses": {"ns1.vouch.example.": ["192.0.2.53", "2001:db8::53"]} -> glue records.
bool read_addresses(const json& value, const NewZone& zone, const std::vector<dnswire::Name>& ns,
                    std::vector<store::StaticRecord>& glue, ApiError& error) {
  if (!value.is_object()) {
    error = invalid("addresses", "an object mapping in-zone name server names to addresses");
    return false;
  }
  std::vector<dnswire::Name> seen;
  for (const auto& [key, list] : value.items()) {
    const std::string field = "addresses." + key;
    auto name = read_name(json(key), field, error);
    if (!name) return false;
    if (std::find(ns.begin(), ns.end(), *name) == ns.end()) {
      error = invalid(field, "not one of the names in \"ns\"");
      return false;
    }
    if (!name->is_below(zone.zone.apex)) {
      error = invalid(field, "only name servers inside the zone take addresses here");
      return false;
    }
    if (std::find(seen.begin(), seen.end(), *name) != seen.end()) {
      error = invalid(field, "name server given twice");
      return false;
    }
    seen.push_back(*name);
    if (!list.is_array() || list.empty() || list.size() > kMaxAddresses) {
      error = invalid(field, "an array of 1 to 16 addresses");
      return false;
    }
    const std::size_t first = glue.size();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string at = field + "[" + std::to_string(i) + "]";
      auto rr = read_glue(list[i], *name, zone.zone.default_ttl, at, error);
      if (!rr) return false;
      const auto same = [&](const store::StaticRecord& r) { return r.rdata == rr->rdata; };
      if (std::any_of(glue.begin() + static_cast<std::ptrdiff_t>(first), glue.end(), same)) {
        error = invalid(at, "address given twice");
        return false;
      }
      glue.push_back(std::move(*rr));
    }
  }
  return true;
}

// apex, kind and default_ttl; the SOA is read separately.
bool read_zone_head(const json& j, NewZone& out, ApiError& error) {
  if (!j.contains("apex")) {
    error = invalid("apex", "required");
    return false;
  }
  auto apex = read_name(j["apex"], "apex", error);
  if (!apex) return false;
  out.zone.apex = std::move(*apex);
  const auto kind = j.contains("kind") && j["kind"].is_string()
                        ? store::kind_from_text(j["kind"].get<std::string>())
                        : std::nullopt;
  if (!kind) {
    error = invalid("kind", "vbr, dnsbl-ip4, dnsbl-ip6, dnsbl-domain, static or cos");
    return false;
  }
  out.zone.kind = *kind;
  if (j.contains("default_ttl")) {
    const auto ttl = read_seconds(j["default_ttl"], "default_ttl", error);
    if (!ttl) return false;
    out.zone.default_ttl = *ttl;
  }
  return true;
}

bool read_zone_soa(const json& j, NewZone& out, ApiError& error) {
  if (!j.contains("soa")) {
    error = invalid("soa", "required: at least {\"mname\": ..., \"rname\": ...}");
    return false;
  }
  const auto soa = read_soa_members(j["soa"], error);
  if (!soa) return false;
  for (const char* required : {"mname", "rname"}) {
    if (!j["soa"].contains(required)) {
      error = invalid(std::string{"soa."} + required, "required");
      return false;
    }
  }
  out.zone.soa = soa->applied_to(store::Soa{});
  return true;
}

}  // namespace

store::Soa SoaPatch::applied_to(store::Soa soa) const {
  if (mname) soa.mname = *mname;
  if (rname) soa.rname = *rname;
  soa.refresh = refresh.value_or(soa.refresh);
  soa.retry = retry.value_or(soa.retry);
  soa.expire = expire.value_or(soa.expire);
  soa.minimum = minimum.value_or(soa.minimum);
  soa.ttl = ttl.value_or(soa.ttl);
  return soa;
}

std::optional<NewZone> read_new_zone(const std::string& body, ApiError& error) {
  const auto j = parse_object(body, error);
  if (!j || !only_members(*j, kZoneMembers, "", error)) return std::nullopt;
  NewZone out;
  if (!read_zone_head(*j, out, error) || !read_zone_soa(*j, out, error)) return std::nullopt;
  if (j->contains("default_class")) {
    if (out.zone.kind != store::ZoneKind::Cos) {
      error = invalid("default_class", "only a cos zone has a default class");
      return std::nullopt;
    }
    out.zone.default_class = read_default_class((*j)["default_class"], error);
    if (!out.zone.default_class) return std::nullopt;
  }
  if (!j->contains("ns")) {
    error = invalid("ns", "required: at least one name server");
    return std::nullopt;
  }
  const auto ns = read_ns((*j)["ns"], error);
  if (!ns) return std::nullopt;
  for (const dnswire::Name& n : *ns) {
    const auto wire = n.wire();
    out.records.push_back({out.zone.apex,
                           static_cast<std::uint16_t>(dnswire::RRType::Ns),
                           out.zone.default_ttl,
                           {wire.begin(), wire.end()}});
  }
  std::vector<store::StaticRecord> glue;
  if (j->contains("addresses") && !read_addresses((*j)["addresses"], out, *ns, glue, error)) {
    return std::nullopt;
  }
  // RFC 1034 §4.2.1: a name server inside the zone is reachable only through its addresses.
  for (std::size_t i = 0; i < ns->size(); ++i) {
    const dnswire::Name& n = (*ns)[i];
    const auto has = [&](const store::StaticRecord& r) { return r.owner == n; };
    if (n.is_below(out.zone.apex) && std::none_of(glue.begin(), glue.end(), has)) {
      error = invalid("ns[" + std::to_string(i) + "]",
                      "lies inside the zone, so it needs addresses: \"addresses\": {\"" +
                          n.to_text() + "\": [\"192.0.2.53\"]}");
      return std::nullopt;
    }
  }
  out.records.insert(out.records.end(), glue.begin(), glue.end());
  return out;
}

std::optional<ZonePatch> read_zone_patch(const std::string& body, ApiError& error) {
  const auto j = parse_object(body, error);
  if (!j) return std::nullopt;
  for (const auto& [key, value] : j->items()) {
    if (key == "soa" || key == "default_class") continue;
    error = {400, "unknown_field", key, "only \"soa\" and \"default_class\" can be changed"};
    return std::nullopt;
  }
  if (!j->contains("soa") && !j->contains("default_class")) {
    error = invalid("soa", "required: the SOA fields to change (or \"default_class\")");
    return std::nullopt;
  }
  ZonePatch patch;
  if (j->contains("soa")) {
    patch.soa = read_soa_members((*j)["soa"], error);
    if (!patch.soa) return std::nullopt;
    if ((*j)["soa"].empty()) {
      error =
          invalid("soa", "give at least one of mname, rname, refresh, retry, expire, minimum, ttl");
      return std::nullopt;
    }
  }
  if (j->contains("default_class")) {
    patch.default_class = read_default_class((*j)["default_class"], error);
    if (!patch.default_class) return std::nullopt;
  }
  return patch;
}

}  // namespace vouchd::api
