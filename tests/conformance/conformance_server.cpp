// The shared conformance server: zone texts (standards.md §7) and the query helpers.
#include "conformance_server.h"

#include <fstream>
#include <memory>
#include <stdexcept>

namespace vouchd::conformance {
namespace {

// standards.md §7: every zone's SOA is `<zone> 3600 IN SOA ns1.<zone> hostmaster.<zone> <serial>
// 3600 600 604800 300`, so negative answers carry TTL 300.

// §7.1: the certifier. `example.com` is the name of the §7.1 wire vector.
constexpr char kVouchZone[] = R"(; standards.md §7.1 (RFC 5518 §5)
$ORIGIN vouch.example.
$TTL 3600
@        3600 IN SOA ns1.vouch.example. hostmaster.vouch.example. 2024010101 3600 600 604800 300
@             IN NS  ns1.vouch.example.
ns1           IN A   192.0.2.53
sender.example._vouch  IN TXT "transaction list"
bank.example._vouch    IN TXT "all"
mixed.example._vouch   IN TXT "transaction"
example.com._vouch     IN TXT "transaction list"
)";

// §7.2: an IPv4 + IPv6 block list. 192.0.2.0/24 as a wildcard (RFC 5782 §6 zone-file ranges),
// single addresses with per-value codes (127.0.0.5; 127.0.0.6 = sublists 2 and 4, B11), one IPv6
// address in 32 nibbles (B8) and one /64 (2001:db8:ffff::/64) with code 127.0.0.4.
constexpr char kBlZone[] = R"(; standards.md §7.2 (RFC 5782 §2.1, §2.4)
$ORIGIN bl.example.
$TTL 900
@        3600 IN SOA ns1.bl.example. hostmaster.bl.example. 2024010101 3600 600 604800 300
@             IN NS  ns1.bl.example.
ns1           IN A   198.51.100.53
*.2.0.192     IN A   127.0.0.2
              IN TXT "192.0.2.0/24 sends spam"
25.113.0.203  IN A   127.0.0.5
              IN TXT "phishing source"
7.113.0.203   IN A   127.0.0.6
              IN TXT "listed on sublists 2 and 4"
b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2  IN A   127.0.0.2
                                                                 IN TXT "2001:db8:1:2:3:4:567:89ab sends spam"
*.0.0.0.0.f.f.f.f.8.b.d.0.1.0.0.2  IN A   127.0.0.4
                                   IN TXT "2001:db8:ffff::/64 sends spam"
)";

// §7.2 B16: a dnswl.org-style allow list, 127.0.<category>.<trust>. Its 127.0.0.2 test entry is
// written out so that it carries a real category (imported entries win over generated ones).
constexpr char kWlZone[] = R"(; standards.md §7.2 (dnswl.org style)
$ORIGIN wl.example.
$TTL 3600
@        3600 IN SOA ns1.wl.example. hostmaster.wl.example. 2024010101 3600 600 604800 300
@             IN NS  ns1.wl.example.
2.0.0.127     IN A   127.0.3.2
              IN TXT "test entry: ESP, high trust"
25.2.0.192    IN A   127.0.3.2
              IN TXT "ESP, high trust"
10.2.0.192    IN A   127.0.15.0
              IN TXT "email marketing, trust none"
)";

// §7.2 B13–B15: a domain list. vouchd adds TEST; INVALID stays unlisted.
constexpr char kDblZone[] = R"(; standards.md §7.2 (RFC 5782 §2.3)
$ORIGIN dbl.example.
$TTL 900
@        3600 IN SOA ns1.dbl.example. hostmaster.dbl.example. 2024010101 3600 600 604800 300
@             IN NS  ns1.dbl.example.
sender.example  IN A   127.0.1.2
                IN TXT "spam source"
phish.example   IN A   127.0.1.3
                IN TXT "phishing"
)";

// §7.4: a zone holding only 99.2.0.192 (plus the test points vouchd adds under 127).
constexpr char kEntZone[] = R"(; standards.md §7.4
$ORIGIN ent.example.
$TTL 900
@        3600 IN SOA ns1.ent.example. hostmaster.ent.example. 2024010101 3600 600 604800 300
99.2.0.192    IN A   127.0.0.2
)";

// §7.4: SOA TTL 120 below MINIMUM 300, so negative answers carry TTL 120.
constexpr char kNeg120Zone[] = R"(; standards.md §7.4
$ORIGIN neg120.example.
@        120 IN SOA ns1.neg120.example. hostmaster.neg120.example. 2024010101 3600 600 604800 300
www      120 IN A   192.0.2.80
)";

