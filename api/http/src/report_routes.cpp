// POST /api/v1/reports (role reporter, design.md §10): an ARF message, a DMARC aggregate report
// (XML, gzip or zip) or one JSON event of an operator's feed. The report is parsed, kept raw
// with the evidence normalised from it in one transaction, and answered 202 with its id; a
// report seen before (same bytes, or the same Message-ID / report id / event id) is not counted
// again and the reply names the original. Nothing is stored for a report that does not parse.
#include <nlohmann/json.hpp>
#include <string>

#include "input.h"
#include "routes.h"
#include "vouchd/ingest/arf.h"
#include "vouchd/ingest/dmarc.h"
#include "vouchd/ingest/evidence.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

// Uncompressed DMARC reports beyond this are refused (the body limit bounds the compressed size).
constexpr std::size_t kMaxInflated = 64u << 20;

enum class Media : std::uint8_t { Arf, Dmarc, Event };

std::optional<Media> media_of(const std::string& content_type) {
  std::string media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ')
    media.pop_back();
  for (char& c : media)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media == "message/rfc822" || media == "multipart/report") return Media::Arf;
  if (media == "application/xml" || media == "text/xml" || media == "application/gzip" ||
      media == "application/x-gzip" || media == "application/zip" ||
      media == "application/x-zip-compressed") {
    return Media::Dmarc;
  }
  if (media == "application/json") return Media::Event;
  return std::nullopt;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

void add_evidence(store::NewReport& report, const std::vector<ingest::EvidenceItem>& items) {
  for (const ingest::EvidenceItem& e : items) {
    report.evidence.push_back({e.at, std::string{ingest::kind_to_text(e.kind)},
                               e.type == ingest::IdentityType::Domain ? "domain" : "address", e.key,
                               e.count});
  }
}

// The parsed report as the store keeps it, or the 4xx that refuses it.
std::optional<store::NewReport> read_report(Media media, const std::string& body,
                                            std::int64_t reporter, std::int64_t received,
                                            ApiError& error) {
  store::NewReport report;
  report.reporter = reporter;
  report.digest = sha256(body);
  report.raw = body;
  switch (media) {
    case Media::Arf: {
      const auto arf = ingest::parse_arf(body);
      if (!arf) {
        error = {400, "invalid_report", "body", arf.error().message};
        return std::nullopt;
      }
      report.format = store::ReportFormat::Arf;
      if (!arf->message_id.empty()) report.dedup_key = "arf:" + arf->message_id;
      report.quirks = joined(arf->quirks);
      add_evidence(report, ingest::evidence_of(*arf, received));
      return report;
    }
    case Media::Dmarc: {
      const auto dmarc = ingest::parse_dmarc(body, kMaxInflated);
      if (!dmarc) {
        using Code = ingest::DmarcError::Code;
        const Code code = dmarc.error().code;
        error = {code == Code::NotAReport ? 415
                 : code == Code::TooLarge ? 413
                                          : 400,
                 code == Code::NotAReport ? "unsupported_media_type" : "invalid_report", "body",
                 dmarc.error().message};
        return std::nullopt;
      }
      report.format = store::ReportFormat::Dmarc;
      report.dedup_key = "dmarc:" + dmarc->org_name + "!" + dmarc->report_id;
      report.quirks = joined(dmarc->quirks);
      add_evidence(report, ingest::evidence_of(*dmarc));
      return report;
    }
    case Media::Event: {
      const auto event = ingest::parse_json_event(body);
      if (!event) {
        error = {400, event.error().field.empty() ? "invalid_json" : "invalid_field",
                 event.error().field, event.error().message};
        return std::nullopt;
      }
      report.format = store::ReportFormat::Event;
      // Events belong to the reporter's own feed: the same bytes from two feeds are two events.
      report.digest = sha256("event:" + std::to_string(reporter) + "\n" + body);
      if (!event->id.empty()) {
        report.dedup_key = "event:" + std::to_string(reporter) + "!" + event->id;
      }
      add_evidence(report, event->items);
      return report;
    }
  }
  return std::nullopt;
}

void post_report(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Ingest);
  if (!actor) return;
  const auto media = media_of(req.get_header_value("Content-Type"));
  if (!media) {
    return reply(res, {415, "unsupported_media_type", "Content-Type",
                       "send message/rfc822 (ARF), application/xml, application/gzip or "
                       "application/zip (DMARC), or application/json (an event)"});
  }
  if (req.body.empty()) return reply(res, {400, "invalid_report", "body", "empty body"});
  const auto received = now();
  ApiError error;
  const auto report = read_report(*media, req.body, actor->token.value_or(0),
                                  received.time_since_epoch().count(), error);
  if (!report) return reply(res, error);
  store::Expected<store::StoredReport, store::StoreError> stored;
  {
    const std::lock_guard lock{ctx.mutex};
    stored = timed_write(ctx, [&] { return ctx.store.add_report(*report, received); });
  }
  if (!stored) return reply(res, from_store(stored.error(), "body"));
  if (!stored->duplicate && ctx.reputation.scoring != nullptr) {
    ctx.reputation.scoring->add(report->reporter, report->evidence);
  }
  json quirks = json::array();
  if (!report->quirks.empty()) {
    for (std::size_t at = 0; at <= report->quirks.size();) {
      const std::size_t space = std::min(report->quirks.find(' ', at), report->quirks.size());
      quirks.push_back(report->quirks.substr(at, space - at));
      at = space + 1;
    }
  }
  reply_json(res, 202,
             {{"id", stored->id},
              {"duplicate", stored->duplicate},
              {"evidence", stored->duplicate ? 0 : report->evidence.size()},
              {"quirks", quirks}});
}

}  // namespace

void add_report_routes(Router& router, Context& ctx) {
  router.add("POST", "/api/v1/reports",
             [&ctx](const httplib::Request& q, httplib::Response& r) { post_report(ctx, q, r); });
}

}  // namespace vouchd::api
