// Manual DNSxL listings and allow entries (RFC 5782 §2): PUT/GET/DELETE
// /api/v1/zones/{zone}/listings/{key} and the keyset-paged list. A key is an IPv4/IPv6 address or
// prefix (the '/' literal or as %2F) or a domain; a cos zone (design.md §11) takes all three, an
// entry there being the class its key earned. Answers are A records in 127.0.0.0/8 (RFC 5782
// §2.3, for every kind of list) and an optional TXT. Each write commits, journals and reaches DNS
// (via OnCommit) before the 2xx.
#include <algorithm>
#include <array>
#include <chrono>
#include <span>

#include "input.h"
#include "routes.h"
#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/name.h"
#include "vouchd/dnswire/types.h"

namespace vouchd::api {
namespace {

using nlohmann::json;
using store::ListingPolicy;

constexpr std::size_t kMaxTxt = store::CodedAnswer::kMaxTxt;  // octets; split in to_answer()
constexpr std::int64_t kMaxTtl = 2147483647;                  // RFC 2181 §8
constexpr std::int64_t kMaxExpires = 253402300799;  // 9999-12-31T23:59:59Z: catches milliseconds
constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;
constexpr auto kTypeA = static_cast<std::uint16_t>(dnswire::RRType::A);
constexpr auto kTypeTxt = static_cast<std::uint16_t>(dnswire::RRType::Txt);

bool is_ip_zone(store::ZoneKind kind) noexcept {
  return kind == store::ZoneKind::DnsblIp4 || kind == store::ZoneKind::DnsblIp6;
}

// The DNSxL zone named in the path (with or without its final dot); the caller holds the lock.
std::optional<store::Zone> find_dnsxl_zone(Context& ctx, const std::string& text,
                                           httplib::Response& res) {
  const auto zone = find_zone(ctx, text, res);
  if (!zone) return std::nullopt;
  if (!is_ip_zone(zone->kind) && zone->kind != store::ZoneKind::DnsblDomain &&
      zone->kind != store::ZoneKind::Cos) {
    reply(res, {400, "invalid_field", "zone",
                "not a DNSxL or cos zone (dnsbl-ip4, -ip6, -domain or cos)"});
    return std::nullopt;
  }
  return zone;
}

// The path's key as the store keys it, for a zone of `kind`: a clean prefix of either family in
// an address zone (the store serves both there), a domain (IDN converted) in a domain zone, and
// whichever of the two the text is in a cos zone.
std::optional<store::ListingKey> read_key(std::string text, store::ZoneKind kind,
                                          const std::string& field, ApiError& error) {
  for (std::size_t at = 0; (at = text.find('%', at)) != std::string::npos;) {
    if (text.compare(at, 3, "%2F") == 0 || text.compare(at, 3, "%2f") == 0) {
      text.replace(at, 3, "/");  // in case the server left the escaped slash as it came
    }
    ++at;
  }
  const auto prefix = dnswire::IpPrefix::parse(text);
  const bool cos = kind == store::ZoneKind::Cos;
  if (cos && !prefix && text.find_first_of(":/") == std::string::npos) {
    auto domain = check_domain(text, field, error);
    if (!domain) return std::nullopt;
    return store::ListingKey{std::move(*domain)};
  }
  if (!is_ip_zone(kind) && !cos) {
    if (prefix || text.find_first_of(":/") != std::string::npos) {
      error = {400, "invalid_field", field, "a dnsbl-domain zone is keyed by domain names"};
      return std::nullopt;
    }
    auto domain = check_domain(text, field, error);
    if (!domain) return std::nullopt;
    return store::ListingKey{std::move(*domain)};
  }
  if (prefix) return store::ListingKey{*prefix};
  const std::size_t slash = text.find('/');
  if (slash != std::string::npos && dnswire::IpPrefix::parse(text.substr(0, slash))) {
    error = {400, "invalid_field", field,
             "not a prefix: bits are set after the prefix length (give the network address, "
             "e.g. 192.0.2.0/24), or the length is out of range"};
  } else {
    error = {400, "invalid_field", field,
             cos ? "not an IPv4 or IPv6 address or prefix, nor a domain"
                 : "not an IPv4 or IPv6 address or prefix (an address zone is keyed by addresses)"};
  }
  return std::nullopt;
}

std::string key_text(const store::ListingKey& key) {
  if (const auto* p = std::get_if<dnswire::IpPrefix>(&key)) return p->to_text();
  return std::get<std::string>(key);
}

std::string code_text(std::span<const std::uint8_t> rdata) {
  return std::to_string(rdata[0]) + "." + std::to_string(rdata[1]) + "." +
         std::to_string(rdata[2]) + "." + std::to_string(rdata[3]);
}

// The listing object the API returns; TXT character-strings are joined back into one text.
json listing_json(const store::Zone& zone, const store::ListingRecord& r, std::uint32_t serial) {
  json codes = json::array();
  std::optional<std::string> txt;
  std::optional<std::uint32_t> ttl;
  for (const store::AnswerRR& rr : r.answer) {
    if (!ttl) ttl = rr.ttl;
    if (rr.type == kTypeA && rr.rdata.size() == 4) codes.push_back(code_text(rr.rdata));
    if (rr.type != kTypeTxt) continue;
    if (!txt) txt.emplace();
    for (std::size_t i = 0; i < rr.rdata.size(); i += 1u + rr.rdata[i]) {
      const std::size_t n = std::min<std::size_t>(rr.rdata[i], rr.rdata.size() - i - 1);
      txt->append(reinterpret_cast<const char*>(rr.rdata.data()) + i + 1, n);
    }
  }
  return {{"zone", zone.apex.to_text()},
          {"key", key_text(r.key)},
          {"policy", std::string{store::policy_to_text(r.policy)}},
          {"codes", codes},
          {"txt", txt ? json(*txt) : json(nullptr)},
          {"ttl", ttl ? json(*ttl) : json(nullptr)},
          {"expires", r.expires ? json(*r.expires) : json(nullptr)},
          {"source", r.source},
          {"serial", serial}};
}

struct ListingBody {
  ListingPolicy policy = ListingPolicy::List;
  std::vector<std::uint32_t> codes;  // A values, in the order given
  std::optional<std::string> txt;
  std::optional<std::uint32_t> ttl;
  std::optional<std::int64_t> expires;
};

bool read_optional_members(const json& j, ListingBody& body, ApiError& error) {
  if (j.contains("txt")) {
    const json& t = j["txt"];
    if (!t.is_string() || t.get<std::string>().empty() || t.get<std::string>().size() > kMaxTxt) {
      error = {400, "invalid_field", "txt", "a string of 1 to 1024 octets"};
      return false;
    }
    body.txt = t.get<std::string>();
  }
  if (j.contains("ttl")) {
    const json& t = j["ttl"];
    if (!t.is_number_integer() || t.get<std::int64_t>() < 0 || t.get<std::int64_t>() > kMaxTtl) {
      error = {400, "invalid_field", "ttl", "an integer from 0 to 2147483647"};
      return false;
    }
    body.ttl = static_cast<std::uint32_t>(t.get<std::int64_t>());
  }
  if (j.contains("expires") && !j["expires"].is_null()) {
    const json& e = j["expires"];
    const auto at = e.is_number_integer() ? e.get<std::int64_t>() : std::int64_t{-1};
    if (at <= now().time_since_epoch().count() || at > kMaxExpires) {
      error = {400, "invalid_field", "expires",
               "unix seconds in the future (not milliseconds), or null"};
      return false;
    }
    body.expires = at;
  }
  return true;
}

// An allow entry has no answer: codes, txt and ttl would be silently meaningless, so they are
// refused.
bool check_policy_fits(const json& j, const ListingBody& body, ApiError& error) {
  if (body.policy == ListingPolicy::Allow) {
    for (const char* member : {"txt", "ttl"}) {
      if (j.contains(member)) {
        error = {400, "invalid_field", member, "an allow entry has no answer"};
        return false;
      }
    }
    if (!body.codes.empty()) {
      error = {400, "invalid_field", "codes", "an allow entry has no answer"};
      return false;
    }
  } else if (body.codes.empty()) {
    error = {400, "invalid_field", "codes", "at least one code for a listing"};
    return false;
  }
  return true;
}

// The body of a PUT, checked member by member; the first problem is reported with its path.
std::optional<ListingBody> read_listing_body(const std::string& text, ApiError& error) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = {400, "invalid_json", "", "the body must be a JSON object"};
    return std::nullopt;
  }
  static constexpr std::array kMembers{"codes", "txt", "ttl", "expires", "policy"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(kMembers.begin(), kMembers.end(), key) == kMembers.end()) {
      error = {400, "unknown_field", key, "unknown field"};
      return std::nullopt;
    }
  }
  ListingBody body;
  if (j.contains("policy")) {
    const auto policy = j["policy"].is_string()
                            ? store::policy_from_text(j["policy"].get<std::string>())
                            : std::nullopt;
    if (!policy) {
      error = {400, "invalid_field", "policy", "\"list\" or \"allow\""};
      return std::nullopt;
    }
    body.policy = *policy;
  }
  if (j.contains("codes")) {
    auto codes = read_codes(j["codes"], "codes", error);
    if (!codes) return std::nullopt;
    body.codes = std::move(*codes);
  }
  if (!read_optional_members(j, body, error) || !check_policy_fits(j, body, error)) {
    return std::nullopt;
  }
  return body;
}

