// REPUTE pieces (see repute.h): RFC 7071 §6.2, RFC 7072 §3, RFC 7073 §3.
#include "repute.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

namespace vouchd::api::repute {
namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool ip6_literal_char(char c) {
  return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') || c == ':' || c == '.';
}

std::string two_digits(unsigned n) {
  return {static_cast<char>('0' + n / 10 % 10), static_cast<char>('0' + n % 10)};
}

}  // namespace

std::optional<std::string> checked_authority(std::string_view host_header) {
  std::string a{host_header};
  for (char& c : a)
    c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (a.empty() || a.size() > 261) return std::nullopt;  // 253 for the name, 1 + 5 + ... port
  std::size_t end = 0;                                   // past the host
  if (a.front() == '[') {
    end = a.find(']');
    if (end == std::string::npos || end == 1 ||
        !std::all_of(a.begin() + 1, a.begin() + static_cast<std::ptrdiff_t>(end),
                     ip6_literal_char)) {
      return std::nullopt;
    }
    ++end;
  } else {
    end = std::min(a.find(':'), a.size());
    if (end == 0 ||
        !std::all_of(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(end), name_char)) {
      return std::nullopt;
    }
  }
  if (end == a.size()) return a;
  const std::string_view port = std::string_view{a}.substr(end + 1);
  if (a[end] != ':' || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return a;
}

std::string host_of(std::string_view authority) {
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
    return std::string{authority};
  }
  return std::string{authority.substr(0, colon)};
}

std::string query_template(bool tls, std::string_view authority) {
  return std::string{tls ? "https://" : "http://"} + std::string{authority} +
         "/repute/{application}/{subject}/{assertion}";
}

bool is_email_id_assertion(std::string_view assertion) {
  constexpr std::array<std::string_view, 5> kAll = {"abusive", "fraud", "invalid-recipients",
                                                    "malware", "spam"};
  return std::find(kAll.begin(), kAll.end(), assertion) != kAll.end();
}

bool is_email_id_identity(std::string_view identity) {
  constexpr std::array<std::string_view, 7> kAll = {
      "dkim", "ipv4", "ipv6", "rfc5321.helo", "rfc5321.mailfrom", "rfc5322.from", "spf"};
  return std::find(kAll.begin(), kAll.end(), identity) != kAll.end();
}

std::string_view identity_type(const reputation::Identity& id) {
  switch (id.kind) {
    case reputation::IdentityKind::Domain:
      return "dkim";
    case reputation::IdentityKind::Ip4:
      return "ipv4";
    case reputation::IdentityKind::Ip6:
      return "ipv6";
  }
  return "dkim";
}

double three_decimals(double value) {
  if (!(value > 0)) return 0;  // NaN too
  if (value >= 1) return 1;
  return std::round(value * 1000) / 1000;
}

double spam_rating(const reputation::Score& score) {
  return three_decimals(score.rate);
}

nlohmann::json spam_reputon(const IdentityReport& report, std::string_view subject,
                            const Rater& rater) {
  // RFC 7071 §6.2.2: rater, assertion, rated and rating are required; the rest is optional.
  // RFC 7073 §3.2 adds "identity" (IANA's name; the section's own example says
  // "email-id-identity") and "sources".
  return {{"rater", rater.name},
          {"assertion", kAssertion},
          {"rated", subject},
          {"rating", spam_rating(report.score)},
          {"confidence", three_decimals(report.score.confidence)},
          {"sample-size", report.delivered + report.complaints},
          {"generated", rater.generated},
          {"expires", rater.generated + kReputonTtl},
          {"identity", identity_type(report.identity)},
          {"sources", report.reporters}};
}

std::string http_date(std::int64_t unix_seconds) {
  using namespace std::chrono;
  constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                     "Thu", "Fri", "Sat"};
  constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const sys_seconds t{seconds{unix_seconds}};
  const sys_days day = floor<days>(t);
  const year_month_day date{day};
  const hh_mm_ss time{t - day};
  const int year = static_cast<int>(date.year());
  return std::string{kDays[weekday{day}.c_encoding()]} + ", " +
         two_digits(static_cast<unsigned>(date.day())) + " " +
         std::string{kMonths[static_cast<unsigned>(date.month()) - 1]} + " " +
         std::to_string(year) + " " + two_digits(static_cast<unsigned>(time.hours().count())) +
         ":" + two_digits(static_cast<unsigned>(time.minutes().count())) + ":" +
         two_digits(static_cast<unsigned>(time.seconds().count())) + " GMT";
}

}  // namespace vouchd::api::repute
