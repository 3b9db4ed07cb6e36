// Feedback report routes (role reporter or admin, design.md §10). POST /api/v1/reports takes one
// ARF message, DMARC aggregate report (XML, gzip or zip) or JSON event; POST /api/v1/reports:batch
// takes many at once (a mailbox of ARF messages, JSON lines, or a zip of reports). Each report is
// read by report_reader.h, kept raw with its normalised evidence and committed before the answer;
// a report seen before (same bytes, or the same Message-ID / report id / event id) is not counted
// again and the answer names the original. Nothing is stored for a report that does not parse;
// in a batch, each item is accepted or refused on its own.
#include <sys/resource.h>
#include <unistd.h>

#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "input.h"
#include "routes.h"
#include "vouchd/api/report_reader.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

ApiError api_error(const ReportRefusal& r) {
  return {r.status, r.code, r.field, r.message};
}

// Stores `reports` in one transaction and hands the evidence of the new ones to the reputation
// hook, in commit order (the store lock is held throughout).
store::Expected<std::vector<store::StoredReport>, store::StoreError> commit_reports(
    Context& ctx, std::span<const store::NewReport> reports, std::chrono::sys_seconds received) {
  const std::lock_guard lock{ctx.mutex};
  auto stored = timed_write(ctx, [&] { return ctx.store.add_reports(reports, received); });
  if (stored && ctx.on_evidence) {
    for (std::size_t i = 0; i < reports.size(); ++i) {
      if (!(*stored)[i].duplicate && !reports[i].evidence.empty()) {
        ctx.on_evidence(reports[i].reporter, reports[i].evidence);
      }
    }
  }
  return stored;
}

json quirk_list(const std::string& quirks) {
  json out = json::array();
  if (quirks.empty()) return out;
  for (std::size_t at = 0; at <= quirks.size();) {
    const std::size_t space = std::min(quirks.find(' ', at), quirks.size());
    out.push_back(quirks.substr(at, space - at));
    at = space + 1;
  }
  return out;
}

void post_report(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Ingest);
  if (!actor) return;
  const auto media = report_media(req.get_header_value("Content-Type"));
  if (!media) {
    return reply(res, {415, "unsupported_media_type", "Content-Type",
                       "send message/rfc822 (ARF), application/xml, application/gzip or "
                       "application/zip (DMARC), or application/json (an event)"});
  }
  if (req.body.empty()) return reply(res, {400, "invalid_report", "body", "empty body"});
  const auto received = now();
  const auto report =
      read_report(*media, req.body, actor->token.value_or(0), received.time_since_epoch().count());
  if (!report) return reply(res, api_error(report.error()));
  const auto stored = commit_reports(ctx, std::span{&*report, 1}, received);
  if (!stored) return reply(res, from_store(stored.error(), "body"));
  const store::StoredReport& s = stored->front();
  reply_json(res, 202,
             {{"id", s.id},
              {"duplicate", s.duplicate},
              {"evidence", s.duplicate ? 0 : report->evidence.size()},
              {"quirks", quirk_list(report->quirks)}});
}

// Runs `work` on a thread of its own at nice +10 (a Linux thread's own priority) and waits for
// it: reading a large batch is background work that must not take CPU from the DNS workers.
// The thread ends with the work, so no priority has to be restored.
template <class Work>
void at_low_priority(Work&& work) {
  std::exception_ptr failed;
  std::thread thread{[&] {
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);  // best effort
    try {
      work();
    } catch (...) {
      failed = std::current_exception();
    }
  }};
  thread.join();
  if (failed) std::rethrow_exception(failed);
}

json refused_entry(std::size_t index, const BatchItem& item, const ReportRefusal& why) {
  json out = {{"index", index}, {"code", why.code}, {"field", why.field}, {"message", why.message}};
  if (!item.name.empty()) out["name"] = item.name;
  if (item.line != 0) out["line"] = item.line;
  return out;
}

// POST /api/v1/reports:batch: every item read (at low priority), the readable ones committed in
// one transaction, then 200 with what became of each.
void post_batch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Ingest);
  if (!actor) return;
  const auto media = batch_media(req.get_header_value("Content-Type"));
  if (!media) {
    return reply(res, {415, "unsupported_media_type", "Content-Type",
                       "send application/mbox (ARF messages), application/x-ndjson (events) or "
                       "application/zip (DMARC reports and .eml ARF messages)"});
  }
  if (req.body.empty()) return reply(res, {400, "invalid_batch", "body", "empty body"});
  const auto received = now();
  const std::int64_t reporter = actor->token.value_or(0);
  std::optional<ReportRefusal> whole;  // the batch cannot be split
  std::size_t item_count = 0;
  std::vector<store::NewReport> reports;
  std::vector<std::size_t> item_of;  // reports[i] is item item_of[i]
  json refused = json::array();
  at_low_priority([&] {
    const auto items = split_batch(*media, req.body);
    if (!items) {
      whole = items.error();
      return;
    }
    item_count = items->size();
    for (std::size_t i = 0; i < items->size(); ++i) {
      const BatchItem& item = (*items)[i];
      if (item.refused) {
        refused.push_back(refused_entry(i, item, *item.refused));
        continue;
      }
      auto report =
          read_report(*item.media, item.bytes, reporter, received.time_since_epoch().count());
      if (!report) {
        refused.push_back(refused_entry(i, item, report.error()));
        continue;
      }
      reports.push_back(std::move(*report));
      item_of.push_back(i);
    }
  });
  if (whole) return reply(res, api_error(*whole));
  std::vector<store::StoredReport> stored;
  if (!reports.empty()) {
    auto committed = commit_reports(ctx, reports, received);
    if (!committed) return reply(res, from_store(committed.error(), "body"));
    stored = std::move(*committed);
  }
  json ids(item_count, nullptr);
  std::size_t accepted = 0;
  std::size_t duplicates = 0;
  std::size_t evidence = 0;
  for (std::size_t r = 0; r < stored.size(); ++r) {
    ids[item_of[r]] = stored[r].id;
    if (stored[r].duplicate) {
      ++duplicates;
    } else {
      ++accepted;
      evidence += reports[r].evidence.size();
    }
  }
  reply_json(res, 200,
             {{"items", item_count},
              {"accepted", accepted},
              {"duplicates", duplicates},
              {"evidence", evidence},
              {"refused", std::move(refused)},
              {"ids", std::move(ids)}});
}

}  // namespace

void add_report_routes(Router& router, Context& ctx) {
  router.add("POST", "/api/v1/reports",
             [&ctx](const httplib::Request& q, httplib::Response& r) { post_report(ctx, q, r); });
  router.add("POST", "/api/v1/reports:batch",
             [&ctx](const httplib::Request& q, httplib::Response& r) { post_batch(ctx, q, r); });
}

}  // namespace vouchd::api
