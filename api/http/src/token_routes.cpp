// Token routes (design.md §12), admin only: create (the token is shown once), list, revoke.
#include <chrono>

#include "routes.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

std::chrono::sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

json token_json(const store::Token& t) {
  const auto optional_time = [](const std::optional<std::int64_t>& v) {
    return v ? json(*v) : json(nullptr);
  };
  return {{"id", t.id},
          {"role", std::string{store::role_to_text(t.role)}},
          {"label", t.label},
          {"created", t.created},
          {"expires", optional_time(t.expires)},
          {"revoked", optional_time(t.revoked)}};
}

// {"role": ..., "label": ..., "expires": unix seconds (optional)}; the first problem is reported.
bool read_token_body(const std::string& text, store::TokenRole& role, std::string& label,
                     std::optional<std::int64_t>& expires, ApiError& error) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = {400, "invalid_json", "", "the body must be a JSON object"};
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "role" && key != "label" && key != "expires") {
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
  ApiError error;
  if (!read_token_body(req.body, role, label, expires, error)) return reply(res, error);
  const NewToken token = make_token();
  const std::lock_guard lock{ctx.mutex};
  const auto id = timed_write(
      ctx, [&] { return ctx.store.create_token(token.hash, role, label, expires, *actor, now()); });
  if (!id) return reply(res, {500, "internal", "", "the token was not stored"});
  reply_json(res, 201,
             {{"id", *id},
              {"token", token.text},
              {"role", std::string{store::role_to_text(role)}},
              {"label", label}});
}

void list_tokens(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Admin)) return;
  const std::lock_guard lock{ctx.mutex};
  const auto tokens = ctx.store.list_tokens();
  if (!tokens) return reply(res, {500, "internal", "", "tokens could not be read"});
  json items = json::array();
  for (const store::Token& t : *tokens)
    items.push_back(token_json(t));
  reply_json(res, 200, {{"items", items}});
}

void revoke_token(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Admin);
  if (!actor) return;
  const std::string text = req.matches[1];
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return reply(res, {400, "invalid_field", "id", "a token id"});
  }
  const std::int64_t id = std::stoll(text);
  const std::lock_guard lock{ctx.mutex};
  const auto revoked = timed_write(ctx, [&] { return ctx.store.revoke_token(id, *actor, now()); });
  if (!revoked && revoked.error().code == store::StoreError::Code::NotFound) {
    return reply(res, {404, "not_found", "id", "no such token"});
  }
  if (!revoked && revoked.error().code == store::StoreError::Code::Conflict) {
    return reply(res, {409, "conflict", "id", "already revoked"});
  }
  if (!revoked) return reply(res, {500, "internal", "", "the token was not revoked"});
  reply_json(res, 200, {{"revoked", id}});
}

}  // namespace

void add_token_routes(Router& router, Context& ctx) {
  router.add("POST", "/api/v1/tokens",
             [&ctx](const httplib::Request& q, httplib::Response& r) { create_token(ctx, q, r); });
  router.add("GET", "/api/v1/tokens",
             [&ctx](const httplib::Request& q, httplib::Response& r) { list_tokens(ctx, q, r); });
  router.add("DELETE", "/api/v1/tokens/{id}",
             [&ctx](const httplib::Request& q, httplib::Response& r) { revoke_token(ctx, q, r); });
}

}  // namespace vouchd::api
