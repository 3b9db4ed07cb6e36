// Imported data is served exactly as written: TXT case and several character-strings (kept as
// static records where they are not VBR syntax), per-record TTLs, several A records at one
// listing, escapes in TXT, and records of every kind of zone side by side.
#include <gtest/gtest.h>

#include "integration_support.h"

namespace vouchd::integration {
namespace {

using dnswire::RRType;
using testing::RecordsAre;
using testing::Reply;

constexpr char kCert[] = R"($ORIGIN cert.example.
$TTL 3600
@ 3600 IN SOA ns1.cert.example. hostmaster.cert.example. 1 3600 600 604800 300
sender.example._vouch  IN TXT "transaction list"
short.example._vouch   60 IN TXT "all"
upper.example._vouch   IN TXT "Transaction"
split.example._vouch   IN TXT "transaction" "list"
spaced.example._vouch  IN TXT "transaction  list"
digits.example._vouch  IN TXT "list2"
)";

constexpr char kList[] = R"($ORIGIN list.example.
$TTL 900
@ 3600 IN SOA ns1.list.example. hostmaster.list.example. 1 3600 600 604800 300
10.2.0.192   IN A   127.0.0.2
             IN A   127.0.0.4
             IN TXT "On Two Sublists"
11.2.0.192   120 IN A 127.0.0.3
             7200 IN TXT "long-lived text"
*.3.0.192    30 IN A 127.0.0.9
)";

constexpr char kDomains[] = R"($ORIGIN dl.example.
$TTL 900
@ 3600 IN SOA ns1.dl.example. hostmaster.dl.example. 1 3600 600 604800 300
Mixed.Case.example  IN A   127.0.1.2
                    IN TXT "Reason With Case" "and a second string"
)";

constexpr char kData[] = R"($ORIGIN data.example.
$TTL 3600
@ 3600 IN SOA ns1.data.example. hostmaster.data.example. 1 3600 600 604800 300
txt      IN TXT "Mixed Case Text" "second string" "quote \" backslash \\ tab\009end"
empty    IN TXT ""
ttl60    60 IN A 192.0.2.60
ttl7200  7200 IN A 192.0.2.72
MiXeD    IN A 192.0.2.99
)";

class ServedAsWritten : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::VouchdServer;
    server_->init();
    const auto& d = server_->dir();
    ASSERT_EQ(import_files(server_->db(), "vbr", {write_file(d, "cert.zone", kCert)}).exit_code, 0);
    ASSERT_EQ(
        import_files(server_->db(), "dnsbl-ip4", {write_file(d, "list.zone", kList)}).exit_code, 0);
    ASSERT_EQ(
        import_files(server_->db(), "dnsbl-domain", {write_file(d, "dl.zone", kDomains)}).exit_code,
        0);
    ASSERT_EQ(import_files(server_->db(), "static", {write_file(d, "data.zone", kData)}).exit_code,
              0);
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Reply ask(const std::string& name, RRType type) {
    return testing::parse_reply(
        testing::udp_exchange(server_->dns_port(), testing::query(name + ".", type)));
  }

  static testing::VouchdServer* server_;
};

testing::VouchdServer* ServedAsWritten::server_ = nullptr;

TEST_F(ServedAsWritten, VouchIsServedWithItsTtl) {
  const Reply r = ask("sender.example._vouch.cert.example", RRType::Txt);
  EXPECT_TRUE(RecordsAre(r.msg().answers,
                         {R"(sender.example._vouch.cert.example. 3600 IN TXT "transaction list")"}))
      << testing::describe(r);
  const Reply s = ask("short.example._vouch.cert.example", RRType::Txt);
  EXPECT_TRUE(
      RecordsAre(s.msg().answers, {R"(short.example._vouch.cert.example. 60 IN TXT "all")"}))
      << testing::describe(s);
}

// RFC 5518 §5 syntax is lower-case tokens in one string; anything else stays a static record and
// is served byte for byte.
TEST_F(ServedAsWritten, NonVbrTxtUnderVouchIsServedAsWritten) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"upper", R"("Transaction")"},
      {"split", R"("transaction" "list")"},
      {"spaced", R"("transaction  list")"},
      {"digits", R"("list2")"},
  };
  for (const auto& [label, rdata] : cases) {
    const std::string owner = label + ".example._vouch.cert.example";
    const Reply r = ask(owner, RRType::Txt);
    EXPECT_TRUE(RecordsAre(r.msg().answers, {owner + ". 3600 IN TXT " + rdata}))
        << testing::describe(r);
  }
  const Reply split = ask("split.example._vouch.cert.example", RRType::Txt);
  ASSERT_EQ(split.msg().answers.size(), 1u);
  EXPECT_EQ(dnswire::txt_strings(split.msg().answers[0].rdata),
            (std::vector<std::string>{"transaction", "list"}));
}

