// The audit route (design.md §12: every mutation in `audit`): GET /api/v1/audit, newest first,
// filtered by actor, action, object prefix and time, paged by a keyset cursor (the last id seen).
#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

#include "input.h"
#include "routes.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;
constexpr std::size_t kMaxFilter = 512;
constexpr std::array<std::string_view, 7> kParams{"actor", "action", "object_prefix", "since",
                                                  "until", "cursor", "limit"};

// Stored before/after text as JSON: null when absent, the text itself if it is not JSON.
json state_json(const std::string& text) {
  if (text.empty()) return nullptr;
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? json(text) : parsed;
}

json entry_json(const store::AuditEntry& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"at_rfc3339", time_text(e.at)},
          {"actor", e.actor},
          {"action", e.action},
          {"object", e.object},
          {"before", state_json(e.before)},
          {"after", state_json(e.after)}};
}

// Every parameter is known and given once; text filters are bounded and printable.
bool check_params(const httplib::Request& req, ApiError& error) {
  for (const auto& [key, value] : req.params) {
    if (std::find(kParams.begin(), kParams.end(), key) == kParams.end()) {
      error = {400, "unknown_field", key, "unknown parameter"};
      return false;
    }
    if (req.get_param_value_count(key) > 1) {
      error = {400, "invalid_field", key, "given more than once"};
      return false;
    }
  }
  for (const char* key : {"actor", "action", "object_prefix"}) {
    const std::string v = req.get_param_value(key);
    const bool printable = std::none_of(v.begin(), v.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (v.size() > kMaxFilter || !printable) {
      error = {400, "invalid_field", key, "at most 512 printable characters"};
      return false;
    }
  }
  return true;
}

std::optional<std::int64_t> read_time(const httplib::Request& req, const char* key,
                                      ApiError& error) {
  const auto t = parse_time(req.get_param_value(key));
  if (!t) {
    error = {400, "invalid_field", key,
             "unix seconds or an RFC 3339 time such as 2026-01-01T00:00:00Z"};
  }
  return t;
}

// The query parameters as a store filter; the first problem is reported naming its parameter.
std::optional<store::AuditFilter> read_filter(const httplib::Request& req, ApiError& error) {
  if (!check_params(req, error)) return std::nullopt;
  store::AuditFilter f;
  f.actor = req.get_param_value("actor");
  f.action = req.get_param_value("action");
  f.object_prefix = req.get_param_value("object_prefix");
  if (req.has_param("since") && !(f.since = read_time(req, "since", error))) return std::nullopt;
  if (req.has_param("until") && !(f.until = read_time(req, "until", error))) return std::nullopt;
  if (f.since && f.until && *f.until < *f.since) {
    error = {400, "invalid_field", "until", "earlier than since"};
    return std::nullopt;
  }
  if (req.has_param("cursor")) {
    const std::string text = req.get_param_value("cursor");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || id < 1 ||
        text.front() == '-' || text.front() == '+') {
      error = {400, "invalid_field", "cursor", "an entry id from next_cursor"};
      return std::nullopt;
    }
    f.after_id = id;
  }
  const auto limit = read_limit(req, kDefaultLimit, kMaxLimit, error);
  if (!limit) return std::nullopt;
  f.limit = *limit;
  return f;
}

void list_audit(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Audit)) return;
  ApiError error;
  auto filter = read_filter(req, error);
  if (!filter) return reply(res, error);
  const std::size_t limit = filter->limit;
  filter->limit = limit + 1;  // one more than asked for tells whether another page follows
  std::vector<store::AuditEntry> page;
  {
    const std::lock_guard lock{ctx.mutex};
    auto listed = ctx.store.list_audit(*filter);
    if (!listed) return reply(res, from_store(listed.error(), ""));
    page = std::move(*listed);
  }
  const bool more = page.size() > limit;
  if (more) page.pop_back();
  json items = json::array();
  for (const store::AuditEntry& e : page)
    items.push_back(entry_json(e));
  const json next = more ? json(page.back().id) : json(nullptr);
  reply_json(res, 200, {{"items", std::move(items)}, {"next_cursor", next}});
}

}  // namespace

void add_audit_routes(Router& router, Context& ctx) {
  router.add("GET", "/api/v1/audit",
             [&ctx](const httplib::Request& q, httplib::Response& r) { list_audit(ctx, q, r); });
}

}  // namespace vouchd::api
