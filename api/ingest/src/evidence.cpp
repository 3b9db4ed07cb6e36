// Reports → evidence (see evidence.h).
#include "vouchd/ingest/evidence.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "text.h"
#include "vouchd/dnswire/ip_prefix.h"

namespace vouchd::ingest {
namespace {

void add(std::vector<EvidenceItem>& out, std::int64_t at, EvidenceKind kind, IdentityType type,
         std::string key, std::uint64_t count) {
  if (key.empty() || count == 0) return;
  for (const EvidenceItem& e : out) {
    if (e.type == type && e.key == key && e.kind == kind) return;  // one item per identity
  }
  out.push_back({at, kind, type, std::move(key), count});
}

std::optional<std::string> address(std::string_view text) {
  if (text.find('/') != std::string_view::npos) return std::nullopt;
  const auto a = dnswire::IpPrefix::parse(trim(text));
  if (!a) return std::nullopt;
  return a->to_text();
}

bool plausible_domain(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.find('.') == std::string_view::npos) return false;
  for (const char c : d) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string_view kind_to_text(EvidenceKind kind) noexcept {
  switch (kind) {
    case EvidenceKind::Complaint:
      return "complaint";
    case EvidenceKind::TrapHit:
      return "trap_hit";
    case EvidenceKind::Delivered:
      return "delivered";
    case EvidenceKind::NotSpam:
      return "not_spam";
  }
  return "complaint";
}

std::vector<EvidenceItem> evidence_of(const ArfReport& r, std::int64_t received_at) {
  EvidenceKind kind = EvidenceKind::Complaint;
  const std::string& t = r.feedback_type;
  if (t == "not-spam") {
    kind = EvidenceKind::NotSpam;
  } else if (t != "abuse" && t != "fraud" && t != "virus" && t != "other") {
    return {};  // auth-failure and unknown types: kept, not counted
  }
  const std::int64_t at = r.arrival.value_or(received_at);
  const std::uint64_t n = r.incidents;
  std::vector<EvidenceItem> out;
  if (r.source_ip) add(out, at, kind, IdentityType::Address, *r.source_ip, n);
  for (const std::string& d : r.authenticated_domains) {
    if (plausible_domain(d)) add(out, at, kind, IdentityType::Domain, d, n);
  }
  if (plausible_domain(r.spf_pass_domain)) {
    add(out, at, kind, IdentityType::Domain, r.spf_pass_domain, n);
  }
  return out;
}

std::vector<EvidenceItem> evidence_of(const DmarcReport& r) {
  const std::int64_t at = r.begin + (r.end - r.begin) / 2;
  std::vector<EvidenceItem> out;
  // Records repeat identities (one per disposition/result combination): sum their counts. The
  // index keeps this linear in the records (reports of 100,000 records exist).
  std::unordered_map<std::string, std::size_t> index;
  for (const DmarcRecord& rec : r.records) {
    auto bump = [&](IdentityType type, const std::string& key) {
      if (key.empty() || rec.count == 0) return;
      std::string id = key;
      id += type == IdentityType::Domain ? 'd' : 'a';
      const auto [it, added] = index.try_emplace(std::move(id), out.size());
      if (!added) {
        out[it->second].count += rec.count;
        return;
      }
      out.push_back({at, EvidenceKind::Delivered, type, key, rec.count});
    };
    bump(IdentityType::Address, rec.source_ip);
    if ((rec.dkim_aligned_pass || rec.spf_aligned_pass) && plausible_domain(rec.header_from)) {
      bump(IdentityType::Domain, rec.header_from);
    }
  }
  return out;
}

tl::expected<JsonEvent, EventError> parse_json_event(std::string_view text) {
  using nlohmann::json;
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return tl::unexpected(EventError{"", "an event is a JSON object"});
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "type" && key != "at" && key != "ip" && key != "domain" && key != "count" &&
        key != "id") {
      return tl::unexpected(EventError{key, "unknown field"});
    }
  }
  const std::string type =
      j.contains("type") && j["type"].is_string() ? j["type"].get<std::string>() : "";
  EvidenceKind kind = EvidenceKind::Complaint;
  if (type == "trap_hit") {
    kind = EvidenceKind::TrapHit;
  } else if (type == "delivered") {
    kind = EvidenceKind::Delivered;
  } else if (type == "not_spam") {
    kind = EvidenceKind::NotSpam;
  } else if (type != "complaint") {
    return tl::unexpected(EventError{"type", "complaint, trap_hit, delivered or not_spam"});
  }
  if (!j.contains("at") || !j["at"].is_number_integer() || j["at"].get<std::int64_t>() <= 0) {
    return tl::unexpected(EventError{"at", "required: unix seconds"});
  }
  const std::int64_t at = j["at"].get<std::int64_t>();
  std::uint64_t count = 1;
  if (j.contains("count")) {
    if (!j["count"].is_number_unsigned() || j["count"].get<std::uint64_t>() == 0 ||
        j["count"].get<std::uint64_t>() > 1000000000ULL) {
      return tl::unexpected(EventError{"count", "an integer from 1 to 1000000000"});
    }
    count = j["count"].get<std::uint64_t>();
  }
  JsonEvent event;
  if (j.contains("id")) {
    if (!j["id"].is_string() || j["id"].get<std::string>().size() > 256) {
      return tl::unexpected(EventError{"id", "a string of at most 256 characters"});
    }
    event.id = j["id"].get<std::string>();
  }
  if (j.contains("ip")) {
    const auto a = j["ip"].is_string() ? address(j["ip"].get<std::string>()) : std::nullopt;
    if (!a) return tl::unexpected(EventError{"ip", "an IPv4 or IPv6 address"});
    event.items.push_back({at, kind, IdentityType::Address, *a, count});
  }
  if (j.contains("domain")) {
    std::string d = j["domain"].is_string() ? lower(j["domain"].get<std::string>()) : "";
    if (!d.empty() && d.back() == '.') d.pop_back();
    if (!plausible_domain(d)) return tl::unexpected(EventError{"domain", "a domain name"});
    event.items.push_back({at, kind, IdentityType::Domain, d, count});
  }
  if (event.items.empty()) return tl::unexpected(EventError{"ip", "ip or domain is required"});
  return event;
}

}  // namespace vouchd::ingest
