// Input checks shared by the routes (see input.h).
#include "input.h"

#include <idn2.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "vouchd/dnswire/ip_prefix.h"
#include "vouchd/dnswire/name.h"

namespace vouchd::api {
namespace {

bool ascii_only(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Checks an ASCII name label by label; lower-cases it.
std::optional<std::string> check_ascii(std::string text) {
  for (char& c : text)
    c = static_cast<char>(dnswire::ascii_lower_char(static_cast<unsigned char>(c)));
  if (text.empty() || text.size() > 253) return std::nullopt;
  std::size_t label = 0;
  for (const char c : text) {
    if (c == '.') {
      if (label == 0) return std::nullopt;
      label = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok || ++label > dnswire::kMaxLabel) return std::nullopt;
  }
  if (label == 0) return std::nullopt;
  return text;
}

}  // namespace

std::chrono::sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

ApiError from_store(const store::StoreError& e, std::string field) {
  switch (e.code) {
    case store::StoreError::Code::NotFound:
      return {404, "not_found", field,
              "no such " + (field.empty() ? std::string{"object"} : field)};
    case store::StoreError::Code::Invalid:
      return {400, "invalid_field", std::move(field), "the store refused the value"};
    case store::StoreError::Code::Conflict:
      return {409, "conflict", std::move(field), "conflicting change"};
    case store::StoreError::Code::Busy:
      return {503, "busy", "", "the store is busy; retry"};
    case store::StoreError::Code::Io:
    case store::StoreError::Code::Corrupt:
      break;
  }
  return {500, "internal", "", "store error"};
}

std::optional<std::string> check_domain(std::string_view text, const std::string& field,
                                        ApiError& error) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  std::string ascii{text};
  if (!ascii_only(text)) {
    char* out = nullptr;
    const int rc = idn2_to_ascii_8z(ascii.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    const std::unique_ptr<char, decltype(&std::free)> owned{out, &std::free};
    if (rc != IDN2_OK) {
      error = {400, "invalid_field", field,
               std::string{"not a valid internationalized domain name: "} + idn2_strerror(rc)};
      return std::nullopt;
    }
    ascii = out;
  }
  auto checked = check_ascii(std::move(ascii));
  if (!checked) {
    error = {400, "invalid_field", field,
             "not a domain name (labels of 1-63 letters, digits, '-' or '_'; at most 253 "
             "characters)"};
  }
  return checked;
}

std::optional<store::Zone> find_zone(Context& ctx, const std::string& text,
                                     httplib::Response& res) {
  ApiError error;
  const auto ascii = check_domain(text, "zone", error);
  const auto apex = ascii ? dnswire::Name::from_text(*ascii + ".") : std::nullopt;
  auto zone = apex ? ctx.store.zone(*apex) : std::nullopt;
  if (!zone) reply(res, {404, "not_found", "zone", "no such zone"});
  return zone;
}

std::optional<std::size_t> read_limit(const httplib::Request& req, std::size_t fallback,
                                      std::size_t max, ApiError& error) {
  if (!req.has_param("limit")) return fallback;
  const std::string text = req.get_param_value("limit");
  const bool digits = !text.empty() && text.size() <= 6 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  const std::size_t limit = digits ? std::stoul(text) : 0;
  if (limit == 0 || limit > max) {
    error = {400, "invalid_field", "limit", "an integer from 1 to " + std::to_string(max)};
    return std::nullopt;
  }
  return limit;
}

std::optional<std::vector<std::uint32_t>> read_codes(const nlohmann::json& value,
                                                     const std::string& field, ApiError& error) {
  if (!value.is_array() || value.size() > store::CodedAnswer::kMaxCodes) {
    error = {400, "invalid_field", field, "an array of at most 16 addresses in 127.0.0.0/8"};
    return std::nullopt;
  }
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    const auto p =
        value[i].is_string() ? dnswire::IpPrefix::parse(value[i].get<std::string>()) : std::nullopt;
    if (!p || p->family != dnswire::IpFamily::V4 || p->length != 32 || p->addr[0] != 127) {
      error = {400, "invalid_field", at, "an IPv4 address in 127.0.0.0/8 (RFC 5782 §2.3)"};
      return std::nullopt;
    }
    const std::uint32_t v = std::uint32_t{p->addr[0]} << 24 | std::uint32_t{p->addr[1]} << 16 |
                            std::uint32_t{p->addr[2]} << 8 | p->addr[3];
    if (std::find(out.begin(), out.end(), v) != out.end()) {
      error = {400, "invalid_field", at, "code given twice"};
      return std::nullopt;
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace vouchd::api
