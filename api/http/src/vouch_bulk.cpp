// Bulk vouch routes: POST /api/v1/zones/{zone}/vouches:import takes JSON lines or CSV and applies
// every line in one transaction (one serial) or none, listing each refused line; GET
// /api/v1/zones/{zone}/vouches:export streams every vouch, suspended ones included, in the same
// formats, so an export imports back unchanged.
#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

#include "csv.h"
#include "input.h"
#include "routes.h"
#include "vouch_body.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxReportedLines = 100;
constexpr std::size_t kExportPage = 1000;
constexpr const char* kCsvColumns[] = {"domain", "categories", "ttl",
                                       "note",   "expires",    "suspended"};

enum class Format : std::uint8_t { JsonLines, Csv };

std::optional<Format> format_of_content_type(const std::string& content_type) {
  const std::string media = content_type.substr(0, content_type.find(';'));
  if (media == "application/x-ndjson" || media == "application/jsonl" ||
      media == "application/json-lines") {
    return Format::JsonLines;
  }
  if (media == "text/csv") return Format::Csv;
  return std::nullopt;
}

struct LineError {
  std::size_t line = 0;
  ApiError error;
};

struct Line {
  std::size_t line = 0;
  json object;
};

// JSON lines: one object per non-blank line.
std::vector<Line> json_lines(const std::string& body, std::vector<LineError>& errors) {
  std::vector<Line> lines;
  std::istringstream in{body};
  std::size_t number = 0;
  for (std::string text; std::getline(in, text);) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
      errors.push_back({number, {400, "invalid_json", "", "not a JSON object"}});
      continue;
    }
    lines.push_back({number, std::move(j)});
  }
  return lines;
}

// A CSV cell as the JSON member the checker expects: numbers and booleans where they parse,
// strings otherwise (so the checker names the cell that is wrong).
json csv_cell(const std::string& column, const std::string& cell) {
  if (column == "categories") {
    json tokens = json::array();
    std::istringstream in{cell};
    for (std::string t; in >> t;)
      tokens.push_back(t);
    return tokens;
  }
  const bool digits = !cell.empty() && cell.size() <= 18 &&
                      cell.find_first_not_of("0123456789") == std::string::npos;
  if ((column == "ttl" || column == "expires") && digits) return std::stoll(cell);
  if (column == "suspended" && (cell == "true" || cell == "false")) return cell == "true";
  return cell;
}

// CSV: a header row naming the columns (domain and categories required, in any order), then one
// vouch per record; empty optional cells are left out.
std::vector<Line> csv_lines(const std::string& body, std::vector<LineError>& errors) {
  const auto records = parse_csv(body);
  if (!records) {
    errors.push_back({records.error().line, {400, "invalid_csv", "", records.error().message}});
    return {};
  }
  if (records->empty()) return {};
  const std::vector<std::string>& header = records->front().fields;
  for (const std::string& column : header) {
    if (std::find(std::begin(kCsvColumns), std::end(kCsvColumns), column) ==
        std::end(kCsvColumns)) {
      errors.push_back(
          {records->front().line,
           {400, "unknown_field", column, "unknown column (the first row names them)"}});
      return {};
    }
  }
  std::vector<Line> lines;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    if (record.fields.size() != header.size()) {
      errors.push_back({record.line,
                        {400, "invalid_csv", "",
                         std::to_string(record.fields.size()) + " cells, the header has " +
                             std::to_string(header.size())}});
      continue;
    }
    json j = json::object();
    for (std::size_t c = 0; c < header.size(); ++c) {
      const bool optional = header[c] != "domain" && header[c] != "categories";
      if (optional && record.fields[c].empty()) continue;
      j[header[c]] = csv_cell(header[c], record.fields[c]);
    }
    lines.push_back({record.line, std::move(j)});
  }
  return lines;
}

// The refused lines: the first as the error, all (up to kMaxReportedLines) under "lines".
void reply_line_errors(httplib::Response& res, const std::vector<LineError>& errors,
                       std::size_t total) {
  json lines = json::array();
  for (std::size_t i = 0; i < errors.size() && i < kMaxReportedLines; ++i) {
    const LineError& e = errors[i];
    lines.push_back({{"line", e.line},
                     {"code", e.error.code},
                     {"field", e.error.field},
                     {"message", e.error.message}});
  }
  const LineError& first = errors.front();
  const std::string message = std::to_string(errors.size()) + " of " + std::to_string(total) +
                              " lines refused, nothing applied; line " +
                              std::to_string(first.line) + ": " + first.error.message;
  reply_json(res, 400,
             {{"error",
               {{"code", "invalid_lines"},
                {"field", "line " + std::to_string(first.line) +
                              (first.error.field.empty() ? "" : ": " + first.error.field)},
                {"message", message}}},
              {"lines", lines}});
}

