// The reputation of one identity (see reputation_view.h), from the reputation service's engine.
#include "reputation_view.h"

#include <stdexcept>

#include "input.h"

namespace vouchd::api {
namespace {

namespace rep = vouchd::reputation;

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

std::int64_t reputation_now(const Context& ctx) {
  if (ctx.reputation.clock != nullptr) return ctx.reputation.clock->now();
  return api::now().time_since_epoch().count();
}

std::optional<IdentityReport> report_of(Context& ctx, const rep::Identity& id, std::int64_t now) {
  if (ctx.reputation.scoring == nullptr) {
    throw std::runtime_error("the reputation service is not running");
  }
  const auto view = ctx.reputation.scoring->view(id, now);
  if (!view) return std::nullopt;
  IdentityReport report;
  report.identity = id;
  report.score = view->score;
  report.complaints = view->score.total_complaints;
  report.delivered = view->score.total_delivered;
  report.not_spam = view->score.total_not_spam;
  report.reporters = view->score.total_reporters;
  for (const auto& [day, d] : view->daily) {
    report.daily.push_back({day, d.complaints + d.trap_hits, d.delivered, d.not_spam});
  }
  return report;
}

}  // namespace vouchd::api
