// `vouchd import` rejects a bad zone file whole: it prints `FILE:LINE: message` on standard error,
// exits non-zero, and the database holds nothing of it (not even the other files of the same
// command).
#include <gtest/gtest.h>

#include <regex>

#include "integration_support.h"

namespace vouchd::integration {
namespace {

constexpr char kHead[] =
    "$ORIGIN bad.example.\n"
    "$TTL 300\n"
    "@ 3600 IN SOA ns1.bad.example. hostmaster.bad.example. 1 3600 600 604800 300\n";  // line 3

class BadZoneFile : public ::testing::Test {
 protected:
  void SetUp() override { server_.init(); }

  // Imports `text` as `kind` and checks the rejection: exit code, "PATH:LINE: " + something
  // containing `message_part`, and no zone bad.example afterwards.
  void expect_rejected(const std::string& kind, const std::string& text, std::size_t line,
                       const std::string& message_part) {
    const std::string path = write_file(server_.dir(), "bad.zone", text);
    const CommandResult r = import_files(server_.db(), kind, {path});
    EXPECT_NE(r.exit_code, 0) << r.out;
    const std::string prefix = path + ":" + std::to_string(line) + ": ";
    const auto at = r.out.find(prefix);
    ASSERT_NE(at, std::string::npos) << "expected \"" << prefix << "...\" in:\n" << r.out;
    const std::string message =
        r.out.substr(at + prefix.size(), r.out.find('\n', at) - at - prefix.size());
    EXPECT_NE(message.find(message_part), std::string::npos) << message;
    EXPECT_FALSE(has_zone(server_.db(), "bad.example")) << "nothing may be imported";
  }

  testing::VouchdServer server_;
};

TEST_F(BadZoneFile, NoSoaIsRejected) {
  const std::string path =
      write_file(server_.dir(), "bad.zone", "$ORIGIN bad.example.\n$TTL 300\nwww IN A 192.0.2.1\n");
  const CommandResult r = import_files(server_.db(), "static", {path});
  EXPECT_NE(r.exit_code, 0);
  // The problem belongs to the whole file, so the message names the file without a line.
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex{std::regex_replace(path, std::regex{R"([.^$|()\[\]{}*+?\\])"}, R"(\$&)") +
                        ": no SOA record"}))
      << r.out;
  EXPECT_FALSE(has_zone(server_.db(), "bad.example"));
}

TEST_F(BadZoneFile, SecondSoaAtAnotherOwnerIsRejectedAtItsLine) {
  expect_rejected("static",
                  std::string{kHead} +
                      "www IN A 192.0.2.1\n"
                      "sub 3600 IN SOA ns1.bad.example. hostmaster.bad.example. "
                      "2 3600 600 604800 300\n",
                  5, "SOA");
}

// The error names the line of the second SOA, not the first (valid) one.
TEST_F(BadZoneFile, SecondSoaAtTheApexIsRejectedAtItsLine) {
  expect_rejected("static",
                  std::string{kHead} +
                      "@ IN NS ns1.bad.example.\n"
                      "@ 3600 IN SOA ns1.bad.example. hostmaster.bad.example. "
                      "2 3600 600 604800 300\n",
                  5, "SOA");
}

TEST_F(BadZoneFile, BadRdataIsRejectedAtItsLine) {
  expect_rejected("static",
                  std::string{kHead} +
                      "www IN A 192.0.2.1\n"
                      "\n"
                      "; a comment\n"
                      "bad IN A 300.1.2.3\n"
                      "ok IN A 192.0.2.2\n",
                  7, "300.1.2.3");
}

TEST_F(BadZoneFile, BadRdataInListIsRejectedAtItsLine) {
  expect_rejected("dnsbl-ip4",
                  std::string{kHead} +
                      "*.2.0.192 IN A 127.0.0.2\n"
                      "5.0.2.198 IN A 127.0.0\n",
                  5, "127.0.0");
}

TEST_F(BadZoneFile, UnterminatedQuoteIsRejected) {
  expect_rejected("static", std::string{kHead} + "txt IN TXT \"no end\nwww IN A 192.0.2.1\n", 4,
                  "quote");
}