void import_vouches(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto actor = authorize(ctx, req, res, Access::Write);
  if (!actor) return;
  const auto format = format_of_content_type(req.get_header_value("Content-Type"));
  if (!format) {
    return reply(res, {415, "unsupported_media_type", "Content-Type",
                       "send application/x-ndjson (JSON lines) or text/csv"});
  }
  std::vector<LineError> errors;
  const std::vector<Line> lines =
      *format == Format::Csv ? csv_lines(req.body, errors) : json_lines(req.body, errors);
  const std::size_t total = lines.size() + errors.size();  // parsed lines and unparsable ones
  std::vector<VouchFields> vouches;
  std::map<std::string, std::size_t> first_line;
  for (const Line& line : lines) {
    ApiError error;
    auto fields = read_vouch_object(line.object, VouchShape::Line, error);
    if (!fields) {
      errors.push_back({line.line, std::move(error)});
      continue;
    }
    const auto [at, fresh] = first_line.emplace(*fields->domain, line.line);
    if (!fresh) {
      errors.push_back(
          {line.line, {400, "duplicate", "domain", "also on line " + std::to_string(at->second)}});
      continue;
    }
    vouches.push_back(std::move(*fields));
  }
  if (!errors.empty()) {
    std::sort(errors.begin(), errors.end(),
              [](const LineError& a, const LineError& b) { return a.line < b.line; });
    return reply_line_errors(res, errors, total);
  }
  if (vouches.empty()) return reply(res, {400, "invalid_field", "body", "no vouches given"});
  const std::lock_guard lock{ctx.mutex};
  const auto zone = find_vbr_zone(ctx, req.matches[1], res);
  if (!zone) return;
  std::vector<store::VouchRecord> records;
  records.reserve(vouches.size());
  std::size_t created = 0;
  for (VouchFields& v : vouches) {
    const auto existing = ctx.store.get_vouch(zone->id, *v.domain);
    if (!existing) ++created;
    const bool suspended = v.suspended.value_or(existing && existing->suspended);
    records.push_back({std::move(*v.domain), std::move(v.categories),
                       v.ttl.value_or(zone->default_ttl), std::move(v.note), v.expires, suspended,
                       0, 0, ""});
  }
  const auto committed =
      timed_write(ctx, [&] { return ctx.store.put_vouches(zone->id, records, *actor, now()); });
  if (!committed) return reply(res, from_store(committed.error(), "body"));
  ctx.on_commit(*zone, *committed);
  reply_json(res, 200,
             {{"serial", committed->serial},
              {"count", records.size()},
              {"created", created},
              {"updated", records.size() - created}});
}

std::string export_line(const store::VouchRecord& v, Format format) {
  if (format == Format::JsonLines) {
    json categories = json::array();
    std::istringstream tokens{v.categories};
    for (std::string t; tokens >> t;)
      categories.push_back(t);
    return json{{"domain", v.domain},
                {"categories", categories},
                {"ttl", v.ttl},
                {"note", v.note},
                {"expires", v.expires ? json(*v.expires) : json(nullptr)},
                {"suspended", v.suspended}}
               .dump() +
           "\n";
  }
  return csv_field(v.domain) + "," + csv_field(v.categories) + "," + std::to_string(v.ttl) + "," +
         csv_field(v.note) + "," + (v.expires ? std::to_string(*v.expires) : std::string{}) + "," +
         (v.suspended ? "true" : "false") + "\r\n";
}

// Streams the zone's vouches a page at a time, taking the store lock per page (a long export never
// holds writers off); the keyset cursor makes the pages join without gaps or repeats.
void export_vouches(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize(ctx, req, res, Access::Read)) return;
  const std::string format_text = req.has_param("format") ? req.get_param_value("format") : "jsonl";
  if (format_text != "jsonl" && format_text != "csv") {
    return reply(res, {400, "invalid_field", "format", "jsonl or csv"});
  }
  const Format format = format_text == "csv" ? Format::Csv : Format::JsonLines;
  std::int64_t zone_id = 0;
  {
    const std::lock_guard lock{ctx.mutex};
    const auto zone = find_vbr_zone(ctx, req.matches[1], res);
    if (!zone) return;
    zone_id = zone->id;
  }
  struct State {
    std::string cursor;
    bool header = true;
  };
  auto state = std::make_shared<State>();
  state->header = format == Format::Csv;
  res.set_header("Content-Disposition",
                 std::string{"attachment; filename=\"vouches."} + format_text + "\"");
  res.set_chunked_content_provider(
      format == Format::Csv ? "text/csv" : "application/x-ndjson",
      [&ctx, zone_id, format, state](std::size_t, httplib::DataSink& sink) {
        std::string chunk;
        if (state->header) {
          for (const char* column : kCsvColumns) {
            chunk += (chunk.empty() ? "" : ",") + std::string{column};
          }
          chunk += "\r\n";
          state->header = false;
        }
        store::Expected<std::vector<store::VouchRecord>, store::StoreError> page;
        {
          const std::lock_guard lock{ctx.mutex};
          page = ctx.store.list_vouches(zone_id, "", state->cursor, kExportPage);
        }
        if (!page) return false;  // the client sees a truncated chunked body
        for (const store::VouchRecord& v : *page)
          chunk += export_line(v, format);
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (page->size() < kExportPage) {
          sink.done();
        } else {
          state->cursor = page->back().domain;
        }
        return true;
      });
}

}  // namespace

void add_vouch_bulk_routes(Router& router, Context& ctx) {
  router.add(
      "POST", "/api/v1/zones/{zone}/vouches:import",
      [&ctx](const httplib::Request& q, httplib::Response& r) { import_vouches(ctx, q, r); });
  router.add(
      "GET", "/api/v1/zones/{zone}/vouches:export",
      [&ctx](const httplib::Request& q, httplib::Response& r) { export_vouches(ctx, q, r); });
}

}  // namespace vouchd::api