TEST_F(ServedAsWritten, SeveralARecordsAtOneListing) {
  const Reply r = ask("10.2.0.192.list.example", RRType::A);
  EXPECT_TRUE(RecordsAre(r.msg().answers, {"10.2.0.192.list.example. 900 IN A 127.0.0.2",
                                           "10.2.0.192.list.example. 900 IN A 127.0.0.4"}))
      << testing::describe(r);
  const Reply txt = ask("10.2.0.192.list.example", RRType::Txt);
  EXPECT_TRUE(
      RecordsAre(txt.msg().answers, {R"(10.2.0.192.list.example. 900 IN TXT "On Two Sublists")"}))
      << testing::describe(txt);
}

TEST_F(ServedAsWritten, PerRecordTtlsOfListings) {
  const Reply a = ask("11.2.0.192.list.example", RRType::A);
  EXPECT_TRUE(RecordsAre(a.msg().answers, {"11.2.0.192.list.example. 120 IN A 127.0.0.3"}))
      << testing::describe(a);
  const Reply txt = ask("11.2.0.192.list.example", RRType::Txt);
  EXPECT_TRUE(
      RecordsAre(txt.msg().answers, {R"(11.2.0.192.list.example. 7200 IN TXT "long-lived text")"}))
      << testing::describe(txt);
  const Reply range = ask("200.3.0.192.list.example", RRType::A);
  EXPECT_TRUE(RecordsAre(range.msg().answers, {"200.3.0.192.list.example. 30 IN A 127.0.0.9"}))
      << testing::describe(range);
}

TEST_F(ServedAsWritten, DomainListingKeepsTxtCaseAndStrings) {
  const Reply a = ask("mixed.case.example.dl.example", RRType::A);
  EXPECT_TRUE(RecordsAre(a.msg().answers, {"mixed.case.example.dl.example. 900 IN A 127.0.1.2"}))
      << testing::describe(a);
  const Reply txt = ask("mixed.case.example.dl.example", RRType::Txt);
  EXPECT_TRUE(RecordsAre(
      txt.msg().answers,
      {R"(mixed.case.example.dl.example. 900 IN TXT "Reason With Case" "and a second string")"}))
      << testing::describe(txt);
}

TEST_F(ServedAsWritten, StaticTxtKeepsCaseStringsAndEscapes) {
  const Reply r = ask("txt.data.example", RRType::Txt);
  ASSERT_EQ(r.msg().answers.size(), 1u) << testing::describe(r);
  EXPECT_EQ(dnswire::txt_strings(r.msg().answers[0].rdata),
            (std::vector<std::string>{"Mixed Case Text", "second string",
                                      "quote \" backslash \\ tab\tend"}));
  const Reply empty = ask("empty.data.example", RRType::Txt);
  ASSERT_EQ(empty.msg().answers.size(), 1u) << testing::describe(empty);
  EXPECT_EQ(dnswire::txt_strings(empty.msg().answers[0].rdata), (std::vector<std::string>{""}));
}

TEST_F(ServedAsWritten, StaticRecordsKeepTheirTtls) {
  const Reply a = ask("ttl60.data.example", RRType::A);
  EXPECT_TRUE(RecordsAre(a.msg().answers, {"ttl60.data.example. 60 IN A 192.0.2.60"}))
      << testing::describe(a);
  const Reply b = ask("ttl7200.data.example", RRType::A);
  EXPECT_TRUE(RecordsAre(b.msg().answers, {"ttl7200.data.example. 7200 IN A 192.0.2.72"}))
      << testing::describe(b);
  const Reply c = ask("mixed.data.example", RRType::A);
  EXPECT_TRUE(RecordsAre(c.msg().answers, {"mixed.data.example. 3600 IN A 192.0.2.99"}))
      << testing::describe(c);
}

// The same answers over TCP.
TEST_F(ServedAsWritten, TcpServesTheSameData) {
  for (const auto& [name, type] : std::vector<std::pair<std::string, RRType>>{
           {"10.2.0.192.list.example", RRType::A},
           {"txt.data.example", RRType::Txt},
           {"split.example._vouch.cert.example", RRType::Txt}}) {
    const auto q = testing::query(name + ".", type);
    EXPECT_EQ(testing::tcp_exchange(server_->dns_port(), q),
              testing::udp_exchange(server_->dns_port(), q))
        << name;
  }
}

}  // namespace
}  // namespace vouchd::integration
