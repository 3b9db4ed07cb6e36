// Expiry: a vouch or listing whose `expires` time passes is withdrawn from DNS by the running
// server (journaled and audited like a delete), and one that expired while vouchd was down is
// never served after a restart. Waiting here is for wall-clock time to pass, bounded by a deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

using dnswire::RRType;

constexpr char kZone[] = R"($ORIGIN exp.example.
@   3600 IN SOA ns1.exp.example. hostmaster.exp.example. 1 3600 600 604800 300
@        IN NS  ns1.exp.example.
ns1      IN A   192.0.2.53
)";

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string served(const testing::VouchdServer& server, const std::string& domain) {
  const auto r = testing::parse_reply(testing::udp_exchange(
      server.dns_port(), testing::query(domain + "._vouch.exp.example.", RRType::Txt)));
  if (!r.ok()) return "(no reply)";
  if (r.rcode() == static_cast<std::uint16_t>(dnswire::RCode::NxDomain)) return "NXDOMAIN";
  return r.msg().answers.size() == 1 ? "served" : testing::describe(r);
}

HttpReply put(const testing::VouchdServer& server, const std::string& token,
              const std::string& domain, std::int64_t expires) {
  const json body = {{"categories", {"all"}}, {"expires", expires}};
  return http(server.http_port(), "PUT", "/api/v1/zones/exp.example/vouches/" + domain, token,
              body.dump());
}

// Polls DNS until `domain` is NXDOMAIN or `deadline` passes; true if it went.
bool withdrawn_within(const testing::VouchdServer& server, const std::string& domain,
                      std::chrono::seconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (served(server, domain) == "NXDOMAIN") return true;
    poll(nullptr, 0, 50);  // the event is a clock reaching a time: nothing to wait on but time
  }
  return false;
}

TEST(Expiry, RunningServerWithdrawsExpiredVouches) {
  testing::VouchdServer server;
  server.init();
  server.import_zone("vbr", kZone);
  const std::string token = make_token(server.db(), "certifier");
  server.start({"--http", "127.0.0.1:0", "--expiry-interval-ms", "200"});
  const std::int64_t now = unix_now();
  ASSERT_EQ(put(server, token, "soon.example", now + 1).status, 201);
  ASSERT_EQ(put(server, token, "later.example", now + 3600).status, 201);
  const HttpReply got =
      http(server.http_port(), "GET", "/api/v1/zones/exp.example/vouches/soon.example", token);
  EXPECT_EQ(got.j()["expires"], now + 1) << got;
  EXPECT_TRUE(withdrawn_within(server, "soon.example", std::chrono::seconds(15)));
  EXPECT_EQ(served(server, "later.example"), "served");
  EXPECT_EQ(http(server.http_port(), "GET", "/api/v1/zones/exp.example/vouches/soon.example", token)
                .status,
            404);
}

TEST(Expiry, ListingsExpireToo) {
  testing::VouchdServer server;
  server.init();
  server.import_zone("dnsbl-ip4", R"($ORIGIN bl.example.
@   3600 IN SOA ns1.bl.example. hostmaster.bl.example. 1 3600 600 604800 300
@        IN NS  ns1.bl.example.
)");
  const std::string token = make_token(server.db(), "certifier");
  server.start({"--http", "127.0.0.1:0", "--expiry-interval-ms", "200"});
  const json body = {{"codes", {"127.0.0.2"}}, {"expires", unix_now() + 2}};
  const HttpReply r = http(server.http_port(), "PUT", "/api/v1/zones/bl.example/listings/192.0.2.9",
                           token, body.dump());
  ASSERT_EQ(r.status, 201) << r;
  const auto ask = [&] {
    return testing::parse_reply(testing::udp_exchange(
        server.dns_port(), testing::query("9.2.0.192.bl.example.", RRType::A)));
  };
  EXPECT_EQ(ask().rcode(), 0) << "listed until it expires";
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  bool gone = false;
  while (!gone && std::chrono::steady_clock::now() < until) {
    gone = ask().rcode() == static_cast<std::uint16_t>(dnswire::RCode::NxDomain);
    if (!gone) poll(nullptr, 0, 50);  // waiting for the clock to pass the expiry
  }
  EXPECT_TRUE(gone) << "the listing was not withdrawn after its expiry";
}

TEST(Expiry, VouchExpiredWhileDownIsNeverServedAgain) {
  testing::VouchdServer server;
  server.init();
  server.import_zone("vbr", kZone);
  const std::string token = make_token(server.db(), "certifier");
  // A sweep interval of a day: only the start-up sweep can withdraw it.
  server.start({"--http", "127.0.0.1:0", "--expiry-interval-ms", "86400000"});
  const std::int64_t expires = unix_now() + 1;
  ASSERT_EQ(put(server, token, "gone.example", expires).status, 201);
  EXPECT_EQ(served(server, "gone.example"), "served");
  server.stop();
  while (unix_now() <= expires)
    poll(nullptr, 0, 50);  // until the expiry time has passed
  server.start({"--http", "127.0.0.1:0", "--expiry-interval-ms", "86400000"});
  EXPECT_EQ(served(server, "gone.example"), "NXDOMAIN");
}

}  // namespace
}  // namespace vouchd::integration
