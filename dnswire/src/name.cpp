// Domain names: presentation and wire forms, compression pointers with a loop bound
// (RFC 1035 §3.1, §4.1.4, §5.1), case folding (RFC 4343), canonical order (RFC 4034 §6.1).
#include "vouchd/dnswire/name.h"

#include <algorithm>
#include <cstring>

namespace vouchd::dnswire {
namespace {

// Offsets of each label's length octet, first label first; returns the count.
std::size_t label_starts(std::span<const std::uint8_t> wire,
                         std::array<std::uint8_t, 128>& starts) noexcept {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < wire.size() && wire[pos] != 0) {
    starts[n++] = static_cast<std::uint8_t>(pos);
    pos += 1u + wire[pos];
  }
  return n;
}

// Reads one label of presentation text starting at `text[i]`, unescaping into `out`. Returns the
// label length, or -1 on a malformed escape or an over-long label; `i` ends on the dot or the end.
int read_text_label(std::string_view text, std::size_t& i, std::uint8_t* out) {
  int len = 0;
  while (i < text.size() && text[i] != '.') {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      if (i + 1 >= text.size()) return -1;
      const auto d1 = static_cast<unsigned char>(text[i + 1]);
      if (d1 >= '0' && d1 <= '9') {
        if (i + 3 >= text.size()) return -1;
        const auto d2 = static_cast<unsigned char>(text[i + 2]);
        const auto d3 = static_cast<unsigned char>(text[i + 3]);
        if (d2 < '0' || d2 > '9' || d3 < '0' || d3 > '9') return -1;
        const int v = (d1 - '0') * 100 + (d2 - '0') * 10 + (d3 - '0');
        if (v > 255) return -1;
        c = static_cast<unsigned char>(v);
        i += 4;
      } else {
        c = d1;
        i += 2;
      }
    } else {
      ++i;
    }
    if (len == static_cast<int>(kMaxLabel)) return -1;
    out[len++] = c;
  }
  return len;
}

}  // namespace

std::optional<Name> Name::from_text(std::string_view text, const Name* origin) {
  if (text.empty()) return std::nullopt;
  if (text == "@") return origin != nullptr ? std::optional<Name>{*origin} : std::nullopt;
  if (text == ".") return Name{};
  Name n;
  std::size_t pos = 0;  // write position in wire_
  std::size_t i = 0;
  bool absolute = false;
  while (i < text.size()) {
    std::array<std::uint8_t, kMaxLabel> label{};
    const int len = read_text_label(text, i, label.data());
    if (len <= 0) return std::nullopt;  // bad escape, over-long or empty label ("a..b", ".a")
    if (pos + 1 + static_cast<std::size_t>(len) + 1 > kMaxNameWire) return std::nullopt;
    n.wire_[pos++] = static_cast<std::uint8_t>(len);
    std::memcpy(n.wire_.data() + pos, label.data(), static_cast<std::size_t>(len));
    pos += static_cast<std::size_t>(len);
    if (i < text.size()) {  // on a dot
      ++i;
      if (i == text.size()) absolute = true;
    }
  }
  n.wire_[pos++] = 0;
  n.size_ = static_cast<std::uint8_t>(pos);
  if (absolute) return n;
  if (origin == nullptr) return std::nullopt;
  return n.concat(*origin);
}

Name Name::from_wire(WireReader& r) noexcept {
  const std::span<const std::uint8_t> msg = r.message();
  Name n;
  std::size_t out = 0;
  std::size_t pos = r.pos();
  std::size_t limit = pos;  // pointers must go strictly backwards from here (no loops)
  bool jumped = false;
  for (;;) {
    if (pos >= msg.size()) {
      r.fail(WireError::Truncated);
      return Name{};
    }
    const std::uint8_t len = msg[pos];
    if ((len & 0xC0) == 0xC0) {
      if (pos + 1 >= msg.size()) {
        r.fail(WireError::Truncated);
        return Name{};
      }
      const std::size_t target = static_cast<std::size_t>(len & 0x3F) << 8 | msg[pos + 1];
      if (!jumped) r.skip(pos + 2 - r.pos());
      jumped = true;
      if (target >= limit) {
        r.fail(WireError::PointerLoop);
        return Name{};
      }
      limit = target;
      pos = target;
      continue;
    }
    if ((len & 0xC0) != 0) {
      r.fail(WireError::BadLabelType);
      return Name{};
    }
    if (out + 1u + len > kMaxNameWire) {
      r.fail(WireError::NameTooLong);
      return Name{};
    }
    if (pos + 1u + len > msg.size()) {
      r.fail(WireError::Truncated);
      return Name{};
    }
    std::memcpy(n.wire_.data() + out, msg.data() + pos, 1u + len);
    out += 1u + len;
    pos += 1u + len;
    if (len == 0) break;
  }
  if (!jumped) r.skip(pos - r.pos());
  n.size_ = static_cast<std::uint8_t>(out);
  return n;
}

