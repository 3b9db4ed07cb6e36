// The vouchd subcommands; main() parses the command line and calls one of these.
#pragma once

#include <spdlog/logger.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vouchd::cli {

struct ServeOptions {
  std::string db;
  std::vector<std::string> dns;  // ADDR:PORT
  std::string http;              // ADDR:PORT, empty: no HTTP API
  std::string tls_cert;          // PEM; with tls_key: the API speaks HTTPS only
  std::string tls_key;
  std::string repute_rater;  // REPUTE rater name; empty: the Host of each query
  unsigned threads = 1;
  unsigned max_udp_payload = 1232;
  unsigned tcp_idle_ms = 10000;
  unsigned max_tcp_connections = 1024;
  unsigned expiry_interval_ms = 10000;  // how often expired entries are withdrawn
  std::string clock = "system";         // the reputation clock: "system" or "manual"
  std::string clock_start;              // RFC 3339 or unix seconds: where a manual clock starts
  unsigned sweep_interval_ms = 60000;   // how often reputation is rescored without new evidence
};

int run_init(const std::string& db, spdlog::logger& log);
int run_import(const std::string& db, const std::string& kind,
               const std::vector<std::string>& files, spdlog::logger& log);
int run_export(const std::string& db, const std::string& zone, const std::string& output,
               spdlog::logger& log);
int run_serve(const ServeOptions& options, spdlog::logger& log);
int run_token_create(const std::string& db, const std::string& role, const std::string& label,
                     spdlog::logger& log);
int run_token_list(const std::string& db);
int run_token_revoke(const std::string& db, std::int64_t id, spdlog::logger& log);

}  // namespace vouchd::cli