store::Answer answer_of(const ListingBody& body, std::uint32_t ttl) {
  return store::to_answer(store::CodedAnswer{body.codes, body.txt.value_or("")}, ttl);
}

void put_listing(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Write);
  if (!actor) return;
  ApiError error;
  const auto body = read_listing_body(req.body, error);
  if (!body) return reply(res, error);
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_dnsxl_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto key = read_key(req.matches[2].str(), zone->kind, "key", error);
  if (!key) return reply(res, error);
  const store::Answer answer = body->policy == ListingPolicy::Allow
                                   ? store::Answer{}
                                   : answer_of(*body, body->ttl.value_or(zone->default_ttl));
  const bool existed = ctx.store.get_listing(zone->id, *key).has_value();
  const auto committed = timed_write(ctx, [&] {
    return ctx.store.put_listing(zone->id, *key, body->policy, answer, body->expires, *actor,
                                 now());
  });
  if (!committed) return reply(res, from_store(committed.error(), "key"));
  ctx.on_commit(*zone, *committed);
  const store::ListingRecord stored{*key, body->policy, answer, "manual", body->expires, 0, 0};
  reply_json(res, existed ? 200 : 201, listing_json(*zone, stored, committed->serial));
}

void get_listing(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  ApiError error;
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_dnsxl_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto key = read_key(req.matches[2].str(), zone->kind, "key", error);
  if (!key) return reply(res, error);
  const auto found = ctx.store.get_listing(zone->id, *key);
  if (!found) return reply(res, from_store(found.error(), "key"));
  reply_json(res, 200, listing_json(*zone, *found, zone->soa.serial));
}

