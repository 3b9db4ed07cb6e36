// Times as the API writes and reads them: unix seconds and RFC 3339 §5.6 UTC text.
#include <charconv>
#include <chrono>
#include <cstdio>

#include "input.h"
#include "vouchd/api/http_api.h"

namespace vouchd::api {
namespace {

// `n` decimal digits at `text[at]`, or -1.
int digits(std::string_view text, std::size_t at, std::size_t n) {
  if (text.size() < at + n) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// RFC 3339 §5.6 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM); fractions are dropped.
std::optional<std::int64_t> parse_rfc3339(std::string_view t) {
  const int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
  const int hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return {};
  if (t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != 't') || t[13] != ':' ||
      t[16] != ':' || hour > 23 || minute > 59 || second > 60) {  // 60: a leap second
    return {};
  }
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return {};
  std::size_t at = 19;
  if (at < t.size() && t[at] == '.') {
    ++at;
    const std::size_t first = at;
    while (at < t.size() && t[at] >= '0' && t[at] <= '9')
      ++at;
    if (at == first) return {};
  }
  int offset = 0;
  if (at + 1 == t.size() && (t[at] == 'Z' || t[at] == 'z')) {
    offset = 0;
  } else if (at + 6 == t.size() && (t[at] == '+' || t[at] == '-') && t[at + 3] == ':') {
    const int oh = digits(t, at + 1, 2), om = digits(t, at + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return {};
    offset = (t[at] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  } else {
    return {};
  }
  const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
  return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

}  // namespace

std::string time_text(std::int64_t unix_seconds) {
  const std::chrono::sys_seconds t{std::chrono::seconds{unix_seconds}};
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{t - days};
  char out[64];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return out;
}

std::optional<std::int64_t> parse_time(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
  }
  return parse_rfc3339(text);
}

}  // namespace vouchd::api
