// What the HTTP integration tests share: tokens made with `vouchd token create`, one request over
// httplib or a raw socket with the reply parsed as JSON, and the one error shape of the API.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "integration_support.h"

namespace vouchd::integration {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Tokens

// `vouchd token create --db DB --role ROLE --label LABEL`, standard output only.
inline testing::CommandResult token_create(const std::string& db, const std::string& role,
                                           const std::string& label) {
  return testing::run_shell("'" + testing::vouchd_binary() + "' token create --db '" + db +
                            "' --role '" + role + "' --label '" + label + "' 2>/dev/null");
}

inline bool is_token(const std::string& t) {
  return t.size() == 64 && std::all_of(t.begin(), t.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A token for `role`, or "" (and a test failure) if the command did not print one.
inline std::string make_token(const std::string& db, const std::string& role) {
  const testing::CommandResult r = token_create(db, role, "test-" + role);
  std::string t = r.out;
  if (!t.empty() && t.back() == '\n') t.pop_back();
  EXPECT_EQ(r.exit_code, 0) << "token create --role " << role << ": " << r.out;
  EXPECT_TRUE(is_token(t)) << "token create --role " << role << " printed: [" << r.out << "]";
  return is_token(t) ? t : std::string{};
}

// ---------------------------------------------------------------------------------------------
// HTTP

struct HttpReply {
  int status = 0;  // 0: no response (the error is in `body`)
  std::string content_type;
  std::string body;
  std::optional<json> doc;  // the body parsed as JSON, if it is JSON
  std::string request;      // "METHOD PATH BODY" for failure messages

  const json& j() const {
    static const json kNull;
    return doc ? *doc : kNull;
  }
};

inline std::ostream& operator<<(std::ostream& os, const HttpReply& r) {
  std::string body = r.body.size() > 600 ? r.body.substr(0, 600) + "..." : r.body;
  return os << "\n  request: " << r.request << "\n  response: " << r.status << " ["
            << r.content_type << "] " << body;
}

inline void parse_body(HttpReply& r) {
  json parsed = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) r.doc = std::move(parsed);
}

inline HttpReply http(std::uint16_t port, const std::string& method, const std::string& path,
                      const std::string& token,
                      const std::optional<std::string>& body = std::nullopt,
                      const std::string& type = "application/json") {
  httplib::Client cli("127.0.0.1", port);
  cli.set_url_encode(false);
  cli.set_connection_timeout(std::chrono::seconds(10));
  cli.set_read_timeout(std::chrono::seconds(30));
  cli.set_write_timeout(std::chrono::seconds(30));
  httplib::Request req;
  req.method = method;
  req.path = path;
  if (!token.empty()) req.headers.emplace("Authorization", "Bearer " + token);
  if (body) {
    req.body = *body;
    req.headers.emplace("Content-Type", type);
  }
  HttpReply r;
  r.request =
      method + " " + path +
      (body ? " (" + type + ", " + std::to_string(body->size()) + " bytes) " + body->substr(0, 300)
            : std::string{});
  const httplib::Result res = cli.send(req);
  if (!res) {
    r.body = "(no response: " + httplib::to_string(res.error()) + ")";
    return r;
  }
  r.status = res->status;
  r.content_type = res->get_header_value("Content-Type");
  r.body = res->body;
  parse_body(r);
  return r;
}

// One request over a plain socket, for bodies a library client may refuse to finish sending: the
// body is written only while the server has not answered yet; then the reply is read to EOF.
inline HttpReply raw_http(std::uint16_t port, const std::string& head, const std::string& body) {
  HttpReply r;
  r.request = head.substr(0, head.find('\r')) + " (" + std::to_string(body.size()) + " byte body)";
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in to = testing::loopback(port);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    close(fd);
    r.body = "(connect failed)";
    return r;
  }
  const std::string all = head + body;
  std::size_t sent = 0;
  std::string in;
  bool eof = false;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!eof && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (sent < all.size()) p.events |= POLLOUT;
    if (poll(&p, 1, 1000) <= 0) continue;
    if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char buf[65536];
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        eof = true;
      } else {
        in.append(buf, static_cast<std::size_t>(n));
        sent = all.size();  // the server has answered: stop sending
      }
      continue;
    }
    if ((p.revents & POLLOUT) != 0) {
      const ssize_t n = ::send(fd, all.data() + sent, all.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        sent = all.size();
      } else {
        sent += static_cast<std::size_t>(n);
      }
    }
  }
  close(fd);
  // Status line, headers, body (the request asked for Connection: close).
  const std::size_t end = in.find("\r\n\r\n");
  if (in.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) {
    r.body = "(no parsable response: " + in.substr(0, 200) + ")";
    return r;
  }
  r.status = std::stoi(in.substr(9, 3));
  std::istringstream headers(in.substr(0, end));
  std::string line;
  std::optional<std::size_t> length;
  while (std::getline(headers, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (name == "content-type") r.content_type = value;
    if (name == "content-length") length = std::stoul(value);
  }
  r.body = in.substr(end + 4);
  if (length && r.body.size() > *length) r.body.resize(*length);
  parse_body(r);
  return r;
}

