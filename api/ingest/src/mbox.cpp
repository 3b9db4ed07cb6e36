// Mailbox splitting (see mbox.h; RFC 4155): one pass over the lines, no copies but the messages.
#include "vouchd/ingest/mbox.h"

#include <array>
#include <charconv>

namespace vouchd::ingest {
namespace {

bool is_separator(std::string_view line) noexcept {
  return line.starts_with("From ");
}

// ">From ", ">>From ", ...: mboxrd quoting of a body line.
bool is_quoted_from(std::string_view line) noexcept {
  const std::size_t n = line.find_first_not_of('>');
  return n != 0 && n != std::string_view::npos && line.substr(n).starts_with("From ");
}

// The line without its CR LF or LF.
std::string_view content(std::string_view line) noexcept {
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at < s.size()) {
    const std::size_t b = s.find_first_not_of(" \t", at);
    if (b == std::string_view::npos) break;
    const std::size_t e = std::min(s.find_first_of(" \t", b), s.size());
    out.push_back(s.substr(b, e - b));
    at = e;
  }
  return out;
}

template <typename T>
std::optional<T> number(std::string_view s) noexcept {
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

bool is_mbox(std::string_view bytes) noexcept {
  return is_separator(bytes);
}

std::vector<MboxMessage> split_mbox(std::string_view bytes) {
  std::vector<MboxMessage> out;
  bool after_empty = true;  // the start of the mailbox counts as after an empty line
  std::size_t last_line_size = 0;
  std::size_t line_no = 0;
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t nl = bytes.find('\n', at);
    const std::size_t end = nl == std::string_view::npos ? bytes.size() : nl + 1;
    const std::string_view line = bytes.substr(at, end - at);
    at = end;
    ++line_no;
    const std::string_view text = content(line);
    if (after_empty && is_separator(text)) {
      if (!out.empty() && last_line_size > 0) {  // the empty line before the separator
        out.back().text.resize(out.back().text.size() - last_line_size);
      }
      out.push_back({std::string{}, std::string{text}, line_no});
      after_empty = false;
      last_line_size = 0;
      continue;
    }
    after_empty = text.empty();
    if (out.empty()) continue;  // text before the first separator
    const std::string_view kept = is_quoted_from(text) ? line.substr(1) : line;
    out.back().text.append(kept);
    last_line_size = after_empty ? kept.size() : 0;
  }
  return out;
}

std::optional<std::int64_t> mbox_separator_time(std::string_view separator) noexcept {
  try {
    if (!is_separator(separator)) return std::nullopt;
    const std::vector<std::string_view> w = words(separator.substr(5));
    // sender, weekday, month, day, hh:mm:ss, year (anything after, such as a zone, is ignored)
    if (w.size() < 6) return std::nullopt;
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    unsigned month = 0;
    for (unsigned i = 0; i < kMonths.size(); ++i) {
      if (w[2] == kMonths[i]) month = i + 1;
    }
    const auto day = number<unsigned>(w[3]);
    const auto year = number<std::int64_t>(w[5]);
    const std::string_view hms = w[4];
    if (month == 0 || !day || *day < 1 || *day > 31 || !year || *year < 1970 || *year > 9999 ||
        hms.size() != 8 || hms[2] != ':' || hms[5] != ':') {
      return std::nullopt;
    }
    const auto h = number<unsigned>(hms.substr(0, 2));
    const auto m = number<unsigned>(hms.substr(3, 2));
    const auto s = number<unsigned>(hms.substr(6, 2));
    if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
    return days_from_civil(*year, month, *day) * 86400 + *h * 3600 + *m * 60 + *s;
  } catch (...) {  // std::bad_alloc from words(): no date
    return std::nullopt;
  }
}

}  // namespace vouchd::ingest
