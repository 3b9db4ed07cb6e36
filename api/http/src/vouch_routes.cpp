// Vouch routes (RFC 5518 §5 data): PUT/GET/DELETE /api/v1/zones/{zone}/vouches/{domain},
// suspend/resume, and the keyset-paged list. Each write commits, journals and reaches DNS (via
// OnCommit) before the 2xx.
#include "input.h"
#include "routes.h"
#include "vouch_body.h"
#include "vouchd/dnswire/name.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;

void put_vouch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Write);
  if (!actor) return;
  ApiError error;
  const json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return reply(res, {400, "invalid_json", "", "the body must be a JSON object"});
  }
  const auto body = read_vouch_object(j, VouchShape::Put, error);
  if (!body) return reply(res, error);
  const auto domain = check_domain(req.matches[2].str(), "domain", error);
  if (!domain) return reply(res, error);
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_vbr_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto existing = ctx.store.get_vouch(zone->id, *domain);
  store::VouchRecord v{*domain,
                       body->categories,
                       body->ttl.value_or(zone->default_ttl),
                       body->note,
                       body->expires,
                       existing && existing->suspended,
                       0,
                       0,
                       ""};
  const auto committed =
      timed_write(ctx, [&] { return ctx.store.put_vouch(zone->id, v, *actor, now()); });
  if (!committed) return reply(res, from_store(committed.error(), "domain"));
  ctx.on_commit(*zone, *committed);
  reply_json(res, existing ? 200 : 201, vouch_json(*zone, v, committed->serial));
}

// Calls `fn(actor, zone, domain)` with the store lock held when the caller may do `access` and
// the path names a vbr zone and a valid domain; otherwise writes the 4xx.
template <typename Fn>
void with_vouch_path(Context& ctx, const httplib::Request& req, httplib::Response& res,
                     Access access, Fn&& fn) {
  const auto actor = authorize(ctx, req, res, access);
  if (!actor) return;
  ApiError bad;
  const auto domain = check_domain(req.matches[2].str(), "domain", bad);
  if (!domain) return reply(res, bad);
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_vbr_zone(ctx, req.matches[1], res);
  if (!zone) return;
  fn(*actor, *zone, *domain);
}

void get_vouch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  with_vouch_path(ctx, req, res, Access::Read,
                  [&](const store::Actor&, const store::Zone& zone, const std::string& domain) {
                    const auto v = ctx.store.get_vouch(zone.id, domain);
                    if (!v) return reply(res, from_store(v.error(), "domain"));
                    reply_json(res, 200, vouch_json(zone, *v, zone.soa.serial));
                  });
}

void delete_vouch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  with_vouch_path(
      ctx, req, res, Access::Write,
      [&](const store::Actor& actor, const store::Zone& zone, const std::string& domain) {
        const auto committed =
            timed_write(ctx, [&] { return ctx.store.delete_vouch(zone.id, domain, actor, now()); });
        if (!committed) return reply(res, from_store(committed.error(), "domain"));
        ctx.on_commit(zone, *committed);
        reply_json(res, 200, {{"serial", committed->serial}});
      });
}

void suspend_vouch(Context& ctx, const httplib::Request& req, httplib::Response& res,
                   bool suspend) {
  with_vouch_path(
      ctx, req, res, Access::Write,
      [&](const store::Actor& actor, const store::Zone& zone, const std::string& domain) {
        const auto committed = timed_write(ctx, [&] {
          return ctx.store.set_vouch_suspended(zone.id, domain, suspend, actor, now());
        });
        if (!committed) return reply(res, from_store(committed.error(), "domain"));
        ctx.on_commit(zone, *committed);
        const auto v = ctx.store.get_vouch(zone.id, domain);
        if (!v) return reply(res, from_store(v.error(), "domain"));
        reply_json(res, 200, vouch_json(zone, *v, committed->serial));
      });
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
  for (const store::VouchRecord& v : *page)
    items.push_back(vouch_json(*zone, v, zone->soa.serial));
  const json next = more ? json(page->back().domain) : json(nullptr);
  reply_json(res, 200, {{"items", items}, {"next_cursor", next}});
}

}  // namespace

void add_vouch_routes(Router& router, Context& ctx) {
  using Req = httplib::Request;
  using Res = httplib::Response;
  const std::string one = "/api/v1/zones/{zone}/vouches/{domain}";
  router.add("PUT", one, [&ctx](const Req& q, Res& r) { put_vouch(ctx, q, r); });
  router.add("GET", one, [&ctx](const Req& q, Res& r) { get_vouch(ctx, q, r); });
  router.add("DELETE", one, [&ctx](const Req& q, Res& r) { delete_vouch(ctx, q, r); });
  router.add("POST", one + "/suspend",
             [&ctx](const Req& q, Res& r) { suspend_vouch(ctx, q, r, true); });
  router.add("POST", one + "/resume",
             [&ctx](const Req& q, Res& r) { suspend_vouch(ctx, q, r, false); });
  router.add("GET", "/api/v1/zones/{zone}/vouches",
             [&ctx](const Req& q, Res& r) { list_vouches(ctx, q, r); });
}

}  // namespace vouchd::api
