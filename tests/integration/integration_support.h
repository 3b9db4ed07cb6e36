// Helpers for the integration tests: zone files written into a test's directory, `vouchd import`
// and `vouchd export` run as commands, and serials that the store keeps as written.
#pragma once

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

}  // namespace vouchd::integration
