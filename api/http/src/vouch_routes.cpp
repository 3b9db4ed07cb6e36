// Vouch routes (RFC 5518 §5 data): PUT/GET/DELETE /api/v1/zones/{zone}/vouches/{domain},
// suspend/resume, and the keyset-paged list. Each write commits, journals and reaches DNS (via
// OnCommit) before the 2xx.
#include <chrono>
#include <set>
#include <sstream>

#include "input.h"
#include "routes.h"
#include "vouchd/dnswire/name.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxCategories = 16;
constexpr std::size_t kMaxCategoryLength = 32;
constexpr std::size_t kMaxNote = 1024;
constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;

// The vbr zone named in the path (with or without its final dot); the caller holds the lock.
std::optional<store::Zone> find_vbr_zone(Context& ctx, const std::string& text,
                                         httplib::Response& res) {
  const auto apex = dnswire::Name::from_text(text.ends_with('.') ? text : text + ".");
  const auto zone = apex ? ctx.store.zone(apex->lowered()) : std::nullopt;
  if (!zone) {
    reply(res, {404, "not_found", "zone", "no such zone"});
    return std::nullopt;
  }
  if (zone->kind != store::ZoneKind::Vbr) {
    reply(res, {400, "invalid_field", "zone", "not a vbr zone"});
    return std::nullopt;
  }
  return zone;
}

json vouch_json(const store::Zone& zone, const store::VouchRecord& v, std::uint32_t serial) {
  json categories = json::array();
  std::istringstream tokens{v.categories};
  for (std::string t; tokens >> t;) categories.push_back(t);
  return {{"zone", zone.apex.to_text()}, {"domain", v.domain},  {"categories", categories},
          {"note", v.note},              {"ttl", v.ttl},        {"suspended", v.suspended},
          {"serial", serial}};
}

struct VouchBody {
  std::string categories;
  std::string note;
  std::optional<std::uint32_t> ttl;
};

std::optional<std::string> read_categories(const json& value, ApiError& error) {
  if (!value.is_array() || value.empty() || value.size() > kMaxCategories) {
    error = {400, "invalid_field", "categories", "1 to 16 category tokens"};
    return std::nullopt;
  }
  std::string joined;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string field = "categories[" + std::to_string(i) + "]";
    const std::string t = value[i].is_string() ? value[i].get<std::string>() : std::string{};
    const bool ok = !t.empty() && t.size() <= kMaxCategoryLength &&
                    t.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
    if (!ok) {
      error = {400, "invalid_field", field, "a category is 1 to 32 lower-case letters"};
      return std::nullopt;
    }
    if (!seen.insert(t).second) {
      error = {400, "invalid_field", field, "category given twice"};
      return std::nullopt;
    }
    joined += (joined.empty() ? "" : " ") + t;
  }
  if (joined.size() > 255) {  // RFC 5518 §5: served as one TXT character-string
    error = {400, "invalid_field", "categories", "more than 255 characters when joined"};
    return std::nullopt;
  }
  return joined;
}

// The body of a PUT, checked field by field; the first problem is reported with its path.
std::optional<VouchBody> read_vouch_body(const std::string& text, ApiError& error) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = {400, "invalid_json", "", "the body must be a JSON object"};
    return std::nullopt;
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "categories" && key != "note" && key != "ttl") {
      error = {400, "unknown_field", key, "unknown field"};
      return std::nullopt;
    }
  }
  VouchBody body;
  if (!j.contains("categories")) {
    error = {400, "invalid_field", "categories", "required"};
    return std::nullopt;
  }
  auto categories = read_categories(j["categories"], error);
  if (!categories) return std::nullopt;
  body.categories = std::move(*categories);
  if (j.contains("note")) {
    if (!j["note"].is_string() || j["note"].get<std::string>().size() > kMaxNote) {
      error = {400, "invalid_field", "note", "a string of at most 1024 characters"};
      return std::nullopt;
    }
    body.note = j["note"].get<std::string>();
  }
  if (j.contains("ttl")) {
    const json& t = j["ttl"];
    if (!t.is_number_integer() || t.get<std::int64_t>() < 0 || t.get<std::int64_t>() > 2147483647) {
      error = {400, "invalid_field", "ttl", "an integer from 0 to 2147483647"};
      return std::nullopt;
    }
    body.ttl = static_cast<std::uint32_t>(t.get<std::int64_t>());
  }
  return body;
}