void delete_listing(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Write);
  if (!actor) return;
  ApiError error;
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_dnsxl_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto key = read_key(req.matches[2].str(), zone->kind, "key", error);
  if (!key) return reply(res, error);
  const auto committed =
      timed_write(ctx, [&] { return ctx.store.delete_listing(zone->id, *key, *actor, now()); });
  if (!committed) return reply(res, from_store(committed.error(), "key"));
  ctx.on_commit(*zone, *committed);
  reply_json(res, 200, {{"serial", committed->serial}});
}

void list_listings(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  ApiError error;
  const auto limit_param = read_limit(req, kDefaultLimit, kMaxLimit, error);
  if (!limit_param) return reply(res, error);
  const std::size_t limit = *limit_param;
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_dnsxl_zone(ctx, req.matches[1], res);
  if (!zone) return;
  std::optional<store::ListingKey> after;
  if (const std::string cursor = req.get_param_value("cursor"); !cursor.empty()) {
    after = read_key(cursor, zone->kind, "cursor", error);
    if (!after) return reply(res, error);
  }
  // One more than asked for tells whether another page follows.
  auto page = ctx.store.list_listings(zone->id, after, limit + 1);
  if (!page) return reply(res, from_store(page.error(), "cursor"));
  const bool more = page->size() > limit;
  if (more) page->pop_back();
  json items = json::array();
  for (const store::ListingRecord& r : *page) {
    items.push_back(listing_json(*zone, r, zone->soa.serial));
  }
  const json next = more ? json(key_text(page->back().key)) : json(nullptr);
  reply_json(res, 200, {{"items", items}, {"next_cursor", next}});
}

}  // namespace

void add_listing_routes(Router& router, Context& ctx) {
  using Req = httplib::Request;
  using Res = httplib::Response;
  // The key may hold a '/' (a prefix): it takes the rest of the path.
  const std::string one = "/api/v1/zones/{zone}/listings/{key}";
  router.add("PUT", one, [&ctx](const Req& q, Res& r) { put_listing(ctx, q, r); }, {"key"});
  router.add("GET", one, [&ctx](const Req& q, Res& r) { get_listing(ctx, q, r); }, {"key"});
  router.add("DELETE", one, [&ctx](const Req& q, Res& r) { delete_listing(ctx, q, r); }, {"key"});
  router.add("GET", "/api/v1/zones/{zone}/listings",
             [&ctx](const Req& q, Res& r) { list_listings(ctx, q, r); });
}

}  // namespace vouchd::api
