// `vouchd token create|list|revoke`: a bootstrap bearer token, printed once (only its hash is
// stored); the tokens as a table, never their secrets; revocation, refused by the API at once.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

#include "commands.h"
#include "vouchd/api/http_api.h"
#include "vouchd/store/store.h"

namespace vouchd::cli {
namespace {

std::chrono::sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string optional_time(const std::optional<std::int64_t>& t) {
  return t ? api::time_text(*t) : "-";
}

// A label as one table cell: control characters would break the row.
std::string cell(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text.empty() ? "-" : text;
}

// Prints `rows` (the first is the heading) as left-aligned columns two spaces apart.
void print_table(const std::vector<std::array<std::string, 6>>& rows) {
  std::array<std::size_t, 6> width{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(width[i] - row[i].size() + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  }
}

}  // namespace

int run_token_create(const std::string& db, const std::string& role_text, const std::string& label,
                     spdlog::logger& log) {
  const auto role = store::role_from_text(role_text);
  if (!role) {
    std::fprintf(stderr, "vouchd: --role %s: expected admin, certifier, reporter or viewer\n",
                 role_text.c_str());
    return 2;
  }
  auto opened = store::Store::open(db, false);
  if (!opened) {
    std::fprintf(stderr, "vouchd: %s: %s\n", db.c_str(), opened.error().message.c_str());
    return 1;
  }
  const api::NewToken token = api::make_token();
  const auto id =
      (*opened)->create_token(token.hash, *role, label, std::nullopt, store::Actor{"cli"}, now());
  if (!id) {
    std::fprintf(stderr, "vouchd: %s\n", id.error().message.c_str());
    return 1;
  }
  std::printf("%s\n", token.text.c_str());
  log.info("token_created id={} role={} label={}", *id, role_text, label);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

int run_token_list(const std::string& db) {
  auto opened = store::Store::open(db, false);
  if (!opened) {
    std::fprintf(stderr, "vouchd: %s: %s\n", db.c_str(), opened.error().message.c_str());
    return 1;
  }
  const auto tokens = (*opened)->list_tokens();
  if (!tokens) {
    std::fprintf(stderr, "vouchd: %s\n", tokens.error().message.c_str());
    return 1;
  }
  std::vector<std::array<std::string, 6>> rows{
      {"ID", "ROLE", "LABEL", "CREATED", "EXPIRES", "REVOKED"}};
  for (const store::Token& t : *tokens) {
    rows.push_back({std::to_string(t.id), std::string{store::role_to_text(t.role)}, cell(t.label),
                    api::time_text(t.created), optional_time(t.expires), optional_time(t.revoked)});
  }
  print_table(rows);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

int run_token_revoke(const std::string& db, std::int64_t id, spdlog::logger& log) {
  auto opened = store::Store::open(db, false);
  if (!opened) {
    std::fprintf(stderr, "vouchd: %s: %s\n", db.c_str(), opened.error().message.c_str());
    return 1;
  }
  const auto revoked = (*opened)->revoke_token(id, store::Actor{"cli"}, now());
  if (!revoked) {
    switch (revoked.error().code) {
      case store::StoreError::Code::NotFound:
        std::fprintf(stderr, "vouchd: --id %lld: no such token (see vouchd token list)\n",
                     static_cast<long long>(id));
        return 1;
      case store::StoreError::Code::Conflict:
        std::fprintf(stderr, "vouchd: --id %lld: the token is already revoked\n",
                     static_cast<long long>(id));
        return 1;
      default:
        std::fprintf(stderr, "vouchd: %s\n", revoked.error().message.c_str());
        return 1;
    }
  }
  std::printf("token %lld revoked\n", static_cast<long long>(id));
  log.info("token_revoked id={}", id);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace vouchd::cli
