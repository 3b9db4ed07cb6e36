// Helpers for the integration tests: zone files written into a test's directory, `vouchd import`
// and `vouchd export` run as commands, and serials that the store keeps as written.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/dns_test_helpers.h"
#include "support/vouchd_process.h"

namespace vouchd::integration {

using testing::CommandResult;
using testing::run_vouchd;

inline std::string write_file(const testing::TempDir& dir, const std::string& name,
                              const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `vouchd import --db DB --kind KIND FILES...`.
inline CommandResult import_files(const std::string& db, const std::string& kind,
                                  const std::vector<std::string>& files) {
  std::vector<std::string> args = {"import", "--db", db, "--kind", kind};
  args.insert(args.end(), files.begin(), files.end());
  return run_vouchd(args);
}

// `vouchd export --db DB --zone APEX -o OUT`; returns the file's text (empty on failure, with the
// command's output in `*failure`).
inline std::string export_zone(const std::string& db, const std::string& apex,
                               const std::string& out, std::string* failure = nullptr) {
  const CommandResult r = run_vouchd({"export", "--db", db, "--zone", apex, "-o", out});
  if (r.exit_code != 0) {
    if (failure != nullptr) *failure = r.out;
    return {};
  }
  return read_file(out);
}

// True if the database holds a zone with this apex (`vouchd export` finds it).
inline bool has_zone(const std::string& db, const std::string& apex) {
  return run_vouchd({"export", "--db", db, "--zone", apex, "-o", "/dev/null"}).exit_code == 0;
}

// A serial the store keeps as written: the serial policy for a new zone is max(file serial, unix
// time) in RFC 1982 terms, so a serial ahead of the clock survives import, export and re-import.
inline std::uint32_t future_serial() {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return static_cast<std::uint32_t>(now + 10'000'000);
}

// The standards.md §7 SOA line for `apex` (relative to $ORIGIN = apex).
inline std::string soa_line(const std::string& apex, std::uint32_t serial,
                            const std::string& ttl = "3600") {
  return "@ " + ttl + " IN SOA ns1." + apex + ". hostmaster." + apex + ". " +
         std::to_string(serial) + " 3600 600 604800 300\n";
}

// A sample report of tests/data/ingest.
inline std::string ingest_sample(const std::string& name) {
  return read_file(std::string{VOUCHD_TEST_DATA} + "/ingest/" + name);
}

// `sqlite3 -readonly DB SQL`: the single value printed, or "" if the command failed.
inline std::string sql_value(const std::string& db, const std::string& sql) {
  std::string out =
      testing::run_shell("sqlite3 -readonly '" + db + "' \"" + sql + "\" 2>/dev/null").out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return out;
}

// The A records DNS on `port` answers at `name`, sorted and space-separated ("127.0.0.2"), or
// "NXDOMAIN", "NODATA", "(no reply)".
inline std::string a_codes(std::uint16_t port, const std::string& name) {
  const testing::Reply r = testing::parse_reply(
      testing::udp_exchange(port, testing::query(name, dnswire::RRType::A)));
  if (!r.ok()) return "(no reply)";
  if (r.rcode() == static_cast<std::uint16_t>(dnswire::RCode::NxDomain)) return "NXDOMAIN";
  std::vector<std::string> codes;
  for (const dnswire::Record& rr : r.msg().answers) {
    if (rr.type == dnswire::RRType::A && rr.rdata.size() == 4) {
      codes.push_back(std::to_string(rr.rdata[0]) + "." + std::to_string(rr.rdata[1]) + "." +
                      std::to_string(rr.rdata[2]) + "." + std::to_string(rr.rdata[3]));
    }
  }
  if (codes.empty()) return "NODATA";
  std::sort(codes.begin(), codes.end());
  std::string out;
  for (const std::string& c : codes)
    out += (out.empty() ? "" : " ") + c;
  return out;
}

}  // namespace vouchd::integration
