// Classifying master-file records into vouches, listings and static records (RFC 5518 §5,
// RFC 5782 §2.1–§2.4), and writing a zone back out as a master file.
#include "vouchd/cli/zone_import.h"

#include <algorithm>

#include "vouchd/dnswire/rdata_text.h"
#include "vouchd/dnswire/wire_reader.h"

namespace vouchd::cli {
namespace {

using dnswire::IpFamily;
using dnswire::IpPrefix;
using dnswire::Name;
using dnswire::RRType;

constexpr auto kTxt = static_cast<std::uint16_t>(RRType::Txt);
constexpr auto kSoa = static_cast<std::uint16_t>(RRType::Soa);

std::string lower(std::span<const std::uint8_t> wire) {
  std::string s(reinterpret_cast<const char*>(wire.data()), wire.size());
  for (char& c : s)
    c = static_cast<char>(dnswire::ascii_lower_char(static_cast<unsigned char>(c)));
  return s;
}

bool equal_ignoring_case(std::string_view a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (dnswire::ascii_lower_char(static_cast<unsigned char>(a[i])) !=
        dnswire::ascii_lower_char(b[i])) {
      return false;
    }
  }
  return true;
}

// "\6sender\7example" -> "sender.example"; escapes as in presentation form.
std::string domain_text(std::string_view relative_wire) {
  // The common case, labels of letters, digits, '-' and '_', needs no escapes.
  std::string text;
  text.reserve(relative_wire.size());
  bool plain = true;
  for (std::size_t pos = 0; plain && pos < relative_wire.size();) {
    const auto len = static_cast<unsigned char>(relative_wire[pos]);
    const std::string_view label = relative_wire.substr(pos + 1, len);
    plain = std::all_of(label.begin(), label.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (pos != 0) text.push_back('.');
    text.append(label);
    pos += 1u + len;
  }
  if (plain) return text;
  std::string wire{relative_wire};
  wire.push_back('\0');
  const auto n =
      Name::from_uncompressed({reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size()});
  text = n ? n->to_text() : std::string{"."};
  text.pop_back();
  return text;
}

// RFC 5518 §5 / vouchd's own rule: one character-string of [a-z]+ tokens separated by single
// spaces. Anything else is served exactly as written, as a static record.
std::optional<std::string> vbr_categories(std::span<const std::uint8_t> rdata) {
  if (rdata.empty() || rdata[0] + 1u != rdata.size() || rdata.size() == 1) return std::nullopt;
  std::string text(rdata.begin() + 1, rdata.end());
  bool prev_space = true;
  for (const char c : text) {
    const bool space = c == ' ';
    if (!(space || (c >= 'a' && c <= 'z')) || (space && prev_space)) return std::nullopt;
    prev_space = space;
  }
  if (prev_space) return std::nullopt;
  return text;
}

std::optional<store::Soa> read_soa(const store::AnswerRR& rr) {
  dnswire::WireReader r{rr.rdata};
  store::Soa soa;
  soa.mname = Name::from_wire(r);
  soa.rname = Name::from_wire(r);
  soa.serial = r.u32();
  soa.refresh = r.u32();
  soa.retry = r.u32();
  soa.expire = r.u32();
  soa.minimum = r.u32();
  soa.ttl = rr.ttl;
  if (!r.ok() || r.remaining() != 0) return std::nullopt;
  return soa;
}

}  // namespace

void ZoneImporter::add(dnswire::MasterRecord&& record) {
  const auto wire = record.owner.wire();
  store::AnswerRR rr{static_cast<std::uint16_t>(record.type), record.ttl, std::move(record.rdata)};
  if (rr.type == kSoa) {
    if (soa_lines_ == 0) first_soa_line_ = record.line;
    if (soa_lines_ == 1) second_soa_line_ = record.line;
    ++soa_lines_;
  }
  // Records of one owner usually follow each other: skip the map for them.
  if (!groups_.empty() && equal_ignoring_case(groups_.back().owner, wire)) {
    groups_.back().rrs.push_back(std::move(rr));
    return;
  }
  const auto [it, inserted] =
      by_owner_.try_emplace(lower(wire), static_cast<std::uint32_t>(groups_.size()));
  if (inserted) {
    groups_.push_back(Group{
        std::string(reinterpret_cast<const char*>(wire.data()), wire.size()), record.line, {}});
  }
  groups_[it->second].rrs.push_back(std::move(rr));
}

void ZoneImporter::reserve(std::size_t owners) {
  by_owner_.reserve(owners);
  groups_.reserve(owners);
}

tl::expected<store::ZoneContents, ImportError> ZoneImporter::finish(
    std::optional<std::uint32_t> default_ttl) && {
  // The apex is the owner of the one SOA record.
  if (soa_lines_ == 0) {
    return tl::unexpected(ImportError{0, "no SOA record, so the zone apex is unknown"});
  }
  if (soa_lines_ > 1) {
    return tl::unexpected(ImportError{
        second_soa_line_,
        "a second SOA record (the first is on line " + std::to_string(first_soa_line_) + ")"});
  }
  const auto apex = std::find_if(groups_.begin(), groups_.end(), [](const Group& g) {
    return std::any_of(g.rrs.begin(), g.rrs.end(),
                       [](const store::AnswerRR& rr) { return rr.type == kSoa; });
  });
  return classify(*apex, default_ttl);
}

// A vouch or listing for the owner `g` (relative lower-case wire `relative`); false when the
// owner is not one, so its records stay static.
bool ZoneImporter::add_entry(const Group& g, std::string_view relative, bool apex_is_vouch,
                             store::ZoneContents& out) const {
  switch (kind_) {
    case store::ZoneKind::Vbr: {
      // `<domain>._vouch.<certifier>`: the label before the apex is _vouch (or the apex is).
      std::string_view domain = relative;
      if (!apex_is_vouch) {
        constexpr std::string_view kVouch{"\6_vouch", 7};
        if (domain.size() <= 7 || domain.substr(domain.size() - 7) != kVouch) return false;
        domain.remove_suffix(7);
      }
      if (g.rrs.size() != 1 || g.rrs[0].type != kTxt) return false;  // RFC 5518 §5: one TXT
      auto categories = vbr_categories(g.rrs[0].rdata);
      if (!categories) return false;
      out.vouches.push_back({domain_text(domain), std::move(*categories), g.rrs[0].ttl});
      return true;
    }
    case store::ZoneKind::DnsblIp4:
    case store::ZoneKind::DnsblIp6: {
      const auto key = dnswire::dnsxl_prefix(
          relative, kind_ == store::ZoneKind::DnsblIp4 ? IpFamily::V4 : IpFamily::V6);
      if (!key) return false;
      out.listings.push_back({*key, g.rrs});
      return true;
    }
    case store::ZoneKind::DnsblDomain:
      out.listings.push_back({domain_text(relative), g.rrs});
      return true;
    case store::ZoneKind::Static:
    case store::ZoneKind::Cos:  // refused before: its default class has no master-file form
      return false;
  }
  return false;
}

tl::expected<store::ZoneContents, ImportError> ZoneImporter::classify(
    const Group& apex, std::optional<std::uint32_t> default_ttl) const {
  const std::string apex_lower =
      lower({reinterpret_cast<const std::uint8_t*>(apex.owner.data()), apex.owner.size()});
  const auto soa_rr = std::find_if(apex.rrs.begin(), apex.rrs.end(),
                                   [](const store::AnswerRR& rr) { return rr.type == kSoa; });
  const auto soa = read_soa(*soa_rr);
  if (!soa) return tl::unexpected(ImportError{apex.line, "malformed SOA record"});
  store::ZoneContents out;
  out.zone.apex = *Name::from_uncompressed(
      {reinterpret_cast<const std::uint8_t*>(apex_lower.data()), apex_lower.size()});
  out.zone.kind = kind_;
  out.zone.soa = *soa;
  out.zone.default_ttl = default_ttl.value_or(soa->ttl);
  const bool apex_is_vouch = store::apex_is_vouch(out.zone.apex);
  std::string owner;
  for (const Group& g : groups_) {
    owner.assign(g.owner);
    for (char& c : owner) {
      c = static_cast<char>(dnswire::ascii_lower_char(static_cast<unsigned char>(c)));
    }
    const auto name = Name::from_uncompressed(
        {reinterpret_cast<const std::uint8_t*>(g.owner.data()), g.owner.size()});
    if (!name || !name->is_below(out.zone.apex)) {
      return tl::unexpected(ImportError{g.line, "owner " + (name ? name->to_text() : "?") +
                                                    " is outside the zone " +
                                                    out.zone.apex.to_text()});
    }
    const std::string_view relative{owner.data(), owner.size() - apex_lower.size()};
    const bool wildcard = relative.starts_with(std::string_view{"\1*", 2});
    const bool address_zone =
        kind_ == store::ZoneKind::DnsblIp4 || kind_ == store::ZoneKind::DnsblIp6;
    if (!relative.empty() && (address_zone || !wildcard) &&
        add_entry(g, relative, apex_is_vouch, out)) {
      continue;
    }
    if (wildcard) {
      return tl::unexpected(ImportError{
          g.line, "wildcard owner " + name->to_text() +
                      ": only address ranges in dnsbl-ip4/dnsbl-ip6 zones may use wildcards"});
    }
    for (const store::AnswerRR& rr : g.rrs) {
      if (rr.type == kSoa) continue;  // kept in the zone's SOA fields
      out.records.push_back({*name, rr.type, rr.ttl, rr.rdata});
    }
  }
  return out;
}

}  // namespace vouchd::cli
