// vouchd::store::Store: opening the database and the streamed reads the zone builder uses.
#include "vouchd/store/store.h"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

#include "answer_codec.h"
#include "sql.h"
#include "store_impl.h"

namespace vouchd::store {
namespace {

using detail::fail;
using detail::Query;
using detail::read_rr;
using detail::read_zone;

constexpr std::array kKinds{ZoneKind::Vbr,         ZoneKind::DnsblIp4, ZoneKind::DnsblIp6,
                            ZoneKind::DnsblDomain, ZoneKind::Static,   ZoneKind::Cos};

std::uint16_t column_u16(const Query& q, int column) {
  const std::int64_t v = q.int64(column);
  if (v < 0 || v > 0xffff) fail(StoreError::Code::Corrupt, "stored RR type out of range");
  return static_cast<std::uint16_t>(v);
}

}  // namespace

std::optional<Zone> detail::read_zone(const Query& q) {
  const std::optional<ZoneKind> kind = kind_from_text(q.text(2));
  if (!kind) return std::nullopt;
  Zone z;
  z.id = q.int64(0);
  z.apex = detail::stored_name(q.text(1));
  z.kind = *kind;
  z.soa.mname = detail::stored_name(q.text(3));
  z.soa.rname = detail::stored_name(q.text(4));
  z.soa.serial = q.u32(5);
  z.soa.refresh = q.u32(6);
  z.soa.retry = q.u32(7);
  z.soa.expire = q.u32(8);
  z.soa.minimum = q.u32(9);
  z.soa.ttl = q.u32(10);
  z.default_ttl = q.u32(11);
  if (z.kind == ZoneKind::Cos) {
    z.default_class = detail::read_default_class(q, 12);
    check_default_class(z);  // a row written without one answers the documented default
  }
  return z;
}

void detail::read_rr(const Query& q, int first, StaticRecord& rr) {
  rr.owner = detail::stored_name(q.text(first));
  rr.type = column_u16(q, first + 1);
  rr.ttl = q.u32(first + 2);
  const auto rdata = q.blob(first + 3);
  rr.rdata.assign(rdata.begin(), rdata.end());
}

namespace {

ChangeOp op_from_text(std::string_view op) {
  if (op == "add") return ChangeOp::Add;
  if (op == "del") return ChangeOp::Del;
  if (op == "reset") return ChangeOp::Reset;
  fail(StoreError::Code::Corrupt, "unknown change op");
}

}  // namespace

std::string_view kind_to_text(ZoneKind kind) noexcept {
  switch (kind) {  // no default: -Wswitch names a new kind left out
    case ZoneKind::Vbr:
      return "vbr";
    case ZoneKind::DnsblIp4:
      return "dnsbl-ip4";
    case ZoneKind::DnsblIp6:
      return "dnsbl-ip6";
    case ZoneKind::DnsblDomain:
      return "dnsbl-domain";
    case ZoneKind::Static:
      return "static";
    case ZoneKind::Cos:
      return "cos";
  }
  return "static";  // unreachable for a valid enumerator
}

std::optional<ZoneKind> kind_from_text(std::string_view text) noexcept {
  for (const ZoneKind kind : kKinds) {
    if (kind_to_text(kind) == text) return kind;
  }
  return std::nullopt;
}

dnswire::Name detail::stored_name(std::string_view text) {
  std::optional<dnswire::Name> name = dnswire::Name::from_text(text);
  if (!name) fail(StoreError::Code::Corrupt, "stored name does not parse");
  return *name;
}

std::optional<std::string> detail::prefix_end(std::string_view prefix) {
  std::string end{prefix};
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff)
    end.pop_back();
  if (end.empty()) return std::nullopt;
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

std::int64_t detail::sql_limit(std::size_t limit) noexcept {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min(limit, kMax));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_{std::move(impl)} {}
Store::~Store() = default;

Expected<std::unique_ptr<Store>, StoreError> Store::open(const std::string& path, bool create) {
  return detail::guarded([&] {
    detail::Db db = detail::Db::connect(path, create);
    detail::migrate(db);
    // `new`, not make_unique: the constructor is private to this factory.
    return std::unique_ptr<Store>{new Store{std::make_unique<Impl>(Impl{std::move(db)})}};
  });
}

int Store::schema_version() {
  const auto v = detail::guarded([&] { return impl_->db.pragma_int(sql::kUserVersion); });
  return v ? static_cast<int>(*v) : -1;
}

Expected<std::size_t, StoreError> Store::entry_count(std::int64_t zone_id) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kCountEntries);
    q.bind(1, zone_id);
    return q.step() ? static_cast<std::size_t>(q.int64(0)) : std::size_t{0};
  });
}