void put_vouch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Write);
  if (!actor) return;
  ApiError error;
  const auto body = read_vouch_body(req.body, error);
  if (!body) return reply(res, error);
  const auto domain = check_domain(req.matches[2].str(), "domain", error);
  if (!domain) return reply(res, error);
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_vbr_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto existing = ctx.store.get_vouch(zone->id, *domain);
  store::VouchRecord v{*domain, body->categories, body->ttl.value_or(zone->default_ttl),
                       body->note, std::nullopt, existing && existing->suspended, 0, 0, ""};
  const auto committed =
      timed_write(ctx, [&] { return ctx.store.put_vouch(zone->id, v, *actor, now()); });
  if (!committed) return reply(res, from_store(committed.error(), "domain"));
  ctx.on_commit(*zone, *committed);
  reply_json(res, existing ? 200 : 201, vouch_json(*zone, v, committed->serial));
}

void get_vouch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  ApiError bad;
  const auto domain = check_domain(req.matches[2].str(), "domain", bad);
  if (!domain) return reply(res, bad);
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_vbr_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto v = ctx.store.get_vouch(zone->id, *domain);
  if (!v) return reply(res, from_store(v.error(), "domain"));
  reply_json(res, 200, vouch_json(*zone, *v, zone->soa.serial));
}

void delete_vouch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Write);
  if (!actor) return;
  ApiError bad;
  const auto domain = check_domain(req.matches[2].str(), "domain", bad);
  if (!domain) return reply(res, bad);
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_vbr_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto committed = timed_write(
      ctx, [&] { return ctx.store.delete_vouch(zone->id, *domain, *actor, now()); });
  if (!committed) return reply(res, from_store(committed.error(), "domain"));
  ctx.on_commit(*zone, *committed);
  reply_json(res, 200, {{"serial", committed->serial}});
}

void suspend_vouch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Write);
  if (!actor) return;
  ApiError bad;
  const auto domain = check_domain(req.matches[2].str(), "domain", bad);
  if (!domain) return reply(res, bad);
  const bool suspend = req.matches[3] == "suspend";
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_vbr_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto committed = timed_write(ctx, [&] {
    return ctx.store.set_vouch_suspended(zone->id, *domain, suspend, *actor, now());
  });
  if (!committed) return reply(res, from_store(committed.error(), "domain"));
  ctx.on_commit(*zone, *committed);
  const auto v = ctx.store.get_vouch(zone->id, *domain);
  if (!v) return reply(res, from_store(v.error(), "domain"));
  reply_json(res, 200, vouch_json(*zone, *v, committed->serial));
}

void list_vouches(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  ApiError bad;
  const auto limit_param = read_limit(req, kDefaultLimit, kMaxLimit, bad);
  if (!limit_param) return reply(res, bad);
  const std::size_t limit = *limit_param;
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_vbr_zone(ctx, req.matches[1], res);
  if (!zone) return;
  // One more than asked for tells whether another page follows.
  auto page = ctx.store.list_vouches(zone->id, req.get_param_value("prefix"),
                                     req.get_param_value("cursor"), limit + 1);
  if (!page) return reply(res, from_store(page.error(), ""));
  const bool more = page->size() > limit;
  if (more) page->pop_back();
  json items = json::array();
  for (const store::VouchRecord& v : *page) items.push_back(vouch_json(*zone, v, zone->soa.serial));
  const json next = more ? json(page->back().domain) : json(nullptr);
  reply_json(res, 200, {{"items", items}, {"next_cursor", next}});
}

}  // namespace

void add_vouch_routes(httplib::Server& server, Context& ctx) {
  const std::string one = R"(/api/v1/zones/([^/]+)/vouches/([^/]+))";
  server.Put(one, [&ctx](const httplib::Request& q, httplib::Response& r) { put_vouch(ctx, q, r); });
  server.Get(one, [&ctx](const httplib::Request& q, httplib::Response& r) { get_vouch(ctx, q, r); });
  server.Delete(one,
                [&ctx](const httplib::Request& q, httplib::Response& r) { delete_vouch(ctx, q, r); });
  server.Post(one + "/(suspend|resume)",
              [&ctx](const httplib::Request& q, httplib::Response& r) { suspend_vouch(ctx, q, r); });
  server.Get(R"(/api/v1/zones/([^/]+)/vouches)",
             [&ctx](const httplib::Request& q, httplib::Response& r) { list_vouches(ctx, q, r); });
}

}  // namespace vouchd::api
