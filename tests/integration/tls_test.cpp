// HTTPS for the REST API: with --tls-cert/--tls-key the API speaks TLS only (a certificate made
// by the openssl command for 127.0.0.1), a client that trusts it gets answers, a plain-HTTP
// client gets none, the REPUTE template says https; unusable key material stops `serve` with a
// clear message.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <string>

#include "http_support.h"
#include "integration_support.h"

namespace vouchd::integration {
namespace {

// A self-signed certificate for IP 127.0.0.1 written into `dir`; false if openssl failed.
bool make_certificate(const testing::TempDir& dir) {
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=vouchd-test "
      "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
      dir.file("key.pem") + "' -out '" + dir.file("cert.pem") + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

TEST(HttpTls, ApiAnswersOverHttpsOnly) {
  testing::VouchdServer server;
  server.init();
  ASSERT_TRUE(make_certificate(server.dir())) << "openssl req failed";
  const std::string admin = make_token(server.db(), "admin");
  server.start({"--http", "127.0.0.1:0", "--tls-cert", server.dir().file("cert.pem"), "--tls-key",
                server.dir().file("key.pem")});
  ASSERT_NE(server.http_port(), 0) << "no \"listening https\" line";

  httplib::SSLClient tls("127.0.0.1", server.http_port());
  tls.set_ca_cert_path(server.dir().file("cert.pem").c_str());
  tls.enable_server_certificate_verification(true);
  tls.set_connection_timeout(std::chrono::seconds(10));
  const auto health = tls.Get("/healthz");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  const auto tokens = tls.Get("/api/v1/tokens", {{"Authorization", "Bearer " + admin}});
  ASSERT_TRUE(tokens);
  EXPECT_EQ(tokens->status, 200) << tokens->body;
  // RFC 7072 §3: the REPUTE template names the scheme the server speaks.
  const auto repute = tls.Get("/.well-known/repute-template");
  ASSERT_TRUE(repute);
  EXPECT_EQ(repute->body, "https://127.0.0.1:" + std::to_string(server.http_port()) +
                              "/repute/{application}/{subject}/{assertion}");

  const HttpReply plain = http(server.http_port(), "GET", "/healthz", "");
  EXPECT_NE(plain.status, 200) << "plain HTTP must not be answered on the TLS port" << plain;
}

TEST(HttpTls, UnusableKeyMaterialStopsServe) {
  testing::VouchdServer server;
  server.init();
  const std::string junk = write_file(server.dir(), "junk.pem", "not a certificate\n");
  const CommandResult r =
      run_vouchd({"serve", "--db", server.db(), "--dns", "127.0.0.1:0", "--http", "127.0.0.1:0",
                  "--tls-cert", junk, "--tls-key", junk});
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("TLS"), std::string::npos) << r.out;
  const CommandResult half = run_vouchd({"serve", "--db", server.db(), "--dns", "127.0.0.1:0",
                                         "--http", "127.0.0.1:0", "--tls-cert", junk});
  EXPECT_NE(half.exit_code, 0) << half.out;
  EXPECT_NE(half.out.find("--tls-key"), std::string::npos) << half.out;
}

}  // namespace
}  // namespace vouchd::integration
