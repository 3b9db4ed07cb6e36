// `vouchd token list` and `vouchd token revoke` against a database a running server uses: the
// table shows every token without its secret, and a token revoked from the command line is
// refused by the API at once (401), with the revocation in the audit log.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

std::vector<std::vector<std::string>> table_rows(const std::string& out) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines{out};
  for (std::string line; std::getline(lines, line);)
    rows.push_back(testing::tokens_of(line));
  return rows;
}

// The row whose first cell is `id`, or an empty row.
std::vector<std::string> row_of(const std::string& out, const std::string& id) {
  for (auto& row : table_rows(out)) {
    if (!row.empty() && row[0] == id) return row;
  }
  return {};
}

std::string token_id(const std::string& db, const std::string& label) {
  for (const auto& row : table_rows(run_vouchd({"token", "list", "--db", db}).out)) {
    if (row.size() == 6 && row[2] == label) return row[0];
  }
  return "";
}

TEST(TokenCommand, ListShowsEveryTokenWithoutItsSecret) {
  testing::VouchdServer db;
  db.init();
  const std::string admin = make_token(db.db(), "admin");
  const std::string viewer = make_token(db.db(), "viewer");
  const CommandResult r = run_vouchd({"token", "list", "--db", db.db()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find(admin), std::string::npos) << "the list shows a secret";
  const auto rows = table_rows(r.out);
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"ID", "ROLE", "LABEL", "CREATED", "EXPIRES", "REVOKED"}))
      << r.out;
  const std::regex rfc3339{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"};
  EXPECT_EQ(rows[1][1], "admin") << r.out;
  EXPECT_EQ(rows[1][2], "test-admin") << r.out;
  EXPECT_TRUE(std::regex_match(rows[1][3], rfc3339)) << r.out;
  EXPECT_EQ(rows[1][4], "-") << r.out;
  EXPECT_EQ(rows[1][5], "-") << r.out;
  EXPECT_EQ(rows[2][1], "viewer") << r.out;
  EXPECT_EQ(rows[2][2], "test-viewer") << r.out;
  EXPECT_NE(rows[1][0], rows[2][0]) << r.out;
  // Columns line up: every CREATED cell starts where its heading does.
  std::istringstream lines{r.out};
  std::vector<std::string> text;
  for (std::string line; std::getline(lines, line);)
    text.push_back(line);
  const std::size_t column = text[0].find("CREATED");
  EXPECT_EQ(text[1].find(rows[1][3]), column) << r.out;
  EXPECT_EQ(text[2].find(rows[2][3]), column) << r.out;
}

TEST(TokenCommand, RevokedTokenIsRefusedByTheRunningServerAtOnce) {
  testing::VouchdServer server;
  server.init();
  const std::string admin = make_token(server.db(), "admin");
  const std::string viewer = make_token(server.db(), "viewer");
  server.start({"--http", "127.0.0.1:0"});
  ASSERT_NE(server.http_port(), 0);
  ASSERT_EQ(http(server.http_port(), "GET", "/api/v1/zones", viewer).status, 200);

  const std::string id = token_id(server.db(), "test-viewer");
  ASSERT_FALSE(id.empty());
  const CommandResult revoked = run_vouchd({"token", "revoke", "--db", server.db(), "--id", id});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.out;
  EXPECT_TRUE(
      IsError(http(server.http_port(), "GET", "/api/v1/zones", viewer), 401, "unauthorized"));
  EXPECT_EQ(http(server.http_port(), "GET", "/api/v1/zones", admin).status, 200);

  const auto row = row_of(run_vouchd({"token", "list", "--db", server.db()}).out, id);
  ASSERT_EQ(row.size(), 6u);
  EXPECT_NE(row[5], "-") << "the list does not show the revocation";

  const CommandResult again = run_vouchd({"token", "revoke", "--db", server.db(), "--id", id});
  EXPECT_NE(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("already revoked"), std::string::npos) << again.out;
  const CommandResult unknown =
      run_vouchd({"token", "revoke", "--db", server.db(), "--id", "987654"});
  EXPECT_NE(unknown.exit_code, 0) << unknown.out;
  EXPECT_NE(unknown.out.find("no such token"), std::string::npos) << unknown.out;
  for (const char* bad : {"0", "-1", "abc"}) {
    EXPECT_NE(run_vouchd({"token", "revoke", "--db", server.db(), "--id", bad}).exit_code, 0)
        << bad;
  }

  const HttpReply audit =
      http(server.http_port(), "GET", "/api/v1/audit?action=token.revoke", admin);
  ASSERT_EQ(audit.status, 200) << audit;
  ASSERT_EQ(audit.j()["items"].size(), 1u) << audit;
  EXPECT_EQ(audit.j()["items"][0]["actor"], "cli") << audit;
  EXPECT_EQ(audit.j()["items"][0]["object"], "token/" + id) << audit;
}

}  // namespace
}  // namespace vouchd::integration
