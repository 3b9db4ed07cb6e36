// Prebuilding the wire form of an owner's RRsets; the owner is always a pointer to the question
// name at offset 12 (RFC 1035 §4.1.4), which is where the responder copies the query's QNAME.
#include "vouchd/zone/answer_set.h"

#include <algorithm>

namespace vouchd::zone {
namespace {

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}

}  // namespace

AnswerSet::AnswerSet(std::span<const RR> rrs) {
  std::vector<dnswire::RRType> order;
  for (const RR& rr : rrs) {
    if (std::find(order.begin(), order.end(), rr.type) == order.end()) order.push_back(rr.type);
  }
  for (const dnswire::RRType type : order) {
    RRset set{type, 0, static_cast<std::uint32_t>(bytes_.size()), 0};
    for (const RR& rr : rrs) {
      if (rr.type != type) continue;
      put16(bytes_, 0xC00C);
      put16(bytes_, static_cast<std::uint16_t>(rr.type));
      put16(bytes_, 1);  // class IN
      put32(bytes_, rr.ttl);
      put16(bytes_, static_cast<std::uint16_t>(rr.rdata.size()));
      bytes_.insert(bytes_.end(), rr.rdata.begin(), rr.rdata.end());
      ++set.count;
    }
    set.length = static_cast<std::uint32_t>(bytes_.size()) - set.offset;
    sets_.push_back(set);
  }
  bytes_.shrink_to_fit();
}

std::vector<AnswerSet::RR> AnswerSet::rrs() const {
  // Each RR: owner pointer (2), TYPE (2), CLASS (2), TTL (4), RDLENGTH (2), RDATA (RFC 1035
  // §4.1.3).
  const auto u16 = [this](std::size_t at) {
    return static_cast<std::uint16_t>(bytes_[at] << 8 | bytes_[at + 1]);
  };
  std::vector<RR> out;
  for (std::size_t at = 0; at + 12 <= bytes_.size();) {
    const auto ttl = static_cast<std::uint32_t>(u16(at + 6)) << 16 | u16(at + 8);
    const std::size_t rdlength = u16(at + 10);
    out.push_back(
        {static_cast<dnswire::RRType>(u16(at + 2)), ttl, {bytes_.data() + at + 12, rdlength}});
    at += 12 + rdlength;
  }
  return out;
}

}  // namespace vouchd::zone
