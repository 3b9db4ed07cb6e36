// Token routes (design.md §12), admin only: create (the token is shown once), list, revoke, and
// a reporter's trust fixed by the operator (PATCH; null leaves it to the engine's learning).
#include <chrono>
#include <map>

#include "routes.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

std::chrono::sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// `trusts`: the reputation engine's trust per reporter (learned or fixed).
json token_json(const store::Token& t, const std::map<std::int64_t, double>& trusts) {
  const auto optional_time = [](const std::optional<std::int64_t>& v) {
    return v ? json(*v) : json(nullptr);
  };
  const auto engine = trusts.find(t.id);
  return {{"id", t.id},
          {"role", std::string{store::role_to_text(t.role)}},
          {"label", t.label},
          {"created", t.created},
          {"expires", optional_time(t.expires)},
          {"revoked", optional_time(t.revoked)},
          {"trust", t.trust ? json(*t.trust) : json(nullptr)},
          {"engine_trust", engine != trusts.end() ? json(engine->second) : json(nullptr)}};
}

// A trust value: a number in [0, 1] or null.
bool read_trust(const json& value, std::optional<double>& trust, ApiError& error) {
  if (value.is_null()) {
    trust.reset();
    return true;
  }
  if (!value.is_number() || !(value.get<double>() >= 0 && value.get<double>() <= 1)) {
    error = {400, "invalid_field", "trust", "a number from 0 to 1, or null"};
    return false;
  }
  trust = value.get<double>();
  return true;
}

std::optional<std::int64_t> token_id(const std::string& text, httplib::Response& res) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    reply(res, {400, "invalid_field", "id", "a token id"});
    return std::nullopt;
  }
  return std::stoll(text);
}

// {"role": ..., "label": ..., "expires": unix seconds (optional), "trust": 0..1 (optional)}; the
// first problem is reported.
bool read_token_body(const std::string& text, store::TokenRole& role, std::string& label,
                     std::optional<std::int64_t>& expires, std::optional<double>& trust,
                     ApiError& error) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = {400, "invalid_json", "", "the body must be a JSON object"};
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "role" && key != "label" && key != "expires" && key != "trust") {
      error = {400, "unknown_field", key, "unknown field"};
      return false;
    }
  }
  const auto r = j.contains("role") && j["role"].is_string()
                     ? store::role_from_text(j["role"].get<std::string>())
                     : std::nullopt;
  if (!r) {
    error = {400, "invalid_field", "role", "admin, certifier, reporter or viewer"};
    return false;
  }
  if (!j.contains("label") || !j["label"].is_string() || j["label"].get<std::string>().empty() ||
      j["label"].get<std::string>().size() > 200) {
    error = {400, "invalid_field", "label", "a string of 1 to 200 characters"};
    return false;
  }
  if (j.contains("expires") && !j["expires"].is_number_integer()) {
    error = {400, "invalid_field", "expires", "unix seconds"};
    return false;
  }
  if (j.contains("trust") && !read_trust(j["trust"], trust, error)) return false;
  role = *r;
  label = j["label"].get<std::string>();
  if (j.contains("expires")) expires = j["expires"].get<std::int64_t>();
  return true;
}

void create_token(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor) return;
  store::TokenRole role{};
  std::string label;
  std::optional<std::int64_t> expires;
  std::optional<double> trust;
  ApiError error;
  if (!read_token_body(req.body, role, label, expires, trust, error)) return reply(res, error);
  const NewToken token = make_token();
  const std::lock_guard lock{ctx.mutex};
  const auto id = timed_write(
      ctx, [&] { return ctx.store.create_token(token.hash, role, label, expires, *actor, now()); });
  if (!id) return reply(res, {500, "internal", "", "the token was not stored"});
  if (trust) {
    const auto set =
        timed_write(ctx, [&] { return ctx.store.set_token_trust(*id, trust, *actor, now()); });
    if (!set) return reply(res, {500, "internal", "", "the token's trust was not stored"});
    if (ctx.reputation.scoring != nullptr) ctx.reputation.scoring->pin_trust(*id, trust);
  }
  reply_json(res, 201,
             {{"id", *id},
              {"token", token.text},
              {"role", std::string{store::role_to_text(role)}},
              {"label", label},
              {"trust", trust ? json(*trust) : json(nullptr)}});
}

void list_tokens(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Admin)) return;
  const auto trusts = ctx.reputation.scoring != nullptr ? ctx.reputation.scoring->trust()
                                                        : std::map<std::int64_t, double>{};
  const std::lock_guard lock{ctx.mutex};
  const auto tokens = ctx.store.list_tokens();
  if (!tokens) return reply(res, {500, "internal", "", "tokens could not be read"});
  json items = json::array();
  for (const store::Token& t : *tokens)
    items.push_back(token_json(t, trusts));
  reply_json(res, 200, {{"items", items}});
}

void revoke_token(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor) return;
  const auto id = token_id(req.matches[1], res);
  if (!id) return;
  const std::lock_guard lock{ctx.mutex};
  const auto revoked = timed_write(ctx, [&] { return ctx.store.revoke_token(*id, *actor, now()); });
  if (!revoked && revoked.error().code == store::StoreError::Code::NotFound) {
    return reply(res, {404, "not_found", "id", "no such token"});
  }
  if (!revoked && revoked.error().code == store::StoreError::Code::Conflict) {
    return reply(res, {409, "conflict", "id", "already revoked"});
  }
  if (!revoked) return reply(res, {500, "internal", "", "the token was not revoked"});
  reply_json(res, 200, {{"revoked", *id}});
}

// {"trust": 0..1 | null}
void patch_token(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor) return;
  const auto id = token_id(req.matches[1], res);
  if (!id) return;
  const json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return reply(res, {400, "invalid_json", "", "the body must be a JSON object"});
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "trust") return reply(res, {400, "unknown_field", key, "unknown field"});
  }
  if (!j.contains("trust")) return reply(res, {400, "invalid_field", "trust", "missing"});
  std::optional<double> trust;
  ApiError error;
  if (!read_trust(j["trust"], trust, error)) return reply(res, error);
  const std::lock_guard lock{ctx.mutex};
  const auto set =
      timed_write(ctx, [&] { return ctx.store.set_token_trust(*id, trust, *actor, now()); });
  if (!set && set.error().code == store::StoreError::Code::NotFound) {
    return reply(res, {404, "not_found", "id", "no such token"});
  }
  if (!set) return reply(res, {500, "internal", "", "the trust was not stored"});
  if (ctx.reputation.scoring != nullptr) ctx.reputation.scoring->pin_trust(*id, trust);
  reply_json(res, 200, {{"id", *id}, {"trust", trust ? json(*trust) : json(nullptr)}});
}

}  // namespace

void add_token_routes(Router& router, Context& ctx) {
  router.add("POST", "/api/v1/tokens",
             [&ctx](const httplib::Request& q, httplib::Response& r) { create_token(ctx, q, r); });
  router.add("GET", "/api/v1/tokens",
             [&ctx](const httplib::Request& q, httplib::Response& r) { list_tokens(ctx, q, r); });
  router.add("DELETE", "/api/v1/tokens/{id}",
             [&ctx](const httplib::Request& q, httplib::Response& r) { revoke_token(ctx, q, r); });
  router.add("PATCH", "/api/v1/tokens/{id}",
             [&ctx](const httplib::Request& q, httplib::Response& r) { patch_token(ctx, q, r); });
}

}  // namespace vouchd::api
