// Checking and writing vouch objects (see vouch_body.h).
#include "vouch_body.h"

#include <set>
#include <sstream>

#include "input.h"
#include "vouchd/dnswire/name.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxCategories = 16;
constexpr std::size_t kMaxCategoryLength = 32;
constexpr std::size_t kMaxNote = 1024;
constexpr std::int64_t kMaxTtl = 2147483647;  // RFC 2181 §8

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

bool known_member(const std::string& key, VouchShape shape) {
  if (key == "categories" || key == "note" || key == "ttl" || key == "expires") return true;
  return shape == VouchShape::Line && (key == "domain" || key == "suspended");
}

}  // namespace

std::optional<VouchFields> read_vouch_object(const json& j, VouchShape shape, ApiError& error) {
  if (!j.is_object()) {
    error = {400, "invalid_json", "", "a vouch must be a JSON object"};
    return std::nullopt;
  }
  for (const auto& [key, value] : j.items()) {
    if (!known_member(key, shape)) {
      error = {400, "unknown_field", key, "unknown field"};
      return std::nullopt;
    }
  }
  VouchFields out;
  if (shape == VouchShape::Line) {
    if (!j.contains("domain") || !j["domain"].is_string()) {
      error = {400, "invalid_field", "domain", "required: a domain name"};
      return std::nullopt;
    }
    out.domain = check_domain(j["domain"].get<std::string>(), "domain", error);
    if (!out.domain) return std::nullopt;
  }
  if (!j.contains("categories")) {
    error = {400, "invalid_field", "categories", "required"};
    return std::nullopt;
  }
  auto categories = read_categories(j["categories"], error);
  if (!categories) return std::nullopt;
  out.categories = std::move(*categories);
  if (j.contains("note")) {
    if (!j["note"].is_string() || j["note"].get<std::string>().size() > kMaxNote) {
      error = {400, "invalid_field", "note", "a string of at most 1024 characters"};
      return std::nullopt;
    }
    out.note = j["note"].get<std::string>();
  }
  if (j.contains("ttl")) {
    const json& t = j["ttl"];
    if (!t.is_number_integer() || t.get<std::int64_t>() < 0 || t.get<std::int64_t>() > kMaxTtl) {
      error = {400, "invalid_field", "ttl", "an integer from 0 to 2147483647"};
      return std::nullopt;
    }
    out.ttl = static_cast<std::uint32_t>(t.get<std::int64_t>());
  }
  if (j.contains("expires") && !j["expires"].is_null()) {
    const json& e = j["expires"];
    if (!e.is_number_integer() || e.get<std::int64_t>() <= 0) {
      error = {400, "invalid_field", "expires", "unix seconds (a positive integer) or null"};
      return std::nullopt;
    }
    out.expires = e.get<std::int64_t>();
  }
  if (j.contains("suspended")) {
    if (!j["suspended"].is_boolean()) {
      error = {400, "invalid_field", "suspended", "true or false"};
      return std::nullopt;
    }
    out.suspended = j["suspended"].get<bool>();
  }
  return out;
}

std::optional<store::Zone> find_vbr_zone(Context& ctx, const std::string& text,
                                         httplib::Response& res) {
  const auto zone = find_zone(ctx, text, res);
  if (!zone) return std::nullopt;
  if (zone->kind != store::ZoneKind::Vbr) {
    reply(res, {400, "invalid_field", "zone", "not a vbr zone"});
    return std::nullopt;
  }
  return zone;
}

json vouch_json(const store::Zone& zone, const store::VouchRecord& v, std::uint32_t serial) {
  json categories = json::array();
  std::istringstream tokens{v.categories};
  for (std::string t; tokens >> t;)
    categories.push_back(t);
  return {{"zone", zone.apex.to_text()},
          {"domain", v.domain},
          {"categories", categories},
          {"note", v.note},
          {"ttl", v.ttl},
          {"expires", v.expires ? json(*v.expires) : json(nullptr)},
          {"suspended", v.suspended},
          {"serial", serial}};
}

}  // namespace vouchd::api
