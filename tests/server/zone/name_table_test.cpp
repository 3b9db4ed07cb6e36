// Tests of the open-addressing name hash (design.md §5): first value wins, empty non-terminals
// (RFC 8020) give way to data, growth, and keys that differ only in length.
#include "vouchd/zone/name_table.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "vouchd/dnswire/name.h"

namespace vouchd::zone {
namespace {

using Bytes = std::vector<std::uint8_t>;

// "a.b" -> lower-case wire labels without the root label ("\1a\1b"); "" is the apex.
Bytes key(std::string_view relative) {
  if (relative.empty()) return {};
  const auto name = dnswire::Name::from_text(std::string{relative} + ".");
  if (!name) throw std::invalid_argument("bad name");
  const dnswire::Name lower = name->lowered();
  return Bytes(lower.wire().begin(), lower.wire().end() - 1);
}

TEST(NameTableTest, DefaultTableFindsNothing) {
  const NameTable t;
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(t.find(key("a")).has_value());
  EXPECT_FALSE(t.find({}).has_value());
}

TEST(NameTableTest, EmptyBuilderBuildsSearchableTable) {
  const NameTable t = NameTable::Builder{}.build();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(t.find(key("a")).has_value());
}

TEST(NameTableTest, FindsWhatWasAdded) {
  NameTable::Builder b;
  b.add(key("example.com._vouch"), 7);
  b.add(key("example.org._vouch"), 8);
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.find(key("example.com._vouch")), 7u);
  EXPECT_EQ(t.find(key("example.org._vouch")), 8u);
  EXPECT_FALSE(t.find(key("example.net._vouch")).has_value());
  EXPECT_FALSE(t.find(key("example.com")).has_value());
}

TEST(NameTableTest, ValueZeroIsFound) {
  NameTable::Builder b;
  b.add(key("zero"), 0);
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.find(key("zero")), 0u);
}

TEST(NameTableTest, DuplicateKeepsFirstValue) {
  NameTable::Builder b;
  b.add(key("a.example"), 1);
  b.add(key("a.example"), 2);
  EXPECT_EQ(b.size(), 1u);
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.find(key("a.example")), 1u);
}

TEST(NameTableTest, EmptyNonTerminalIsUpgradedByData) {
  NameTable::Builder b;
  b.add(key("example"), kEmptyNonTerminal);
  b.add(key("example"), 5);
  b.add(key("example"), 6);  // the upgraded value is now a first value and stays
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.find(key("example")), 5u);
}

TEST(NameTableTest, DataIsNotDowngradedToEmptyNonTerminal) {
  NameTable::Builder b;
  b.add(key("example"), 5);
  b.add(key("example"), kEmptyNonTerminal);
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.find(key("example")), 5u);
}

TEST(NameTableTest, AddAncestorsAddsEveryProperAncestorAsEmptyNonTerminal) {
  NameTable::Builder b;
  b.add_ancestors(key("a.b.c._vouch"));
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.find(key("b.c._vouch")), kEmptyNonTerminal);
  EXPECT_EQ(t.find(key("c._vouch")), kEmptyNonTerminal);
  EXPECT_EQ(t.find(key("_vouch")), kEmptyNonTerminal);
  EXPECT_FALSE(t.find(key("a.b.c._vouch")).has_value());  // not itself
  EXPECT_FALSE(t.find({}).has_value());                   // nor the apex
  EXPECT_FALSE(t.find(key("a")).has_value());
}

TEST(NameTableTest, AddAncestorsOfOneLabelAddsNothing) {
  NameTable::Builder b;
  b.add_ancestors(key("single"));
  b.add_ancestors({});
  EXPECT_EQ(b.size(), 0u);
}

TEST(NameTableTest, AncestorsKeepExistingData) {
  // Each key is added with its ancestors, as the zone builder does.
  NameTable::Builder b;
  b.add(key("c._vouch"), 3);
  b.add_ancestors(key("c._vouch"));
  b.add(key("a.c._vouch"), 4);
  b.add_ancestors(key("a.c._vouch"));
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.find(key("c._vouch")), 3u);
  EXPECT_EQ(t.find(key("_vouch")), kEmptyNonTerminal);
  EXPECT_EQ(t.find(key("a.c._vouch")), 4u);
}

TEST(NameTableTest, DataAddedAfterAncestorsReplacesEmptyNonTerminal) {
  NameTable::Builder b;
  b.add_ancestors(key("www.example"));
  b.add(key("example"), 9);
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.find(key("example")), 9u);
}

