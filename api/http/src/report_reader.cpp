// Reports and batches read into store::NewReport (see report_reader.h): the only place that turns
// a parsed ARF message, DMARC report or JSON event into what the store keeps.
#include "vouchd/api/report_reader.h"

#include <array>
#include <cctype>

#include "routes.h"
#include "vouchd/ingest/arf.h"
#include "vouchd/ingest/dmarc.h"
#include "vouchd/ingest/evidence.h"
#include "vouchd/ingest/mbox.h"
#include "vouchd/ingest/zip_entries.h"

namespace vouchd::api {
namespace {

// The media type of a Content-Type value, lower-case, without parameters.
std::string media_type(std::string_view content_type) {
  std::string media{content_type.substr(0, content_type.find(';'))};
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t'))
    media.pop_back();
  for (char& c : media)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

void add_evidence(store::NewReport& report, const std::vector<ingest::EvidenceItem>& items) {
  report.evidence.reserve(report.evidence.size() + items.size());
  for (const ingest::EvidenceItem& e : items) {
    report.evidence.push_back({e.at, std::string{ingest::kind_to_text(e.kind)},
                               e.type == ingest::IdentityType::Domain ? "domain" : "address", e.key,
                               e.count});
  }
}

ReportRefusal dmarc_refusal(const ingest::DmarcError& e) {
  using Code = ingest::DmarcError::Code;
  switch (e.code) {  // no default: -Wswitch names a new code left out
    case Code::NotAReport:
      return {415, "unsupported_media_type", "body", e.message};
    case Code::TooLarge:
      return {413, "payload_too_large", "body", e.message};
    case Code::Malformed:
    case Code::Hostile:
      return {400, "invalid_report", "body", e.message};
  }
  return {400, "invalid_report", "body", e.message};
}

std::string_view first_line(std::string_view bytes) {
  return bytes.substr(0, bytes.find('\n'));
}

// "Name: value": a header field opens the message (RFC 5322 §2.2 field name).
bool opens_with_header(std::string_view bytes) {
  const std::string_view line = first_line(bytes);
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  for (const char c : line.substr(0, colon)) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

std::string_view skip_space(std::string_view b) {
  if (b.starts_with("\xEF\xBB\xBF")) b.remove_prefix(3);  // UTF-8 byte order mark
  const std::size_t at = b.find_first_not_of(" \t\r\n");
  return at == std::string_view::npos ? std::string_view{} : b.substr(at);
}

bool is_zip(std::string_view b) {
  return b.starts_with(std::string_view{"PK\x03\x04", 4});
}

std::vector<BatchItem> mbox_items(std::string_view body) {
  std::vector<BatchItem> out;
  for (ingest::MboxMessage& m : ingest::split_mbox(body)) {
    BatchItem item{"",
                   m.line,
                   ingest::mbox_separator_time(m.separator),
                   ReportMedia::Arf,
                   std::move(m.text),
                   std::nullopt};
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<BatchItem> ndjson_items(std::string_view body) {
  std::vector<BatchItem> out;
  std::size_t line = 0;
  for (std::size_t at = 0; at < body.size();) {
    const std::size_t nl = std::min(body.find('\n', at), body.size());
    std::string_view text = body.substr(at, nl - at);
    at = nl + 1;
    ++line;
    if (text.ends_with('\r')) text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
    out.push_back({"", line, std::nullopt, ReportMedia::Event, std::string{text}, std::nullopt});
  }
  return out;
}

tl::expected<std::vector<BatchItem>, ReportRefusal> zip_items(std::string_view body) {
  auto entries = ingest::zip_entries(body, kMaxInflatedReport, kMaxInflatedBatch);
  if (!entries) return tl::unexpected(dmarc_refusal(entries.error()));
  std::vector<BatchItem> out;
  for (ingest::ZipEntry& e : *entries) {
    BatchItem item{std::move(e.name), 0, std::nullopt, std::nullopt, {}, std::nullopt};
    if (e.error) {
      item.refused = dmarc_refusal(*e.error);
    } else {
      item.media = sniff_report(e.bytes);
      if (!item.media) {
        item.refused = ReportRefusal{415, "unsupported_media_type", "body",
                                     "neither a DMARC report nor an ARF message"};
      }
      item.bytes = std::move(e.bytes);
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

std::optional<ReportMedia> report_media(std::string_view content_type) {
  const std::string media = media_type(content_type);
  if (media == "message/rfc822" || media == "multipart/report") return ReportMedia::Arf;
  if (media == "application/xml" || media == "text/xml" || media == "application/gzip" ||
      media == "application/x-gzip" || media == "application/zip" ||
      media == "application/x-zip-compressed") {
    return ReportMedia::Dmarc;
  }
  if (media == "application/json") return ReportMedia::Event;
  return std::nullopt;
}

std::optional<ReportMedia> sniff_report(std::string_view bytes) {
  const bool gzip = bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
                    static_cast<unsigned char>(bytes[1]) == 0x8b;
  if (gzip || is_zip(bytes)) return ReportMedia::Dmarc;
  const std::string_view text = skip_space(bytes);
  if (text.starts_with('<')) return ReportMedia::Dmarc;
  if (text.starts_with('{')) return ReportMedia::Event;
  if (opens_with_header(bytes)) return ReportMedia::Arf;
  return std::nullopt;
}

tl::expected<store::NewReport, ReportRefusal> read_report(ReportMedia media, std::string_view bytes,
                                                          std::int64_t reporter,
                                                          std::int64_t received) {
  if (bytes.empty()) return tl::unexpected(ReportRefusal{400, "invalid_report", "body", "empty"});
  store::NewReport report;
  report.reporter = reporter;
  switch (media) {
    case ReportMedia::Arf: {
      const auto arf = ingest::parse_arf(bytes);
      if (!arf)
        return tl::unexpected(ReportRefusal{400, "invalid_report", "body", arf.error().message});
      report.format = store::ReportFormat::Arf;
      if (!arf->message_id.empty()) report.dedup_key = "arf:" + arf->message_id;
      report.quirks = joined(arf->quirks);
      add_evidence(report, ingest::evidence_of(*arf, received));
      report.digest = sha256(bytes);
      break;
    }
    case ReportMedia::Dmarc: {
      const auto dmarc = ingest::parse_dmarc(bytes, kMaxInflatedReport);
      if (!dmarc) return tl::unexpected(dmarc_refusal(dmarc.error()));
      report.format = store::ReportFormat::Dmarc;
      report.dedup_key = "dmarc:" + dmarc->org_name + "!" + dmarc->report_id;
      report.quirks = joined(dmarc->quirks);
      add_evidence(report, ingest::evidence_of(*dmarc));
      report.digest = sha256(bytes);
      break;
    }
    case ReportMedia::Event: {
      const auto event = ingest::parse_json_event(bytes);
      if (!event) {
        return tl::unexpected(
            ReportRefusal{400, event.error().field.empty() ? "invalid_json" : "invalid_field",
                          event.error().field, event.error().message});
      }
      report.format = store::ReportFormat::Event;
      // Events belong to the reporter's own feed: the same bytes from two feeds are two events.
      const std::string feed = "event:" + std::to_string(reporter);
      report.digest = sha256(feed + "\n" + std::string{bytes});
      if (!event->id.empty()) report.dedup_key = feed + "!" + event->id;
      add_evidence(report, event->items);
      break;
    }
  }
  report.raw = std::string{bytes};
  return report;
}

std::optional<BatchMedia> batch_media(std::string_view content_type) {
  const std::string media = media_type(content_type);
  if (media == "application/mbox") return BatchMedia::Mbox;
  if (media == "application/x-ndjson" || media == "application/jsonl" ||
      media == "application/x-jsonlines") {
    return BatchMedia::Ndjson;
  }
  if (media == "application/zip" || media == "application/x-zip-compressed") {
    return BatchMedia::Zip;
  }
  return std::nullopt;
}

tl::expected<std::vector<BatchItem>, ReportRefusal> split_batch(BatchMedia media,
                                                                std::string_view body) {
  std::vector<BatchItem> items;
  switch (media) {
    case BatchMedia::Mbox:
      if (!ingest::is_mbox(body)) {
        return tl::unexpected(
            ReportRefusal{400, "invalid_batch", "body", "a mailbox opens with a \"From \" line"});
      }
      items = mbox_items(body);
      break;
    case BatchMedia::Ndjson:
      items = ndjson_items(body);
      break;
    case BatchMedia::Zip: {
      if (!is_zip(body)) {
        return tl::unexpected(
            ReportRefusal{415, "unsupported_media_type", "body", "not a zip archive"});
      }
      auto entries = zip_items(body);
      if (!entries) return tl::unexpected(entries.error());
      items = std::move(*entries);
      break;
    }
  }
  if (items.empty()) {
    return tl::unexpected(ReportRefusal{400, "invalid_batch", "body", "the batch holds no report"});
  }
  return items;
}

std::optional<BatchMedia> sniff_batch(std::string_view name, std::string_view bytes) {
  if (ingest::is_mbox(bytes)) return BatchMedia::Mbox;
  if (is_zip(bytes)) return BatchMedia::Zip;
  if (name.ends_with(".jsonl") || name.ends_with(".ndjson")) return BatchMedia::Ndjson;
  const std::string_view text = skip_space(bytes);
  if (!text.starts_with('{')) return std::nullopt;
  // Several lines that each hold an object: JSON lines; one object (over lines or not): an event.
  std::string_view line = first_line(text);
  const std::string_view rest = skip_space(text.substr(line.size()));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  if (rest.starts_with('{') && line.ends_with('}')) return BatchMedia::Ndjson;
  return std::nullopt;
}

}  // namespace vouchd::api
