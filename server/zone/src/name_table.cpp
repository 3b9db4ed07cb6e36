// The open-addressing name hash of design.md §5: linear probing over 64-bit slots holding a hash
// tag and an arena offset, so a miss rarely touches the arena.
#include "vouchd/zone/name_table.h"

#include <cstring>

namespace vouchd::zone {
namespace {

constexpr std::uint64_t kEmpty = 0;

std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
  h = (h ^ v) * 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 31);
}

void put_value(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
  p[2] = static_cast<std::uint8_t>(v >> 16);
  p[3] = static_cast<std::uint8_t>(v >> 24);
}

bool key_at(const std::vector<std::uint8_t>& arena, std::uint32_t off,
            std::span<const std::uint8_t> key) noexcept {
  return arena[off] == key.size() &&
         (key.empty() || std::memcmp(arena.data() + off + 1, key.data(), key.size()) == 0);
}

}  // namespace

std::uint64_t NameTable::hash(std::span<const std::uint8_t> key) noexcept {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ key.size();
  const std::uint8_t* p = key.data();
  std::size_t n = key.size();
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    h = mix(h, v);
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  if (n > 0) std::memcpy(&tail, p, n);
  h = mix(h, tail) * 0x94d049bb133111ebULL;
  return h ^ (h >> 29);
}

void NameTable::Builder::reserve(std::size_t n) {
  std::size_t slots = 1024;
  while (n * 10 > slots * 7) slots *= 2;
  if (slots > slots_.size()) grow(slots);
  arena_.reserve(arena_.size() + n * 32);
}

void NameTable::Builder::grow(std::size_t slot_count) {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(slot_count, kEmpty);
  const std::size_t mask = slots_.size() - 1;
  for (const std::uint64_t s : old) {
    if (s == kEmpty) continue;
    const auto off = static_cast<std::uint32_t>(s);
    const std::uint64_t h = hash({arena_.data() + off + 1, arena_[off]});
    std::size_t i = h & mask;
    while (slots_[i] != kEmpty) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

std::uint32_t NameTable::Builder::append(std::span<const std::uint8_t> key,
                                         std::uint32_t value) {
  const auto off = static_cast<std::uint32_t>(arena_.size());
  arena_.push_back(static_cast<std::uint8_t>(key.size()));
  arena_.insert(arena_.end(), key.begin(), key.end());
  arena_.resize(arena_.size() + 4);
  put_value(arena_.data() + arena_.size() - 4, value);
  return off;
}

bool NameTable::Builder::place(std::uint64_t h, std::uint32_t off) {
  const std::span<const std::uint8_t> key{arena_.data() + off + 1, arena_[off]};
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t tag = h >> 32;
  std::size_t i = h & mask;
  for (; slots_[i] != kEmpty; i = (i + 1) & mask) {
    const auto at = static_cast<std::uint32_t>(slots_[i]);
    if ((slots_[i] >> 32) != tag || !key_at(arena_, at, key)) continue;
    // The key is there: an empty non-terminal takes the new value, anything else stays.
    std::uint8_t* v = arena_.data() + at + 1 + key.size();
    const std::uint8_t* added = arena_.data() + off + 1 + key.size();
    if (v[0] == 0xFF && v[1] == 0xFF && v[2] == 0xFF && v[3] == 0xFF) std::memcpy(v, added, 4);
    return false;
  }
  slots_[i] = tag << 32 | off;
  ++count_;
  return true;
}

bool NameTable::Builder::add(std::span<const std::uint8_t> key, std::uint32_t value) {
  if ((count_ + 1) * 10 > slots_.size() * 7) grow(slots_.empty() ? 1024 : slots_.size() * 2);
  const std::size_t before = arena_.size();
  const bool inserted = place(hash(key), append(key, value));
  if (!inserted) arena_.resize(before);  // the key was there: drop the copy just appended
  return inserted;
}

void NameTable::Builder::add_later(std::span<const std::uint8_t> key, std::uint32_t value) {
  pending_.push_back(Pending{hash(key), append(key, value)});
}

void NameTable::Builder::place_pending() {
  std::size_t slots = slots_.empty() ? 1024 : slots_.size();
  while ((count_ + pending_.size()) * 10 > slots * 7) slots *= 2;
  if (slots != slots_.size()) grow(slots);
  const std::size_t mask = slots_.size() - 1;
  constexpr std::size_t kAhead = 16;  // slot look-ups in flight
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    if (i + kAhead < pending_.size()) __builtin_prefetch(&slots_[pending_[i + kAhead].hash & mask]);
    place(pending_[i].hash, pending_[i].offset);
  }
  pending_.clear();
  pending_.shrink_to_fit();
}

void NameTable::Builder::add_ancestors(std::span<const std::uint8_t> key) {
  std::size_t pos = 0;
  while (pos < key.size()) {
    pos += 1u + key[pos];
    if (pos >= key.size()) return;
    const auto ancestor = key.subspan(pos);
    const std::string_view text{reinterpret_cast<const char*>(ancestor.data()), ancestor.size()};
    std::string& recent = recent_ancestors_[hash(ancestor) % recent_ancestors_.size()];
    if (recent == text) return;
    const bool inserted = add(ancestor, kEmptyNonTerminal);
    recent.assign(text);
    // An ancestor already present had its own ancestors added then: stop there.
    if (!inserted) return;
  }
}

NameTable NameTable::Builder::build() && {
  place_pending();
  NameTable t;
  if (slots_.empty()) grow(1024);
  arena_.shrink_to_fit();
  t.arena_ = std::move(arena_);
  t.slots_ = std::move(slots_);
  t.count_ = count_;
  return t;
}

std::optional<std::uint32_t> NameTable::find(std::span<const std::uint8_t> key) const noexcept {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t h = hash(key);
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t tag = h >> 32;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint64_t s = slots_[i];
    if (s == kEmpty) return std::nullopt;
    const auto off = static_cast<std::uint32_t>(s);
    if ((s >> 32) == tag && key_at(arena_, off, key)) return value_at(off + 1u + key.size());
  }
}

}  // namespace vouchd::zone
