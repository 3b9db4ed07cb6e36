// Tests of whole-message parsing and writing, with the standards.md §7.1 wire vector.
#include "vouchd/dnswire/message.h"

#include <gtest/gtest.h>

#include "vouchd/dnswire/name_compressor.h"

namespace vouchd::dnswire {
namespace {

std::vector<std::uint8_t> hex(std::string_view h) {
  std::vector<std::uint8_t> out;
  std::string digits;
  for (const char c : h) {
    if (std::isxdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// standards.md §7.1: the V1-style answer, byte for byte.
const std::vector<std::uint8_t> kV1Answer =
    hex("beef 8400 0001 0001 0000 0001"
        "07 6578616d706c65 03 636f6d 06 5f766f756368 05 766f756368 07 6578616d706c65 00 0010 0001"
        "c00c 0010 0001 00000e10 0011 10 7472616e73616374696f6e206c697374"
        "00 0029 04d0 00000000 0000");

TEST(MessageTest, ParsesTheV1Answer) {
  const ParseResult p = parse_message(kV1Answer);
  ASSERT_TRUE(p.ok());
  const Message& m = p.message;
  EXPECT_EQ(m.header.id, 0xBEEF);
  EXPECT_TRUE(m.header.is_response());
  EXPECT_TRUE(m.header.has(flag::kAa));
  ASSERT_EQ(m.questions.size(), 1u);
  EXPECT_EQ(m.questions[0].qname.to_text(), "example.com._vouch.vouch.example.");
  EXPECT_EQ(m.questions[0].qtype, RRType::Txt);
  ASSERT_EQ(m.answers.size(), 1u);
  EXPECT_EQ(m.answers[0].owner, m.questions[0].qname);
  EXPECT_EQ(m.answers[0].ttl, 3600u);
  EXPECT_EQ(m.answers[0].rdata.size(), 17u);
  ASSERT_TRUE(m.edns.has_value());
  EXPECT_EQ(m.edns->udp_size, 1232);
  EXPECT_EQ(m.opt_count, 1);
  EXPECT_TRUE(m.additional.empty());
}

TEST(MessageTest, WriteCompressesAgainstTheQuestion) {
  const ParseResult p = parse_message(kV1Answer);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(write_message(p.message), kV1Answer);
}

TEST(MessageTest, QueryMatchesTheStandardsVector) {
  const auto q = make_query(0xBEEF, Name::from_text("example.com._vouch.vouch.example.").value(),
                            RRType::Txt, 0, Edns{.udp_size = 1232, .options = {}});
  EXPECT_EQ(q, hex("beef 0000 0001 0000 0000 0001"
                   "07 6578616d706c65 03 636f6d 06 5f766f756368 05 766f756368 07 6578616d706c65"
                   "00 0010 0001 00 0029 04d0 00000000 0000"));
}

TEST(MessageTest, TrailingBytesAreAnError) {
  auto wire = kV1Answer;
  wire.push_back(0);
  EXPECT_EQ(parse_message(wire).error, WireError::TrailingData);
}

TEST(MessageTest, TruncatedRecordIsAnError) {
  auto wire = kV1Answer;
  wire.resize(wire.size() - 20);
  EXPECT_EQ(parse_message(wire).error, WireError::Truncated);
}

TEST(MessageTest, SoaRdataIsDecompressed) {
  // bl.example SOA with mname and rname compressed against the owner.
  Message m;
  const Name apex = Name::from_text("bl.example.").value();
  std::vector<std::uint8_t> buf(512);
  WireWriter w{buf};
  NameCompressor names;
  write_header(w, Header{.id = 1, .flags = 0x8400, .ancount = 1});
  names.write(w, apex);
  w.u16(6);
  w.u16(1);
  w.u32(300);
  const std::size_t rdlen_at = w.pos();
  w.u16(0);
  const std::size_t start = w.pos();
  names.write(w, Name::from_text("ns1.bl.example.").value());
  names.write(w, Name::from_text("hostmaster.bl.example.").value());
  for (int i = 0; i < 5; ++i)
    w.u32(static_cast<std::uint32_t>(i));
  w.patch_u16(rdlen_at, static_cast<std::uint16_t>(w.pos() - start));
  buf.resize(w.pos());
  const ParseResult p = parse_message(buf);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p.message.answers.size(), 1u);
  // Uncompressed: 16 + 23 + 20 octets.
  EXPECT_EQ(p.message.answers[0].rdata.size(), 16u + 23u + 20u);
}

TEST(MessageTest, CountsSeveralOpts) {
  Message m;
  m.questions.push_back({Name::from_text("a.example.").value(), RRType::A, 1});
  m.edns = Edns{.udp_size = 1232, .options = {}};
  auto wire = write_message(m);
  // Append a second OPT and raise ARCOUNT.
  const std::vector<std::uint8_t> opt = {0, 0, 41, 4, 0xd0, 0, 0, 0, 0, 0, 0};
  wire.insert(wire.end(), opt.begin(), opt.end());
  wire[11] = 2;
  const ParseResult p = parse_message(wire);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.message.opt_count, 2);
}

TEST(MessageTest, ExtendedRcodeCombinesHeaderAndOpt) {
  Message m;
  m.header.flags = 0x8000;
  m.edns = Edns{.udp_size = 1232, .extended_rcode = 1, .options = {}};
  const ParseResult p = parse_message(write_message(m));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.message.rcode(), 16);  // BADVERS
}

}  // namespace
}  // namespace vouchd::dnswire
