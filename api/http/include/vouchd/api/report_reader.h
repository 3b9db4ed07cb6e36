// Feedback reports read into what the store keeps (design.md §10), shared by every way reports
// arrive: POST /api/v1/reports, POST /api/v1/reports:batch and `vouchd ingest`. A report is
// parsed by the pure parsers of vouchd::ingest, hashed, given its dedup key and its evidence; a
// batch (mbox, JSON lines, zip) is split into items that are read, and refused, one by one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "vouchd/store/store.h"

namespace vouchd::api {

enum class ReportMedia : std::uint8_t { Arf, Dmarc, Event };

// Uncompressed DMARC reports beyond this are refused (a body limit bounds the compressed size).
inline constexpr std::size_t kMaxInflatedReport = 64u << 20;
// What the entries of one zip batch may inflate to together.
inline constexpr std::size_t kMaxInflatedBatch = 256u << 20;

// Why a report or a whole batch was refused, as the API answers it (status 400, 413 or 415; the
// code, field and message of the one error shape).
struct ReportRefusal {
  int status = 400;
  std::string code;
  std::string field;
  std::string message;
};

// The kind of report a Content-Type announces: message/rfc822 or multipart/report (ARF);
// application/xml, text/xml, application/gzip, application/zip (DMARC); application/json (an
// event). Parameters and case are ignored.
std::optional<ReportMedia> report_media(std::string_view content_type);

// The kind of report `bytes` hold, judged by content: gzip, zip or XML is DMARC, a JSON object an
// event, a header block ("Name: value" first line) an ARF message; nullopt for anything else.
std::optional<ReportMedia> sniff_report(std::string_view bytes);

// `bytes` read as a report of `media` from token `reporter`, received at `received` (unix seconds;
// it dates an ARF report without Arrival-Date), or why it is refused. A JSON event's digest and
// dedup key are the reporter's own: two feeds may send the same bytes.
tl::expected<store::NewReport, ReportRefusal> read_report(ReportMedia media, std::string_view bytes,
                                                          std::int64_t reporter,
                                                          std::int64_t received);

// --- batches

enum class BatchMedia : std::uint8_t { Mbox, Ndjson, Zip };

// application/mbox, application/x-ndjson (or application/jsonl), application/zip.
std::optional<BatchMedia> batch_media(std::string_view content_type);

// One report of a batch, before it is read.
struct BatchItem {
  std::string name;      // the zip entry's name; "" for mbox and JSON lines
  std::size_t line = 0;  // mbox and JSON lines: the 1-based line the item starts on
  std::optional<std::int64_t> delivered;  // mbox: the date of the "From " line
  std::optional<ReportMedia> media;       // what the item is; nullopt when `refused`
  std::string bytes;
  std::optional<ReportRefusal> refused;  // set when the item cannot be a report at all
};

// The items of a batch: each message of a mailbox (ARF), each non-empty line of JSON lines (an
// event), each file of a zip (a DMARC report as .xml or .xml.gz, an ARF message as .eml, judged
// by content). Refused as a whole (nothing in it is read) when a mailbox does not open with a
// "From " line, when a zip does not open, or when it holds no item.
tl::expected<std::vector<BatchItem>, ReportRefusal> split_batch(BatchMedia media,
                                                                std::string_view body);

// The batch media of a file's content, for `vouchd ingest`: a mailbox (first line "From "), a zip,
// or JSON lines (a JSON object on each of several lines, or a name ending in .jsonl or .ndjson);
// nullopt when the file is one report.
std::optional<BatchMedia> sniff_batch(std::string_view name, std::string_view bytes);

}  // namespace vouchd::api
