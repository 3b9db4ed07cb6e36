// Reputation zone policies, the reputation clock and on-demand sweeps (design.md §11):
//   GET/PUT/DELETE /api/v1/zones/{zone}/policy   score bands → codes, TXT template, cos classes
//   GET/PUT /api/v1/clock                         the manual clock of `serve --clock manual`
//   POST /api/v1/reputation:sweep                 score now and publish the listings
// A policy change, a clock step and a sweep answer only after the listings they cause are
// published to DNS.
#include <nlohmann/json.hpp>
#include <string>

#include "input.h"
#include "routes.h"
#include "vouchd/scoring/zone_policy.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

bool attached(Context& ctx, httplib::Response& res) {
  if (ctx.reputation.scoring != nullptr && ctx.reputation.clock != nullptr) return true;
  reply(res, {503, "unavailable", "", "the reputation service is not running"});
  return false;
}

json sweep_json(const scoring::SweepReport& r) {
  return {{"at", r.at},
          {"zones", r.zones},
          {"listed", r.listed},
          {"added", r.added},
          {"changed", r.changed},
          {"removed", r.removed},
          {"withheld", r.withheld},
          {"errors", r.errors}};
}

// Runs a sweep at the reputation clock's `now` and answers with what it did.
void sweep_and_reply(Context& ctx, httplib::Response& res, int status, json body, std::int64_t at) {
  const scoring::SweepReport report = ctx.reputation.scoring->sweep(at);
  if (!report.errors.empty()) {
    return reply(res, {500, "sweep_failed", "", report.errors.front()});
  }
  body["sweep"] = sweep_json(report);
  reply_json(res, status, body);
}

void get_policy(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto policy = ctx.store.zone_policy(zone->id);
  if (!policy) return reply(res, from_store(policy.error(), "zone"));
  if (!*policy) return reply(res, {404, "not_found", "policy", "the zone has no policy"});
  reply_json(res, 200, {{"zone", zone->apex.to_text()}, {"policy", json::parse(**policy)}});
}

void put_policy(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor || !attached(ctx, res)) return;
  std::string canonical;
  bool existed = false;
  std::string apex;
  {
    const std::lock_guard lock{ctx.mutex};
    const auto zone = find_zone(ctx, req.matches[1], res);
    if (!zone) return;
    const auto policy = scoring::parse_zone_policy(req.body, zone->kind);
    if (!policy) {
      return reply(res, {400, "invalid_field", policy.error().field, policy.error().message});
    }
    canonical = scoring::policy_to_json(*policy);
    const auto old = ctx.store.zone_policy(zone->id);
    if (!old) return reply(res, from_store(old.error(), "zone"));
    existed = old->has_value();
    const auto put = timed_write(
        ctx, [&] { return ctx.store.put_zone_policy(zone->id, canonical, *actor, now()); });
    if (!put) return reply(res, from_store(put.error(), "zone"));
    apex = zone->apex.to_text();
  }
  sweep_and_reply(ctx, res, existed ? 200 : 201,
                  {{"zone", apex}, {"policy", json::parse(canonical)}},
                  ctx.reputation.clock->now());
}

// Without a policy the zone serves no computed listings: they are withdrawn at once.
void delete_policy(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor) return;
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_zone(ctx, req.matches[1], res);
  if (!zone) return;
  const auto deleted =
      timed_write(ctx, [&] { return ctx.store.delete_zone_policy(zone->id, *actor, now()); });
  if (!deleted) return reply(res, from_store(deleted.error(), "policy"));
  const auto sync = timed_write(ctx, [&] {
    return ctx.store.sync_computed(zone->id, {}, store::Actor{"reputation", std::nullopt}, now());
  });
  if (!sync) return reply(res, from_store(sync.error(), "zone"));
  if (sync->committed) ctx.on_commit(*zone, *sync->committed);
  reply_json(res, 200, {{"zone", zone->apex.to_text()}, {"removed", sync->removed}});
}

void get_clock(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read) || !attached(ctx, res)) return;
  const scoring::Clock& clock = *ctx.reputation.clock;
  reply_json(res, 200, {{"now", clock.now()}, {"mode", clock.is_manual() ? "manual" : "system"}});
}

// {"now": RFC 3339 text or unix seconds}: the manual clock moves there (never backwards) and the
// sweep runs for that instant before the answer.
void put_clock(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Admin) || !attached(ctx, res)) return;
  scoring::Clock& clock = *ctx.reputation.clock;
  if (!clock.is_manual()) {
    return reply(res, {404, "not_found", "clock",
                       "the server runs on the system clock (start it with --clock manual)"});
  }
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return reply(res, {400, "invalid_json", "", "the body must be a JSON object"});
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "now") return reply(res, {400, "unknown_field", key, "unknown field"});
  }
  std::optional<std::int64_t> t;
  if (const auto it = body.find("now"); it != body.end()) {
    if (it->is_number_integer()) t = it->get<std::int64_t>();
    if (it->is_string()) t = parse_time(it->get<std::string>());
  }
  if (!t) return reply(res, {400, "invalid_field", "now", "RFC 3339 time or unix seconds"});
  if (!clock.set(*t)) {
    return reply(res, {409, "conflict", "now",
                       "the clock never goes back; it is at " + std::to_string(clock.now())});
  }
  sweep_and_reply(ctx, res, 200, {{"now", *t}}, *t);
}

void post_sweep(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Admin) || !attached(ctx, res)) return;
  sweep_and_reply(ctx, res, 200, json::object(), ctx.reputation.clock->now());
}

}  // namespace

void add_policy_routes(Router& router, Context& ctx) {
  using Req = httplib::Request;
  using Res = httplib::Response;
  const std::string policy = "/api/v1/zones/{zone}/policy";
  router.add("GET", policy, [&ctx](const Req& q, Res& r) { get_policy(ctx, q, r); });
  router.add("PUT", policy, [&ctx](const Req& q, Res& r) { put_policy(ctx, q, r); });
  router.add("DELETE", policy, [&ctx](const Req& q, Res& r) { delete_policy(ctx, q, r); });
  router.add("GET", "/api/v1/clock", [&ctx](const Req& q, Res& r) { get_clock(ctx, q, r); });
  router.add("PUT", "/api/v1/clock", [&ctx](const Req& q, Res& r) { put_clock(ctx, q, r); });
  router.add("POST", "/api/v1/reputation:sweep",
             [&ctx](const Req& q, Res& r) { post_sweep(ctx, q, r); });
}

}  // namespace vouchd::api