TEST(NameTableTest, GrowsPastManyThousandKeys) {
  constexpr std::uint32_t kCount = 60000;
  NameTable::Builder b;
  for (std::uint32_t i = 0; i < kCount; ++i) {
    b.add(key("host" + std::to_string(i) + ".example"), i);
  }
  EXPECT_EQ(b.size(), kCount);
  const NameTable t = std::move(b).build();
  ASSERT_EQ(t.size(), kCount);
  for (std::uint32_t i = 0; i < kCount; ++i) {
    const auto v = t.find(key("host" + std::to_string(i) + ".example"));
    ASSERT_TRUE(v.has_value()) << i;
    ASSERT_EQ(*v, i);
  }
  for (std::uint32_t i = kCount; i < kCount + 1000; ++i) {
    ASSERT_FALSE(t.find(key("host" + std::to_string(i) + ".example")).has_value()) << i;
  }
}

TEST(NameTableTest, DuplicatesSurviveGrowth) {
  NameTable::Builder b;
  for (std::uint32_t i = 0; i < 5000; ++i)
    b.add(key("n" + std::to_string(i)), i);
  for (std::uint32_t i = 0; i < 5000; ++i)
    b.add(key("n" + std::to_string(i)), i + 100000);
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.size(), 5000u);
  for (std::uint32_t i = 0; i < 5000; ++i)
    ASSERT_EQ(t.find(key("n" + std::to_string(i))), i);
}

TEST(NameTableTest, KeysDifferingOnlyInLengthAreDistinct) {
  // Every prefix of a run of zero bytes: the hash pads short tails with zeros, so only the length
  // tells these apart.
  const Bytes zeros(40, 0);
  NameTable::Builder b;
  for (std::size_t n = 0; n <= zeros.size(); ++n) {
    b.add(std::span<const std::uint8_t>{zeros.data(), n}, static_cast<std::uint32_t>(n));
  }
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.size(), zeros.size() + 1);
  for (std::size_t n = 0; n <= zeros.size(); ++n) {
    EXPECT_EQ(t.find(std::span<const std::uint8_t>{zeros.data(), n}), n);
  }
  const Bytes longer(41, 0);
  EXPECT_FALSE(t.find(longer).has_value());
}

TEST(NameTableTest, NamePrefixIsNotAMatch) {
  NameTable::Builder b;
  b.add(key("abcdefgh.example"), 1);
  const NameTable t = std::move(b).build();
  const Bytes k = key("abcdefgh.example");
  EXPECT_FALSE(t.find(std::span<const std::uint8_t>{k.data(), k.size() - 1}).has_value());
  EXPECT_FALSE(t.find(key("abcdefgh")).has_value());
  EXPECT_FALSE(t.find(key("abcdefgh.example.x")).has_value());
}

TEST(NameTableTest, EmptyKeyIsTheApex) {
  NameTable::Builder b;
  b.add({}, 42);
  b.add(key("www"), 1);
  const NameTable t = std::move(b).build();
  EXPECT_EQ(t.find({}), 42u);
  EXPECT_EQ(t.find(key("www")), 1u);
}

TEST(NameTableTest, LookupIsByteExact) {
  // Keys are lower-cased by the builder's caller; the table itself compares bytes.
  NameTable::Builder b;
  b.add(key("example"), 1);
  const NameTable t = std::move(b).build();
  const Bytes upper{7, 'E', 'x', 'a', 'm', 'p', 'l', 'e'};
  EXPECT_FALSE(t.find(upper).has_value());
}

TEST(NameTableTest, LongestKeysAreStored) {
  // 63-octet labels up to the 254-octet relative-name limit.
  const std::string label(63, 'x');
  const std::string name = label + "." + label + "." + label + "." + std::string(61, 'y');
  NameTable::Builder b;
  b.add(key(name), 3);
  const NameTable t = std::move(b).build();
  EXPECT_EQ(key(name).size(), 254u);
  EXPECT_EQ(t.find(key(name)), 3u);
}

TEST(NameTableTest, ForEachVisitsEveryEntryOnce) {
  NameTable::Builder b;
  std::map<Bytes, std::uint32_t> expected;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    const Bytes k = key("e" + std::to_string(i) + ".list");
    b.add(k, i);
    expected[k] = i;
  }
  b.add_ancestors(key("e0.list"));
  expected[key("list")] = kEmptyNonTerminal;
  const NameTable t = std::move(b).build();
  std::map<Bytes, std::uint32_t> seen;
  t.for_each([&seen](std::span<const std::uint8_t> k, std::uint32_t v) {
    EXPECT_TRUE(seen.emplace(Bytes(k.begin(), k.end()), v).second);
  });
  EXPECT_EQ(seen, expected);
}

TEST(NameTableTest, MemoryGrowsWithEntries) {
  NameTable::Builder small;
  small.add(key("a"), 1);
  NameTable::Builder big;
  for (std::uint32_t i = 0; i < 10000; ++i)
    big.add(key("k" + std::to_string(i)), i);
  EXPECT_LT(std::move(small).build().memory_bytes(), std::move(big).build().memory_bytes());
}

}  // namespace
}  // namespace vouchd::zone
