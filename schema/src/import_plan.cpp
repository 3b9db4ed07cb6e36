// Planning a zone import: validation, answer interning and key sorting (import_plan.h).
#include "import_plan.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <compare>
#include <functional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>

#include "answer_codec.h"
#include "db.h"

namespace vouchd::store::detail {
namespace {

[[noreturn]] void invalid(std::string message) {
  fail(StoreError::Code::Invalid, std::move(message));
}

// --- answers: identical answers share one row

struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

class AnswerInterner {
 public:
  explicit AnswerInterner(std::deque<std::string>& blobs) : blobs_{blobs} {}

  Index intern(const Answer& answer) {
    for (const auto& [recent, index] : recent_) {  // lists have few answers: usually a hit
      if (recent != nullptr && *recent == answer) return index;
    }
    if (!encode_answer(answer, buffer_)) invalid("answer rdata longer than 65535 octets");
    auto it = seen_.find(buffer_);
    if (it == seen_.end()) {
      const std::string& blob = blobs_.emplace_back(buffer_);  // deque: stays where it is
      it = seen_.emplace(blob, static_cast<Index>(blobs_.size() - 1)).first;
    }
    recent_[next_++ % recent_.size()] = {&answer, it->second};
    return it->second;
  }

 private:
  std::deque<std::string>& blobs_;
  std::unordered_map<std::string_view, Index, ViewHash> seen_;
  std::array<std::pair<const Answer*, Index>, 8> recent_{};
  std::size_t next_ = 0;
  std::string buffer_;
};

// --- sorting keys bytewise

// Sorts by 8-byte chunks: one integer sort per chunk, then again on the next chunk within each
// run of keys equal so far. Most comparisons are then integer compares on the key itself rather
// than string compares behind a pointer, which matters for a million keys sharing prefixes.
void sort_text_keys(std::vector<TextKey>& keys) {
  const auto by_text = [](const TextKey& a, const TextKey& b) { return *a.text < *b.text; };
  if (std::is_sorted(keys.begin(), keys.end(), by_text)) return;
  struct Run {
    std::size_t begin, end, offset;
  };
  std::vector<Run> todo{{0, keys.size(), 0}};
  while (!todo.empty()) {
    const Run run = todo.back();
    todo.pop_back();
    const std::span<TextKey> part{keys.data() + run.begin, run.end - run.begin};
    for (TextKey& k : part) {
      const std::size_t size = k.text->size();
      k.rest = static_cast<std::uint32_t>(
          size > run.offset ? std::min<std::size_t>(size - run.offset, 8) : 0);
      k.head = 0;
      for (std::size_t b = 0; b < 8; ++b) {
        const std::size_t at = run.offset + b;
        k.head = k.head << 8 | (at < size ? static_cast<std::uint8_t>((*k.text)[at]) : 0u);
      }
    }
    // A key that ends inside the chunk sorts before a longer one with the same bytes.
    const auto less = [](const TextKey& a, const TextKey& b) {
      return a.head != b.head ? a.head < b.head : a.rest < b.rest;
    };
    std::sort(part.begin(), part.end(), less);
    for (std::size_t i = 0; i < part.size();) {
      std::size_t j = i + 1;
      while (j < part.size() && part[j].head == part[i].head && part[j].rest == part[i].rest)
        ++j;
      if (j - i > 1 && part[i].rest == 8)
        todo.push_back({run.begin + i, run.begin + j, run.offset + 8});
      i = j;
    }
  }
  assert(std::is_sorted(keys.begin(), keys.end(), by_text));
}

bool prefix_less(const PrefixKey& a, const PrefixKey& b) noexcept {
  const auto ab = std::span{a.prefix->addr}.first(a.prefix->address_bytes());
  const auto bb = std::span{b.prefix->addr}.first(b.prefix->address_bytes());
  const auto order =
      std::lexicographical_compare_three_way(ab.begin(), ab.end(), bb.begin(), bb.end());
  return order != 0 ? order < 0 : a.prefix->length < b.prefix->length;
}

}  // namespace

bool is_entry_domain(std::string_view d) noexcept {
  if (d.empty() || d.size() > 253 || d.back() == '.') return false;
  return std::none_of(d.begin(), d.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_clean_prefix(const dnswire::IpPrefix& p) noexcept {
  if (p.length > p.max_length()) return false;
  for (std::size_t i = 0; i < p.address_bytes(); ++i) {
    const std::size_t bits =
        std::min<std::size_t>(8, std::max<std::size_t>(p.length, i * 8) - i * 8);
    const auto host_mask = static_cast<std::uint8_t>(0xffu >> bits);
    if ((p.addr[i] & host_mask) != 0) return false;
  }
  return true;
}

void check_records(const dnswire::Name& apex, std::span<const StaticRecord> records) {
  for (const StaticRecord& r : records) {
    if (!r.owner.is_below(apex)) invalid("record owner outside the zone");
    if (r.rdata.size() > 0xffff) invalid("record rdata longer than 65535 octets");
  }
}

ImportPlan plan_import(const ZoneContents& c) {
  check_records(c.zone.apex, c.records);
  ImportPlan plan;
  plan.vouches.reserve(c.vouches.size());
  for (std::size_t i = 0; i < c.vouches.size(); ++i) {
    const std::string& domain = c.vouches[i].domain;
    if (!is_entry_domain(domain)) invalid("bad vouch domain '" + domain + "'");
    plan.vouches.push_back({&domain, static_cast<Index>(i)});
  }
  AnswerInterner interner{plan.answers};
  plan.answer_of.reserve(c.listings.size());
  for (std::size_t i = 0; i < c.listings.size(); ++i) {
    const Listing& l = c.listings[i];
    const auto index = static_cast<Index>(i);
    if (const auto* p = std::get_if<dnswire::IpPrefix>(&l.key)) {
      if (!is_clean_prefix(*p)) invalid("bad listing prefix " + p->to_text());
      plan.prefixes.push_back({p, index});
    } else {
      const std::string& domain = std::get<std::string>(l.key);
      if (!is_entry_domain(domain)) invalid("bad listing domain '" + domain + "'");
      plan.domains.push_back({&domain, index});
    }
    plan.answer_of.push_back(interner.intern(l.answer));
  }
  sort_text_keys(plan.vouches);
  sort_text_keys(plan.domains);
  if (!std::is_sorted(plan.prefixes.begin(), plan.prefixes.end(), prefix_less)) {
    std::sort(plan.prefixes.begin(), plan.prefixes.end(), prefix_less);
  }
  return plan;
}

}  // namespace vouchd::store::detail
