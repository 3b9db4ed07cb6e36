// vouchd: the command line (design.md §2). main builds the logger and hands it down; nothing is
// global.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "ingest_command.h"

int main(int argc, char** argv) {
  CLI::App app{"vouchd: VBR certifier and DNSxL reputation server"};
  app.require_subcommand(1);
  std::string db;
  std::string level = "info";
  app.add_option("--log-level", level, "trace, debug, info, warn, error")
      ->envname("VOUCHD_LOG_LEVEL");

  auto* init = app.add_subcommand("init", "create a database and apply migrations");
  init->add_option("--db", db, "SQLite database path")->required()->envname("VOUCHD_DB");

  std::string kind;
  std::vector<std::string> files;
  auto* import = app.add_subcommand("import", "import RFC 1035 master files, one zone each");
  import->add_option("--db", db, "SQLite database path")->required()->envname("VOUCHD_DB");
  import->add_option("--kind", kind, "vbr, dnsbl-ip4, dnsbl-ip6, dnsbl-domain or static")
      ->required();
  import->add_option("files", files, "zone files")->required()->check(CLI::ExistingFile);

  std::string zone;
  std::string output = "-";
  auto* exp = app.add_subcommand("export", "write a zone as an RFC 1035 master file");
  exp->add_option("--db", db, "SQLite database path")->required()->envname("VOUCHD_DB");
  exp->add_option("--zone", zone, "zone apex")->required();
  exp->add_option("--output,-o", output, "file to write, - for standard output");

  std::string role;
  std::string label;
  auto* token = app.add_subcommand("token", "manage API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "create a token and print it once");
  token_create->add_option("--db", db, "SQLite database path")->required()->envname("VOUCHD_DB");
  token_create->add_option("--role", role, "admin, certifier, reporter or viewer")->required();
  token_create->add_option("--label", label, "who or what the token is for")->required();
  auto* token_list = token->add_subcommand("list", "list tokens (never their secrets)");
  token_list->add_option("--db", db, "SQLite database path")->required()->envname("VOUCHD_DB");
  std::int64_t token_id = 0;
  auto* token_revoke = token->add_subcommand("revoke", "revoke a token; it is refused at once");
  token_revoke->add_option("--db", db, "SQLite database path")->required()->envname("VOUCHD_DB");
  token_revoke->add_option("--id", token_id, "the token's id (see token list)")
      ->required()
      ->check(CLI::PositiveNumber);

  vouchd::cli::IngestOptions ingest_options;
  auto* ingest = app.add_subcommand(
      "ingest",
      "store feedback reports from files: maildirs, mbox files, .eml ARF messages, DMARC reports "
      "(.xml, .gz, .zip) and JSON events (.json, .jsonl); directories are walked recursively. "
      "Exit 0: all stored or duplicates; 1: some refused (the rest stored); 2: usage or I/O error");
  ingest->add_option("--db", ingest_options.db, "SQLite database path")
      ->required()
      ->envname("VOUCHD_DB");
  ingest
      ->add_option("--reporter", ingest_options.reporter,
                   "id of the reporter (or admin) token the reports come from (see token list)")
      ->required()
      ->check(CLI::PositiveNumber);
  ingest->add_flag("--received-now", ingest_options.received_now,
                   "date ARF reports without Arrival-Date now, not by their delivery (mbox From "
                   "line or file time)");
  ingest->add_option("--batch", ingest_options.batch_reports, "reports per transaction")
      ->check(CLI::Range(1u, 1000000u));
  ingest->add_option("paths", ingest_options.paths, "files and directories")->required();

  vouchd::cli::ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "answer DNS queries");
  serve->add_option("--db", serve_options.db, "SQLite database path")
      ->required()
      ->envname("VOUCHD_DB");
  serve->add_option("--dns", serve_options.dns, "ADDR:PORT to answer DNS on (UDP and TCP)")
      ->required()
      ->envname("VOUCHD_DNS");
  serve->add_option("--http", serve_options.http, "ADDR:PORT for the REST API")
      ->envname("VOUCHD_HTTP");
  auto* tls_cert = serve
                       ->add_option("--tls-cert", serve_options.tls_cert,
                                    "PEM certificate (chain) for HTTPS on --http")
                       ->check(CLI::ExistingFile)
                       ->envname("VOUCHD_TLS_CERT");
  auto* tls_key = serve->add_option("--tls-key", serve_options.tls_key, "PEM private key for HTTPS")
                      ->check(CLI::ExistingFile)
                      ->envname("VOUCHD_TLS_KEY");
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  serve
      ->add_option("--repute-rater", serve_options.repute_rater,
                   "the rater named in REPUTE reputons (default: the host each query asked for)")
      ->check(CLI::Validator(
          [](const std::string& name) {
            const bool ok = !name.empty() && name.size() <= 253 &&
                            name.find_first_not_of(
                                "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:[]") == std::string::npos;
            return ok ? std::string{} : "a host name such as rep.example.org";
          },
          "NAME"))
      ->envname("VOUCHD_REPUTE_RATER");
  serve->add_option("--threads", serve_options.threads, "DNS worker threads")
      ->check(CLI::Range(1u, 256u))
      ->envname("VOUCHD_THREADS");
  serve
      ->add_option("--max-udp-payload", serve_options.max_udp_payload,
                   "largest EDNS UDP response in bytes")
      ->check(CLI::Range(512u, 4096u));
  serve
      ->add_option("--tcp-idle-timeout-ms", serve_options.tcp_idle_ms,
                   "close idle DNS TCP connections after this long")
      ->check(CLI::Range(100u, 3600000u));
  serve
      ->add_option("--max-tcp-connections", serve_options.max_tcp_connections,
                   "concurrent DNS TCP connections")
      ->check(CLI::Range(1u, 1000000u));
  serve
      ->add_option("--expiry-interval-ms", serve_options.expiry_interval_ms,
                   "how often vouches past their expiry are withdrawn")
      ->check(CLI::Range(100u, 86400000u));
  serve
      ->add_option("--clock", serve_options.clock,
                   "the reputation clock: system, or manual (moved by PUT /api/v1/clock; replays "
                   "and tests)")
      ->check(CLI::IsMember({"system", "manual"}));
  serve->add_option("--clock-start", serve_options.clock_start,
                    "where a manual clock starts (RFC 3339 or unix seconds; default the epoch)");
  serve
      ->add_option("--sweep-interval-ms", serve_options.sweep_interval_ms,
                   "how often reputation is rescored and listings refreshed without new evidence "
                   "(new evidence is scored within a second)")
      ->check(CLI::Range(1000u, 86400000u));

  CLI11_PARSE(app, argc, argv);

  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  spdlog::logger log{"vouchd", sink};
  log.set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
  log.set_level(spdlog::level::from_str(level));

  if (*init) return vouchd::cli::run_init(db, log);
  if (*import) return vouchd::cli::run_import(db, kind, files, log);
  if (*exp) return vouchd::cli::run_export(db, zone, output, log);
  if (*token_create) return vouchd::cli::run_token_create(db, role, label, log);
  if (*token_list) return vouchd::cli::run_token_list(db);
  if (*token_revoke) return vouchd::cli::run_token_revoke(db, token_id, log);
  if (*ingest) return vouchd::cli::run_ingest(ingest_options, log);
  return vouchd::cli::run_serve(serve_options, log);
}
