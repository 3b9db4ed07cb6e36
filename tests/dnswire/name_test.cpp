// Tests of dnswire::Name: presentation and wire forms, compression, case rules, canonical order.
#include "vouchd/dnswire/name.h"

#include <gtest/gtest.h>

#include <vector>

namespace vouchd::dnswire {
namespace {

Name N(std::string_view text) {
  return Name::from_text(text).value();
}

TEST(NameTest, ParsesAbsoluteText) {
  const Name n = N("Sender.Example.");
  EXPECT_EQ(n.label_count(), 2u);
  EXPECT_EQ(n.to_text(), "Sender.Example.");
  EXPECT_EQ(n.wire_size(), 16u);
}

TEST(NameTest, RelativeNeedsOrigin) {
  EXPECT_FALSE(Name::from_text("www").has_value());
  const Name origin = N("example.");
  EXPECT_EQ(Name::from_text("www", &origin)->to_text(), "www.example.");
  EXPECT_EQ(Name::from_text("@", &origin)->to_text(), "example.");
}

TEST(NameTest, RejectsEmptyLabelsAndOverlongLabels) {
  EXPECT_FALSE(Name::from_text("a..b.").has_value());
  EXPECT_FALSE(Name::from_text(".a.").has_value());
  EXPECT_FALSE(Name::from_text(std::string(64, 'a') + ".").has_value());
  EXPECT_TRUE(Name::from_text(std::string(63, 'a') + ".").has_value());
}

TEST(NameTest, RejectsNamesOver255Octets) {
  std::string text;
  for (int i = 0; i < 4; ++i)
    text += std::string(63, 'a') + ".";  // 4 * 64 + 1 = 257
  EXPECT_FALSE(Name::from_text(text).has_value());
  text = "";
  for (int i = 0; i < 3; ++i)
    text += std::string(63, 'a') + ".";
  text += std::string(61, 'b') + ".";  // 3 * 64 + 62 + 1 = 255
  EXPECT_TRUE(Name::from_text(text).has_value());
}

TEST(NameTest, EscapesRoundTrip) {
  const Name n = N("a\\.b\\032c\\\\d.example.");
  EXPECT_EQ(n.label_count(), 2u);
  EXPECT_EQ(n.wire()[0], 7u);  // "a.b c\d"
  EXPECT_EQ(Name::from_text(n.to_text()).value(), n);
  EXPECT_FALSE(Name::from_text("a\\25.").has_value());   // \DDD needs three digits
  EXPECT_FALSE(Name::from_text("a\\256.").has_value());  // and at most 255
}

TEST(NameTest, ComparesIgnoringAsciiCase) {
  EXPECT_EQ(N("EXAMPLE.com."), N("example.COM."));
  EXPECT_NE(N("example.com."), N("example.org."));
  EXPECT_EQ(N("ExAmple.").lowered().to_text(), "example.");
}

TEST(NameTest, IsBelowStopsAtLabelBoundaries) {
  EXPECT_TRUE(N("a.b.example.").is_below(N("EXAMPLE.")));
  EXPECT_TRUE(N("example.").is_below(N("example.")));
  EXPECT_FALSE(N("notexample.").is_below(N("example.")));
  EXPECT_FALSE(N("example.").is_below(N("a.example.")));
}

TEST(NameTest, RelativeToAndParent) {
  const Name n = N("x.sender.example._vouch.vouch.example.");
  EXPECT_EQ(n.relative_to(N("vouch.example.")).label_count(), 4u);
  EXPECT_EQ(n.parent(2).to_text(), "example._vouch.vouch.example.");
  EXPECT_EQ(N("a.").concat(N("b.c."))->to_text(), "a.b.c.");
}

TEST(NameTest, CanonicalOrderRfc4034Sec6p1) {
  // The example list of RFC 4034 §6.1, in canonical order.
  const std::vector<Name> ordered = {
      N("example."),         N("a.example."),      N("yljkjljk.a.example."),
      N("Z.a.example."),     N("zABC.a.EXAMPLE."), N("z.example."),
      N("\\001.z.example."), N("*.z.example."),    N("\\200.z.example.")};
  for (std::size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_LT(ordered[i], ordered[i + 1])
        << ordered[i].to_text() << " vs " << ordered[i + 1].to_text();
  }
}

TEST(NameTest, FromWireFollowsBackwardPointers) {
  // "example." at 12, then "www" + pointer to 12 at 21.
  const std::vector<std::uint8_t> msg = {0,   0,   0, 0, 0,   0,   0,   0,    0,
                                         0,   0,   0, 7, 'e', 'x', 'a', 'm',  'p',
                                         'l', 'e', 0, 3, 'w', 'w', 'w', 0xC0, 12};
  WireReader r{msg};
  r.skip(21);
  const Name n = Name::from_wire(r);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(n.to_text(), "www.example.");
  EXPECT_EQ(r.pos(), msg.size());  // the reader stops after the pointer
}

TEST(NameTest, FromWireRejectsLoopsAndForwardPointers) {
  std::vector<std::uint8_t> msg(12, 0);
  msg.insert(msg.end(), {0xC0, 12});  // points at itself
  WireReader r{msg};
  r.skip(12);
  (void)Name::from_wire(r);
  EXPECT_EQ(r.error(), WireError::PointerLoop);

  std::vector<std::uint8_t> fwd(12, 0);
  fwd.insert(fwd.end(), {0xC0, 14, 0});
  WireReader r2{fwd};
  r2.skip(12);
  (void)Name::from_wire(r2);
  EXPECT_EQ(r2.error(), WireError::PointerLoop);
}

TEST(NameTest, FromWireRejectsReservedLabelTypes) {
  std::vector<std::uint8_t> msg = {0x40, 'a', 0};
  WireReader r{msg};
  (void)Name::from_wire(r);
  EXPECT_EQ(r.error(), WireError::BadLabelType);
}

TEST(NameTest, FromWireTruncated) {
  std::vector<std::uint8_t> msg = {3, 'w', 'w'};
  WireReader r{msg};
  (void)Name::from_wire(r);
  EXPECT_EQ(r.error(), WireError::Truncated);
}

}  // namespace
}  // namespace vouchd::dnswire