// An IPv6-only list (dnsbl-ip6): 2001:db8::/64 and one address.
constexpr char kBl6Zone[] = R"(; RFC 5782 §2.4
$ORIGIN bl6.example.
$TTL 900
@        3600 IN SOA ns1.bl6.example. hostmaster.bl6.example. 2024010101 3600 600 604800 300
*.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2  IN A   127.0.0.2
                                   IN TXT "2001:db8::/64 sends spam"
b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2  IN A   127.0.0.3
                                                                 IN TXT "one address"
)";

// Names with octets around the ASCII letters (RFC 4343 §3) and RRsets of chosen sizes: `mid` (~260-byte response) fits 512, `wide` (~900) fits 1232 but not
// 512, `big` (~1.8 KB) fits only TCP.
std::string static_zone() {
  std::string z = R"(; static records
$ORIGIN static.example.
$TTL 3600
@        3600 IN SOA ns1.static.example. hostmaster.static.example. 2024010101 3600 600 604800 300
@             IN NS  ns1.static.example.
ns1           IN A   192.0.2.53
multi         IN A   192.0.2.1
multi         IN A   192.0.2.2
multi         IN A   192.0.2.3
\201t\201     IN A   192.0.2.9
@t@           IN A   192.0.2.10
[t[           IN A   192.0.2.11
)";
  const auto txt = [&z](const std::string& owner, char fill, int count) {
    for (int i = 0; i < count; ++i) {
      z += owner + " IN TXT \"" + std::to_string(i) + std::string(199, fill) + "\"\n";
    }
  };
  txt("mid", 'm', 1);
  txt("wide", 'w', 4);
  txt("big", 'b', 8);
  return z;
}

std::string write_file(const testing::VouchdServer& s, const std::string& name,
                       const std::string& text) {
  const std::string path = s.dir().file(name);
  std::ofstream(path) << text;
  return path;
}

void import(const testing::VouchdServer& s, const std::string& kind,
            const std::vector<std::string>& files) {
  std::vector<std::string> args = {"import", "--db", s.db(), "--kind", kind};
  args.insert(args.end(), files.begin(), files.end());
  const testing::CommandResult r = testing::run_vouchd(args);
  if (r.exit_code != 0) throw std::runtime_error("vouchd import failed: " + r.out);
}

class Shared {
 public:
  static Shared& get() {
    static Shared instance;
    if (!instance.error_.empty()) throw std::runtime_error(instance.error_);
    return instance;
  }
  testing::VouchdServer& server() { return server_; }

 private:
  Shared() {
    try {
      server_.init();
      import(server_, "vbr", {write_file(server_, "vouch.example.zone", kVouchZone)});
      import(server_, "dnsbl-ip4",
             {write_file(server_, "bl.example.zone", kBlZone),
              write_file(server_, "wl.example.zone", kWlZone),
              write_file(server_, "ent.example.zone", kEntZone)});
      import(server_, "dnsbl-ip6", {write_file(server_, "bl6.example.zone", kBl6Zone)});
      import(server_, "dnsbl-domain", {write_file(server_, "dbl.example.zone", kDblZone)});
      import(server_, "static",
             {write_file(server_, "neg120.example.zone", kNeg120Zone),
              write_file(server_, "static.example.zone", static_zone())});
      server_.start();
    } catch (const std::exception& e) {
      error_ = std::string{"conformance server did not start: "} + e.what();
    }
  }
  testing::VouchdServer server_;
  std::string error_;
};

}  // namespace

std::uint16_t port() { return Shared::get().server().dns_port(); }

std::string server_stderr() { return Shared::get().server().stderr_text(); }

Reply ask_raw(const Bytes& query, bool tcp, int timeout_ms) {
  if (tcp) {
    testing::TcpConnection c{port()};
    c.send_query(query);
    return testing::parse_reply(c.read_message(timeout_ms));
  }
  return testing::parse_reply(testing::udp_exchange(port(), query, timeout_ms));
}

Reply ask(std::string_view qname, RRType type, const Ask& how) {
  std::string name{qname};
  if (name.empty() || name.back() != '.') name.push_back('.');
  std::optional<dnswire::Edns> edns;
  if (how.edns) {
    edns = dnswire::Edns{.udp_size = how.payload, .flags = how.edns_flags, .options = how.options};
  }
  const auto parsed = dnswire::Name::from_text(name);
  if (!parsed) throw std::invalid_argument("bad query name " + name);
  const Bytes q = dnswire::make_query(how.id, *parsed, type, how.flags, edns, how.qclass);
  return ask_raw(q, how.tcp);
}

std::string negative_soa(std::string_view apex, std::uint32_t ttl) {
  std::string lower{apex};
  for (char& c : lower) c = static_cast<char>(dnswire::ascii_lower_char(static_cast<unsigned char>(c)));
  return std::string{apex} + ". " + std::to_string(ttl) + " IN SOA ns1." + lower + ". hostmaster." +
         lower + ". * 3600 600 604800 300";
}

}  // namespace vouchd::conformance
