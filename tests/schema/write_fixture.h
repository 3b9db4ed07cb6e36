// A fresh store per test with helpers for the typed write API (vouches, listings, tokens, zones).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/temp_dir.h"
#include "vouchd/store/store.h"

namespace vouchd::store {

using std::chrono::seconds;
using std::chrono::sys_seconds;

inline constexpr sys_seconds kT0{seconds{1767225600}};  // 2026-01-01T00:00:00Z

inline dnswire::Name dns_name(std::string_view text) {
  std::optional<dnswire::Name> n = dnswire::Name::from_text(text);
  EXPECT_TRUE(n.has_value()) << text;
  return n.value_or(dnswire::Name{});
}

inline dnswire::IpPrefix ip(std::string_view text) {
  std::optional<dnswire::IpPrefix> p = dnswire::IpPrefix::parse(text);
  EXPECT_TRUE(p.has_value()) << text;
  return p.value_or(dnswire::IpPrefix{});
}

// TXT rdata of one character-string.
inline std::vector<std::uint8_t> txt(std::string_view text) {
  std::vector<std::uint8_t> rdata{static_cast<std::uint8_t>(text.size())};
  rdata.insert(rdata.end(), text.begin(), text.end());
  return rdata;
}

inline VouchRecord vouch(std::string domain, std::string categories = "all",
                         std::uint32_t ttl = 3600) {
  VouchRecord v;
  v.domain = std::move(domain);
  v.categories = std::move(categories);
  v.ttl = ttl;
  return v;
}

inline Answer a_answer(std::uint8_t last, std::string_view text = {}) {
  Answer answer{AnswerRR{1, 300, {127, 0, 0, last}}};
  if (!text.empty()) answer.push_back(AnswerRR{16, 300, txt(text)});
  return answer;
}

inline AuditFilter action_filter(std::string action) {
  AuditFilter f;
  f.action = std::move(action);
  return f;
}

template <typename T>
T ok(Expected<T, StoreError> result) {
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  if (!result) return T{};
  return std::move(*result);
}

template <typename T>
StoreError::Code code_of(const Expected<T, StoreError>& result) {
  EXPECT_FALSE(result.has_value());
  return result ? StoreError::Code::Io : result.error().code;
}

class WriteApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open();
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<Store> open() {
    auto store = Store::open(path_, true);
    EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  }

  // A new zone with one NS record, created at kT0 (so its serial is kT0 unless `serial` is later).
  Zone make_zone(ZoneKind kind, std::string_view apex, std::uint32_t serial = 1) {
    Zone z;
    z.apex = dns_name(apex);
    z.kind = kind;
    z.soa.mname = dns_name("ns1." + std::string{apex});
    z.soa.rname = dns_name("hostmaster." + std::string{apex});
    z.soa.serial = serial;
    const dnswire::Name ns = dns_name("ns1." + std::string{apex});
    const std::vector<StaticRecord> records{
        {z.apex, 2, 3600, {ns.wire().begin(), ns.wire().end()}}};
    return ok(store_->create_zone(z, records, admin_, kT0));
  }

  std::uint32_t serial_of(std::int64_t zone_id) { return ok(store_->zone_by_id(zone_id)).soa.serial; }

  std::vector<Change> journal(std::int64_t zone_id) { return ok(store_->changes(zone_id)); }

  testing::TempDir dir_;
  std::string path_ = dir_.file("vouchd.db");
  std::unique_ptr<Store> store_;
  Actor admin_{"admin-token"};
  Actor cli_{"cli"};
};

}  // namespace vouchd::store
