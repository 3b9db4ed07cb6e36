// `vouchd init`, `import` and `export`: the store-side commands.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "vouchd/cli/zone_import.h"
#include "vouchd/dnswire/master_file.h"
#include "vouchd/store/store.h"

namespace vouchd::cli {
namespace {

std::unique_ptr<store::Store> open_store(const std::string& db, bool create) {
  auto s = store::Store::open(db, create);
  if (!s) {
    std::fprintf(stderr, "vouchd: %s: %s\n", db.c_str(), s.error().message.c_str());
    return nullptr;
  }
  return std::move(*s);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return std::move(buf).str();
}

// design.md §11: a cos zone answers its default class for every key without an entry, which no
// RR (not even a wildcard, which stops at existing names) expresses.
constexpr char kCosNoMasterFile[] =
    "vouchd: a cos zone has no master-file form (its default class answers for every key without "
    "an entry, which no record expresses): create it and its entries with the API "
    "(POST /api/v1/zones, PUT /api/v1/zones/{zone}/listings/{key})\n";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Parses and classifies one file; prints "FILE:LINE: problem" and returns nullopt on error.
std::optional<store::ZoneContents> load_zone_file(const std::string& path, store::ZoneKind kind) {
  const auto text = read_file(path);
  if (!text) {
    std::fprintf(stderr, "%s: cannot read the file\n", path.c_str());
    return std::nullopt;
  }
  ZoneImporter importer{kind};
  importer.reserve(text->size() / 48);  // about one owner per 48 bytes of a typical list file
  const auto error = dnswire::parse_master_file(
      *text, {}, [&importer](dnswire::MasterRecord&& r) { importer.add(std::move(r)); });
  if (error) {
    std::fprintf(stderr, "%s:%zu: %s\n", path.c_str(), error->line, error->message.c_str());
    return std::nullopt;
  }
  auto contents = std::move(importer).finish(std::nullopt);
  if (!contents && contents.error().line == 0) {  // about the file as a whole
    std::fprintf(stderr, "%s: %s\n", path.c_str(), contents.error().message.c_str());
    return std::nullopt;
  }
  if (!contents) {
    std::fprintf(stderr, "%s:%zu: %s\n", path.c_str(), contents.error().line,
                 contents.error().message.c_str());
    return std::nullopt;
  }
  return std::move(*contents);
}

}  // namespace

int run_init(const std::string& db, spdlog::logger& log) {
  auto s = open_store(db, true);
  if (!s) return 1;
  log.info("store_ready db={} schema={}", db, s->schema_version());
  return 0;
}

int run_import(const std::string& db, const std::string& kind_text,
               const std::vector<std::string>& files, spdlog::logger& log) {
  const auto kind = store::kind_from_text(kind_text);
  if (!kind) {
    std::fprintf(stderr, "vouchd: --kind %s: expected vbr, dnsbl-ip4, dnsbl-ip6, dnsbl-domain or "
                 "static\n", kind_text.c_str());
    return 2;
  }
  if (*kind == store::ZoneKind::Cos) {
    std::fputs(kCosNoMasterFile, stderr);
    return 2;
  }
  auto s = open_store(db, false);
  if (!s) return 1;
  // Every file is checked before any is written, so one bad file imports nothing.
  std::vector<store::ZoneContents> zones;
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& f : files) {
    auto z = load_zone_file(f, *kind);
    if (!z) return 1;
    zones.push_back(std::move(*z));
  }
  const double parse_s = seconds_since(start);
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const auto write_start = std::chrono::steady_clock::now();
    const auto stored = s->replace_zone(zones[i], std::chrono::time_point_cast<std::chrono::seconds>(
                                                      std::chrono::system_clock::now()));
    if (!stored) {
      std::fprintf(stderr, "%s: %s\n", files[i].c_str(), stored.error().message.c_str());
      return 1;
    }
    log.info("zone_imported file={} zone={} kind={} vouches={} listings={} records={} serial={} "
             "parse_s={:.2f} write_s={:.2f}",
             files[i], stored->apex.to_text(), kind_text, zones[i].vouches.size(),
             zones[i].listings.size(), zones[i].records.size(), stored->soa.serial, parse_s,
             seconds_since(write_start));
  }
  return 0;
}

int run_export(const std::string& db, const std::string& zone_text, const std::string& output,
               spdlog::logger& log) {
  const auto apex = dnswire::Name::from_text(zone_text.ends_with('.') ? zone_text : zone_text + ".");
  auto s = open_store(db, false);
  if (!s) return 1;
  const auto zone = apex ? s->zone(apex->lowered()) : std::nullopt;
  if (!zone) {
    std::fprintf(stderr, "vouchd: no zone %s in %s\n", zone_text.c_str(), db.c_str());
    return 1;
  }
  if (zone->kind == store::ZoneKind::Cos) {
    std::fputs(kCosNoMasterFile, stderr);
    return 1;
  }
  const std::string text = export_zone(*s, *zone);
  if (output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out.flush()) {
    std::fprintf(stderr, "vouchd: cannot write %s\n", output.c_str());
    return 1;
  }
  log.info("zone_exported zone={} bytes={} file={}", zone->apex.to_text(), text.size(), output);
  return 0;
}

}  // namespace vouchd::cli