std::vector<Zone> Store::zones() {
  auto all = detail::guarded([&] {
    std::vector<Zone> out;
    Query q = impl_->db.query(sql::kSelectZones);
    while (q.step()) {
      if (auto z = read_zone(q)) out.push_back(std::move(*z));
    }
    return out;
  });
  return all ? std::move(*all) : std::vector<Zone>{};
}

std::optional<Zone> Store::zone(const dnswire::Name& apex) {
  auto found = detail::guarded([&] {
    const std::string key = apex.lowered().to_text();
    Query q = impl_->db.query(sql::kSelectZoneByApex);
    q.bind(1, key);
    return q.step() ? read_zone(q) : std::nullopt;
  });
  return found ? std::move(*found) : std::nullopt;
}

Expected<void, StoreError> Store::for_each_record(
    std::int64_t zone_id, const std::function<void(const StaticRecord&)>& fn) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kSelectRecords);
    q.bind(1, zone_id);
    StaticRecord rr;  // reused: owner and rdata are overwritten row by row
    while (q.step()) {
      read_rr(q, 0, rr);
      fn(rr);
    }
  });
}

Expected<void, StoreError> Store::for_each_vouch(std::int64_t zone_id,
                                                 const std::function<void(const Vouch&)>& fn) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kSelectVouches);
    q.bind(1, zone_id);
    Vouch v;  // reused: assign() keeps the strings' capacity
    while (q.step()) {
      v.domain.assign(q.text(0));
      v.categories.assign(q.text(1));
      v.ttl = q.u32(2);
      fn(v);
    }
  });
}

std::vector<std::pair<std::int64_t, Answer>> Store::answers(std::int64_t zone_id) {
  auto all = detail::guarded([&] {
    std::vector<std::pair<std::int64_t, Answer>> out;
    Query q = impl_->db.query(sql::kSelectAnswers);
    q.bind(1, zone_id);
    while (q.step()) {
      auto& [id, answer] = out.emplace_back(q.int64(0), Answer{});
      if (!detail::decode_answer(q.blob(1), answer)) {
        fail(StoreError::Code::Corrupt, "stored answer does not decode");
      }
    }
    return out;
  });
  return all ? std::move(*all) : std::vector<std::pair<std::int64_t, Answer>>{};
}

namespace {

// Columns addr, plen at 0 and 1 into `prefix`; Corrupt if they do not form one.
void read_prefix(const Query& q, dnswire::IpPrefix& prefix) {
  const auto addr = q.blob(0);
  const std::int64_t length = q.int64(1);
  prefix.family = addr.size() == 4 ? dnswire::IpFamily::V4 : dnswire::IpFamily::V6;
  if ((addr.size() != 4 && addr.size() != 16) || length < 0 || length > prefix.max_length()) {
    fail(StoreError::Code::Corrupt, "stored prefix out of range");
  }
  prefix.addr.fill(0);
  std::copy(addr.begin(), addr.end(), prefix.addr.begin());
  prefix.length = static_cast<std::uint8_t>(length);
}

}  // namespace

Expected<void, StoreError> Store::for_each_ip_listing(
    std::int64_t zone_id, const std::function<void(const dnswire::IpPrefix&, std::int64_t)>& fn) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kSelectIpListings);
    q.bind(1, zone_id);
    dnswire::IpPrefix prefix;
    while (q.step()) {
      read_prefix(q, prefix);
      fn(prefix, q.int64(2));
    }
  });
}

Expected<void, StoreError> Store::for_each_ip_allow(
    std::int64_t zone_id, const std::function<void(const dnswire::IpPrefix&)>& fn) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kSelectIpAllows);
    q.bind(1, zone_id);
    dnswire::IpPrefix prefix;
    while (q.step()) {
      read_prefix(q, prefix);
      fn(prefix);
    }
  });
}

Expected<void, StoreError> Store::for_each_domain_listing(
    std::int64_t zone_id, const std::function<void(std::string_view, std::int64_t)>& fn) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kSelectDomainListings);
    q.bind(1, zone_id);
    while (q.step())
      fn(q.text(0), q.int64(1));
  });
}

Expected<std::vector<Change>, StoreError> Store::changes(std::int64_t zone_id) {
  return detail::guarded([&] {
    std::vector<Change> out;
    Query q = impl_->db.query(sql::kSelectChanges);
    q.bind(1, zone_id);
    while (q.step()) {
      Change& c = out.emplace_back();
      c.id = q.int64(0);
      c.serial = q.u32(1);
      c.op = op_from_text(q.text(2));
      if (c.op != ChangeOp::Reset) read_rr(q, 3, c.rr);
      c.at = std::chrono::sys_seconds{std::chrono::seconds{q.int64(7)}};
    }
    return out;
  });
}

}  // namespace vouchd::store