std::optional<Name> Name::from_uncompressed(std::span<const std::uint8_t> wire) {
  std::size_t pos = 0;
  while (pos < wire.size() && wire[pos] != 0) {
    if ((wire[pos] & 0xC0) != 0) return std::nullopt;
    pos += 1u + wire[pos];
  }
  if (pos + 1 != wire.size() || wire.size() > kMaxNameWire) return std::nullopt;
  WireReader r{wire};
  Name n = from_wire(r);
  if (!r.ok()) return std::nullopt;
  return n;
}

std::size_t Name::label_count() const noexcept {
  std::size_t n = 0;
  for (std::size_t pos = 0; wire_[pos] != 0; pos += 1u + wire_[pos]) ++n;
  return n;
}

std::string Name::to_text() const {
  if (is_root()) return ".";
  std::string out;
  out.reserve(size_ + 8);
  for (std::size_t pos = 0; wire_[pos] != 0; pos += 1u + wire_[pos]) {
    for (std::size_t k = 1; k <= wire_[pos]; ++k) {
      const auto c = static_cast<unsigned char>(wire_[pos + k]);
      if (c <= 0x20 || c >= 0x7F) {
        char buf[5];
        buf[0] = '\\';
        buf[1] = static_cast<char>('0' + c / 100);
        buf[2] = static_cast<char>('0' + c / 10 % 10);
        buf[3] = static_cast<char>('0' + c % 10);
        out.append(buf, 4);
        continue;
      }
      if (std::strchr(".\\\"();@$", c) != nullptr) out.push_back('\\');
      out.push_back(static_cast<char>(c));
    }
    out.push_back('.');
  }
  return out;
}

Name Name::lowered() const noexcept {
  Name n = *this;
  for (std::size_t i = 0; i < size_; ++i) n.wire_[i] = ascii_lower_char(n.wire_[i]);
  return n;
}

bool Name::is_below(const Name& apex) const noexcept {
  if (apex.size_ > size_) return false;
  const std::size_t off = size_ - apex.size_;
  // The suffix must start on a label boundary.
  std::size_t pos = 0;
  while (pos < off) pos += 1u + wire_[pos];
  if (pos != off) return false;
  for (std::size_t i = 0; i < apex.size_; ++i) {
    if (ascii_lower_char(wire_[off + i]) != ascii_lower_char(apex.wire_[i])) return false;
  }
  return true;
}

Name Name::parent(std::size_t n) const noexcept {
  std::size_t pos = 0;
  for (std::size_t k = 0; k < n && wire_[pos] != 0; ++k) pos += 1u + wire_[pos];
  Name p;
  std::memcpy(p.wire_.data(), wire_.data() + pos, size_ - pos);
  p.size_ = static_cast<std::uint8_t>(size_ - pos);
  return p;
}

std::optional<Name> Name::concat(const Name& suffix) const {
  const std::size_t total = size_ - 1u + suffix.size_;
  if (total > kMaxNameWire) return std::nullopt;
  Name n = *this;
  std::memcpy(n.wire_.data() + size_ - 1, suffix.wire_.data(), suffix.size_);
  n.size_ = static_cast<std::uint8_t>(total);
  return n;
}

Name Name::relative_to(const Name& apex) const noexcept {
  Name n;
  const std::size_t keep = size_ - apex.size_;
  std::memcpy(n.wire_.data(), wire_.data(), keep);
  n.wire_[keep] = 0;
  n.size_ = static_cast<std::uint8_t>(keep + 1);
  return n;
}

bool operator==(const Name& a, const Name& b) noexcept {
  if (a.size_ != b.size_) return false;
  for (std::size_t i = 0; i < a.size_; ++i) {
    if (ascii_lower_char(a.wire_[i]) != ascii_lower_char(b.wire_[i])) return false;
  }
  return true;
}

std::strong_ordering operator<=>(const Name& a, const Name& b) noexcept {
  std::array<std::uint8_t, 128> sa{};
  std::array<std::uint8_t, 128> sb{};
  std::size_t na = label_starts(a.wire(), sa);
  std::size_t nb = label_starts(b.wire(), sb);
  while (na > 0 && nb > 0) {
    const std::uint8_t* la = a.wire_.data() + sa[--na];
    const std::uint8_t* lb = b.wire_.data() + sb[--nb];
    const std::size_t common = std::min(la[0], lb[0]);
    for (std::size_t k = 1; k <= common; ++k) {
      const auto x = ascii_lower_char(la[k]);
      const auto y = ascii_lower_char(lb[k]);
      if (x != y) return x <=> y;
    }
    if (la[0] != lb[0]) return la[0] <=> lb[0];
  }
  return na <=> nb;
}

}  // namespace vouchd::dnswire