TEST_F(BadZoneFile, UnterminatedParenthesisIsRejectedAtItsStart) {
  expect_rejected("static", std::string{kHead} + "www IN A 192.0.2.1\ntxt IN TXT ( \"a\"\n \"b\"\n",
                  5, "(");
}

TEST_F(BadZoneFile, IncludeIsRejected) {
  write_file(server_.dir(), "other.zone", "www IN A 192.0.2.1\n");
  expect_rejected("static", std::string{kHead} + "$INCLUDE other.zone\n", 4, "$INCLUDE");
}

TEST_F(BadZoneFile, OwnerOutsideTheZoneIsRejected) {
  expect_rejected("static",
                  std::string{kHead} + "www IN A 192.0.2.1\nwww.other.example. IN A 192.0.2.2\n", 5,
                  "outside");
}

TEST_F(BadZoneFile, WildcardInVbrZoneIsRejected) {
  expect_rejected("vbr", std::string{kHead} + "*._vouch IN TXT \"all\"\n", 4, "*");
}

TEST_F(BadZoneFile, WildcardBelowVouchIsRejected) {
  expect_rejected("vbr",
                  std::string{kHead} +
                      "sender.example._vouch IN TXT \"all\"\n"
                      "*.sender.example._vouch IN TXT \"transaction\"\n",
                  5, "*");
}

TEST_F(BadZoneFile, WildcardWithOtherDataInVbrZoneIsRejected) {
  expect_rejected("vbr", std::string{kHead} + "*.foo IN A 192.0.2.1\n", 4, "wildcard");
}

// standards.md §2.1: domain lists have no agreed wildcard convention, and vouchd's import error
// says only address ranges may be wildcards.
TEST_F(BadZoneFile, WildcardInDomainListIsRejected) {
  expect_rejected("dnsbl-domain", std::string{kHead} + "*.example IN A 127.0.1.2\n", 4, "*");
}

TEST_F(BadZoneFile, WildcardThatIsNoAddressRangeIsRejected) {
  expect_rejected("dnsbl-ip4", std::string{kHead} + "*.spam IN A 127.0.0.2\n", 4, "wildcard");
}

// Every file of one command is checked before any is written.
TEST_F(BadZoneFile, GoodFileIsNotImportedWithABadOne) {
  const std::string good =
      write_file(server_.dir(), "good.zone",
                 "$ORIGIN good.example.\n$TTL 300\n"
                 "@ 3600 IN SOA ns1.good.example. hostmaster.good.example. 1 3600 600 604800 300\n"
                 "www IN A 192.0.2.1\n");
  const std::string bad =
      write_file(server_.dir(), "bad.zone", std::string{kHead} + "www IN A 192.0.2.300\n");
  const CommandResult r = import_files(server_.db(), "static", {good, bad});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find(bad + ":4: "), std::string::npos) << r.out;
  EXPECT_FALSE(has_zone(server_.db(), "good.example"));
  EXPECT_FALSE(has_zone(server_.db(), "bad.example"));
  // The same good file alone imports.
  EXPECT_EQ(import_files(server_.db(), "static", {good}).exit_code, 0);
  EXPECT_TRUE(has_zone(server_.db(), "good.example"));
}

// A rejected re-import leaves the zone as it was.
TEST_F(BadZoneFile, RejectedReimportKeepsThePreviousContents) {
  const std::string v1 =
      write_file(server_.dir(), "v1.zone", std::string{kHead} + "www IN A 192.0.2.1\n");
  ASSERT_EQ(import_files(server_.db(), "static", {v1}).exit_code, 0);
  const std::string before = export_zone(server_.db(), "bad.example", server_.dir().file("a"));
  const std::string v2 = write_file(server_.dir(), "v2.zone",
                                    std::string{kHead} + "www IN A 192.0.2.2\nx IN BOGUS 1\n");
  const CommandResult r = import_files(server_.db(), "static", {v2});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find(v2 + ":5: "), std::string::npos) << r.out;
  EXPECT_EQ(export_zone(server_.db(), "bad.example", server_.dir().file("b")), before);
  EXPECT_NE(before.find("192.0.2.1"), std::string::npos) << before;
}

}  // namespace
}  // namespace vouchd::integration
