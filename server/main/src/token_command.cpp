// `vouchd token create`: a bootstrap bearer token, printed once (only its hash is stored).
#include <chrono>
#include <cstdio>

#include "commands.h"
#include "vouchd/api/http_api.h"
#include "vouchd/store/store.h"

namespace vouchd::cli {

int run_token_create(const std::string& db, const std::string& role_text,
                     const std::string& label, spdlog::logger& log) {
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
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::now());
  const auto id = (*opened)->create_token(token.hash, *role, label, std::nullopt,
                                          store::Actor{"cli"}, now);
  if (!id) {
    std::fprintf(stderr, "vouchd: %s\n", id.error().message.c_str());
    return 1;
  }
  std::printf("%s\n", token.text.c_str());
  log.info("token_created id={} role={} label={}", *id, role_text, label);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace vouchd::cli
