// Encoding of interned listing answers (format in answer_codec.h).
#include "answer_codec.h"

#include <cstddef>

namespace vouchd::store::detail {
namespace {

constexpr std::size_t kFixed = 8;  // type, ttl, rdlength

void put(std::string& out, std::uint32_t v, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

std::uint32_t get(std::span<const std::uint8_t> in, std::size_t at, int bytes) noexcept {
  std::uint32_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v = v << 8 | in[at + static_cast<std::size_t>(i)];
  return v;
}

}  // namespace

bool encode_answer(const Answer& answer, std::string& out) {
  out.clear();
  for (const AnswerRR& rr : answer) {
    if (rr.rdata.size() > 0xffff) return false;
    put(out, rr.type, 2);
    put(out, rr.ttl, 4);
    put(out, static_cast<std::uint32_t>(rr.rdata.size()), 2);
    out.append(rr.rdata.begin(), rr.rdata.end());
  }
  return true;
}

bool decode_answer(std::span<const std::uint8_t> data, Answer& out) {
  std::size_t n = 0;
  std::size_t at = 0;
  while (at < data.size()) {
    if (data.size() - at < kFixed) return false;
    const std::size_t rdlength = get(data, at + 6, 2);
    if (data.size() - at - kFixed < rdlength) return false;
    if (n == out.size()) out.emplace_back();
    AnswerRR& rr = out[n++];
    rr.type = static_cast<std::uint16_t>(get(data, at, 2));
    rr.ttl = get(data, at + 2, 4);
    const auto rdata = data.subspan(at + kFixed, rdlength);
    rr.rdata.assign(rdata.begin(), rdata.end());
    at += kFixed + rdlength;
  }
  out.resize(n);
  return true;
}

}  // namespace vouchd::store::detail
