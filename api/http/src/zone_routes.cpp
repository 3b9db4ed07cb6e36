// Zone routes (design.md §5, §12): list, create (kind, SOA fields, default TTL, NS set and glue,
// a cos zone's default class), show with serial and entry counts, SOA and default class update
// (RFC 1035 §3.3.13, design.md §11) and delete with a confirmation parameter. Each write commits,
// is audited, and is served by DNS (OnZoneChange) before the 2xx.
#include <string>
#include <vector>

#include "input.h"
#include "routes.h"
#include "vouchd/dnswire/name.h"
#include "vouchd/dnswire/types.h"
#include "zone_body.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

json soa_json(const store::Soa& soa) {
  return {{"mname", soa.mname.to_text()},
          {"rname", soa.rname.to_text()},
          {"refresh", soa.refresh},
          {"retry", soa.retry},
          {"expire", soa.expire},
          {"minimum", soa.minimum},
          {"ttl", soa.ttl}};
}

// A cos zone's default class: {"codes": ["127.0.0.1"], "txt": null}.
json default_class_json(const store::CodedAnswer& c) {
  json codes = json::array();
  for (const std::uint32_t v : c.codes) {
    codes.push_back(std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xFF) + "." +
                    std::to_string((v >> 8) & 0xFF) + "." + std::to_string(v & 0xFF));
  }
  return {{"codes", std::move(codes)}, {"txt", c.txt.empty() ? json(nullptr) : json(c.txt)}};
}

json counts_json(const store::ZoneCounts& c) {
  return {{"vouches", c.vouches},
          {"suspended", c.suspended},
          {"listings", c.listings},
          {"records", c.records}};
}

// The zone as the list shows it; the caller holds the lock.
std::optional<json> zone_json(Context& ctx, const store::Zone& z, ApiError& error) {
  const auto counts = ctx.store.zone_counts(z.id);
  if (!counts) {
    error = from_store(counts.error(), "zone");
    return std::nullopt;
  }
  json out{{"apex", z.apex.to_text()}, {"kind", std::string{store::kind_to_text(z.kind)}},
           {"serial", z.soa.serial},   {"default_ttl", z.default_ttl},
           {"soa", soa_json(z.soa)},   {"counts", counts_json(*counts)}};
  if (z.default_class) out["default_class"] = default_class_json(*z.default_class);
  return out;
}

// The zone with its apex NS set, as one zone's routes show it; the caller holds the lock.
std::optional<json> zone_detail_json(Context& ctx, const store::Zone& z, ApiError& error) {
  auto out = zone_json(ctx, z, error);
  if (!out) return std::nullopt;
  json ns = json::array();
  const auto read = ctx.store.for_each_record(z.id, [&](const store::StaticRecord& rr) {
    if (rr.type != static_cast<std::uint16_t>(dnswire::RRType::Ns) || !(rr.owner == z.apex)) {
      return;
    }
    if (const auto name = dnswire::Name::from_uncompressed(rr.rdata)) ns.push_back(name->to_text());
  });
  if (!read) {
    error = from_store(read.error(), "zone");
    return std::nullopt;
  }
  (*out)["ns"] = std::move(ns);
  return out;
}

void reply_zone(Context& ctx, httplib::Response& res, int status, const store::Zone& z) {
  ApiError error;
  const auto body = zone_detail_json(ctx, z, error);
  if (!body) return reply(res, error);
  reply_json(res, status, *body);
}

void list_zones(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  const std::lock_guard lock{ctx.mutex};
  json items = json::array();
  for (const store::Zone& z : ctx.store.zones()) {
    ApiError error;
    auto item = zone_json(ctx, z, error);
    if (!item) return reply(res, error);
    items.push_back(std::move(*item));
  }
  reply_json(res, 200, {{"items", std::move(items)}});
}

void create_zone(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor) return;
  ApiError error;
  const auto body = read_new_zone(req.body, error);
  if (!body) return reply(res, error);
  const std::lock_guard lock{ctx.mutex};
  const auto created = timed_write(
      ctx, [&] { return ctx.store.create_zone(body->zone, body->records, *actor, now()); });
  if (!created && created.error().code == store::StoreError::Code::Conflict) {
    return reply(res, {409, "conflict", "apex", "a zone with this apex exists"});
  }
  if (!created) return reply(res, from_store(created.error(), "apex"));
  ctx.on_zone_change(*created, ZoneEvent::Created);
  reply_zone(ctx, res, 201, *created);
}

void show_zone(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_zone(ctx, req.matches[1], res);
  if (!zone) return;
  reply_zone(ctx, res, 200, *zone);
}

void patch_zone(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor) return;
  ApiError error;
  const auto patch = read_zone_patch(req.body, error);
  if (!patch) return reply(res, error);
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_zone(ctx, req.matches[1], res);
  if (!zone) return;
  if (patch->default_class && zone->kind != store::ZoneKind::Cos) {
    return reply(res, {400, "invalid_field", "default_class",
                       "only a cos zone has a default class; this zone is " +
                           std::string{store::kind_to_text(zone->kind)}});
  }
  const std::optional<store::Soa> soa =
      patch->soa ? std::optional{patch->soa->applied_to(zone->soa)} : std::nullopt;
  const auto committed = timed_write(ctx, [&] {
    return ctx.store.update_zone(zone->id, soa, patch->default_class, *actor, now());
  });
  if (!committed) return reply(res, from_store(committed.error(), "zone"));
  const auto updated = ctx.store.zone_by_id(zone->id);
  if (!updated) return reply(res, from_store(updated.error(), "zone"));
  // A new default class has no journal form: the zone is rebuilt, like after an SOA change.
  ctx.on_zone_change(*updated,
                     patch->default_class ? ZoneEvent::DefaultClassChanged : ZoneEvent::SoaChanged);
  reply_zone(ctx, res, 200, *updated);
}

void delete_zone(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor) return;
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_zone(ctx, req.matches[1], res);
  if (!zone) return;
  // Deleting a zone is not undone by any later request: the caller repeats its apex.
  std::string apex = zone->apex.to_text();
  apex.pop_back();
  ApiError error;
  const auto confirm = req.get_param_value_count("confirm") == 1
                           ? check_domain(req.get_param_value("confirm"), "confirm", error)
                           : std::nullopt;
  if (confirm != apex) {
    return reply(res, {400, "invalid_field", "confirm",
                       "repeat the zone's apex to delete it: ?confirm=" + apex});
  }
  const auto deleted =
      timed_write(ctx, [&] { return ctx.store.delete_zone(zone->id, *actor, now()); });
  if (!deleted) return reply(res, from_store(deleted.error(), "zone"));
  ctx.on_zone_change(*zone, ZoneEvent::Deleted);
  reply_json(res, 200, {{"deleted", zone->apex.to_text()}});
}

}  // namespace

void add_zone_routes(Router& router, Context& ctx) {
  using Req = httplib::Request;
  using Res = httplib::Response;
  const std::string all = "/api/v1/zones";
  const std::string one = "/api/v1/zones/{zone}";
  router.add("GET", all, [&ctx](const Req& q, Res& r) { list_zones(ctx, q, r); });
  router.add("POST", all, [&ctx](const Req& q, Res& r) { create_zone(ctx, q, r); });
  router.add("GET", one, [&ctx](const Req& q, Res& r) { show_zone(ctx, q, r); });
  router.add("PATCH", one, [&ctx](const Req& q, Res& r) { patch_zone(ctx, q, r); });
  router.add("DELETE", one, [&ctx](const Req& q, Res& r) { delete_zone(ctx, q, r); });
}

}  // namespace vouchd::api
