// The reputation of one identity (see reputation_view.h): for now the engine is rebuilt from
// every stored piece of evidence on each call, so every reporter's learned trust is current.
#include "reputation_view.h"

#include <map>
#include <set>
#include <stdexcept>

#include "input.h"

namespace vouchd::api {
namespace {

namespace rep = vouchd::reputation;

constexpr std::int64_t kDay = 86400;

std::optional<rep::EvidenceKind> kind_of(const std::string& text) {
  if (text == "complaint") return rep::EvidenceKind::Complaint;
  if (text == "trap_hit") return rep::EvidenceKind::TrapHit;
  if (text == "delivered") return rep::EvidenceKind::Delivered;
  if (text == "not_spam") return rep::EvidenceKind::NotSpam;
  return std::nullopt;
}

std::optional<rep::Identity> identity_of(const store::EvidenceRow& e) {
  if (e.identity == "address") return rep::identity_of_address(e.key);
  return rep::identity_of_domain(e.key);
}

std::int64_t day_of(std::int64_t t) {
  return t >= 0 ? t / kDay : (t - kDay + 1) / kDay;
}

bool all_digits(std::string_view label) {
  return !label.empty() && label.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<rep::Identity> parse_identity(std::string_view text, const std::string& field,
                                            ApiError& error) {
  if (auto address = rep::identity_of_address(text)) return address;
  const auto domain = check_domain(text, field, error);
  // RFC 3696 §2: a top-level label is never all digits, so "192.0.2.300" is a broken address,
  // not a domain.
  const std::size_t dot = domain ? domain->rfind('.') : std::string::npos;
  const bool numeric =
      domain &&
      all_digits(std::string_view{*domain}.substr(dot == std::string::npos ? 0 : dot + 1));
  if (!domain || numeric) {
    error = {400, "invalid_field", field, "an IPv4 or IPv6 address or a domain name"};
    return std::nullopt;
  }
  return rep::identity_of_domain(*domain);
}

std::optional<IdentityReport> report_of(Context& ctx, const rep::Identity& id, std::int64_t now) {
  rep::Engine engine;
  IdentityReport report;
  report.identity = id;
  std::map<std::int64_t, DayTotals> days;
  std::set<std::int64_t> reporters;
  {
    const std::lock_guard lock{ctx.mutex};
    const auto read =
        ctx.store.for_each_evidence([&](std::int64_t reporter, const store::EvidenceRow& e) {
          const auto kind = kind_of(e.kind);
          const auto about = identity_of(e);
          if (!kind || !about) return;
          engine.add({e.at, reporter, *kind, *about, e.count});
          if (*about != id) return;
          reporters.insert(reporter);
          DayTotals& d = days[day_of(e.at)];
          switch (*kind) {
            case rep::EvidenceKind::Delivered:
              d.delivered += e.count;
              break;
            case rep::EvidenceKind::NotSpam:
              d.not_spam += e.count;
              break;
            case rep::EvidenceKind::Complaint:
            case rep::EvidenceKind::TrapHit:
              d.complaints += e.count;
              break;
          }
        });
    if (!read) throw std::runtime_error("evidence unreadable: " + read.error().message);
  }
  if (days.empty()) return std::nullopt;
  engine.learn_trust(now);  // trust as the evidence up to now taught it
  report.score = engine.score(id, now);
  report.reporters = reporters.size();
  for (auto& [day, d] : days) {
    d.day = day * kDay;
    report.complaints += d.complaints;
    report.delivered += d.delivered;
    report.not_spam += d.not_spam;
    report.daily.push_back(d);
  }
  return report;
}

}  // namespace vouchd::api
