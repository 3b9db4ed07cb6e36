// Live changes on a 1,000,000-name zone (issue 4: edit -> visible p99 < 10 ms): the cost of
// Zone::with_changes for one change and for 1,000 successive single changes, and of a look-up
// with and without a small delta.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "vouchd/dnswire/name.h"
#include "vouchd/zone/zone.h"

namespace {

using vouchd::dnswire::Name;
using vouchd::dnswire::RRType;
using namespace vouchd::zone;

constexpr std::size_t kNames = 1'000'000;

std::vector<std::uint8_t> txt(std::string_view text) {
  std::vector<std::uint8_t> out(1 + text.size());
  out[0] = static_cast<std::uint8_t>(text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    out[1 + i] = static_cast<std::uint8_t>(text[i]);
  return out;
}

// "d<i>.example._vouch" as a relative key.
NameKey key(std::size_t i) {
  const std::string label = "d" + std::to_string(i);
  std::string k(1, static_cast<char>(label.size()));
  k += label;
  k += "\7example\6_vouch";
  return NameKey(k.begin(), k.end());
}

const std::shared_ptr<const Zone>& big_zone() {
  static const std::shared_ptr<const Zone> zone = [] {
    Zone::Parts p;
    p.apex = Name::from_text("vouch.example.")->lowered();
    p.kind = Kind::Vbr;
    p.serial = 1;
    p.soa_rdata.assign(40, 1);
    p.soa_ttl = 3600;
    p.soa_minimum = 300;
    const AnswerSet::RR soa{RRType::Soa, 3600, p.soa_rdata};
    p.answers.emplace_back(std::span<const AnswerSet::RR>{&soa, 1});
    const auto all = txt("all");
    const AnswerSet::RR rr{RRType::Txt, 3600, all};
    p.answers.emplace_back(std::span<const AnswerSet::RR>{&rr, 1});
    NameTable::Builder b;
    b.reserve(kNames + 2);
    b.add({}, 0);
    for (std::size_t i = 0; i < kNames; ++i) {
      const NameKey k = key(i);
      b.add_later(k, 1);
      b.add_ancestors(k);
    }
    p.names = std::move(b).build();
    return std::make_shared<const Zone>(std::move(p));
  }();
  return zone;
}

EntryChange change(std::size_t i) {
  return {key(kNames + i), std::vector<OwnedRR>{{RRType::Txt, 3600, txt("new")}}};
}

void BM_WithOneChange(benchmark::State& state) {
  const auto& zone = big_zone();
  const std::vector<EntryChange> c{change(0)};
  std::uint32_t serial = 2;
  for (auto _ : state)
    benchmark::DoNotOptimize(zone->with_changes(c, serial++));
}
BENCHMARK(BM_WithOneChange)->Unit(benchmark::kMicrosecond);

// 1,000 edits published one after another, each on top of the last (the delta grows to 1,000).
void BM_ThousandSuccessiveChanges(benchmark::State& state) {
  const auto& zone = big_zone();
  for (auto _ : state) {
    std::shared_ptr<const Zone> z = zone;
    for (std::uint32_t i = 0; i < 1000; ++i) {
      const std::vector<EntryChange> c{change(i)};
      z = z->with_changes(c, 2 + i);
    }
    benchmark::DoNotOptimize(z);
  }
  state.counters["per_change_us"] = benchmark::Counter(
      1000.0 * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_ThousandSuccessiveChanges)->Unit(benchmark::kMillisecond);

std::vector<QueryName> queries() {
  std::vector<QueryName> qs(4096);
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const std::string text =
        "d" + std::to_string(i * 7919 % (2 * kNames)) + ".example._vouch.vouch.example.";
    make_query_name(Name::from_text(text)->wire(), qs[i]);
  }
  return qs;
}

void lookups(benchmark::State& state, const Zone& z) {
  const std::vector<QueryName> qs = queries();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(z.lookup(qs[i]));
    i = (i + 1) & (qs.size() - 1);
  }
}

void BM_LookupNoDelta(benchmark::State& state) {
  lookups(state, *big_zone());
}
BENCHMARK(BM_LookupNoDelta);

void BM_LookupSmallDelta(benchmark::State& state) {
  std::vector<EntryChange> c;
  for (std::size_t i = 0; i < 100; ++i)
    c.push_back(change(i));
  lookups(state, *big_zone()->with_changes(c, 2));
}
BENCHMARK(BM_LookupSmallDelta);

}  // namespace

BENCHMARK_MAIN();