// The error body of the spec: {"error":{"code":C,"field":F,"message":M}}, application/json.
inline ::testing::AssertionResult IsError(const HttpReply& r, int status, const std::string& code,
                                          const std::optional<std::string>& field = std::nullopt) {
  auto fail = [&](const std::string& why) { return ::testing::AssertionFailure() << why << r; };
  if (r.status != status)
    return fail("status " + std::to_string(r.status) + ", expected " + std::to_string(status));
  if (r.content_type.rfind("application/json", 0) != 0) return fail("Content-Type is not JSON");
  if (!r.doc) return fail("body is not JSON");
  const json& d = *r.doc;
  if (!d.is_object() || d.size() != 1 || !d.contains("error")) {
    return fail("body is not {\"error\":{...}}");
  }
  const json& e = d["error"];
  if (!e.is_object() || e.size() != 3) return fail("error is not an object of three members");
  for (const char* k : {"code", "field", "message"}) {
    if (!e.contains(k) || !e[k].is_string())
      return fail(std::string{"error."} + k + " is not a string");
  }
  if (e["code"] != code) return fail("code is not " + code);
  if (field && e["field"] != *field) return fail("field is not \"" + *field + "\"");
  return ::testing::AssertionSuccess();
}

// RFC 1982: a is later than b.
inline bool serial_after(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) > 0;
}

// One `vouchd serve --http` shared by a test suite, with a token of every role. A suite derives
// from it and calls start_suite() from its own SetUpTestSuite with the zones it needs.
class ApiSuite : public ::testing::Test {
 protected:
  struct ZoneFile {
    std::string kind;
    std::string text;
  };

  static void start_suite(const std::vector<ZoneFile>& zones = {},
                          const std::vector<std::string>& extra = {}) {
    server_ = new testing::VouchdServer;
    server_->init();
    for (const ZoneFile& z : zones)
      server_->import_zone(z.kind, z.text);
    admin_ = make_token(server_->db(), "admin");  // labels "test-<role>"
    certifier_ = make_token(server_->db(), "certifier");
    reporter_ = make_token(server_->db(), "reporter");
    viewer_ = make_token(server_->db(), "viewer");
    std::vector<std::string> args = {"--http", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    server_->start(args);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(server_->http_port(), 0) << "no \"vouchd: listening http\" line";
    ASSERT_NE(server_->dns_port(), 0);
    ASSERT_FALSE(admin_.empty());
  }

  static std::uint16_t port() { return server_->http_port(); }

  inline static testing::VouchdServer* server_ = nullptr;
  inline static std::string admin_, certifier_, reporter_, viewer_;
};

}  // namespace vouchd::integration
