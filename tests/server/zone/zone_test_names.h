// Names, query names, table keys and TXT rdata from text, shared by the zone tests.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "vouchd/dnswire/name.h"
#include "vouchd/zone/query_name.h"

namespace vouchd::zone::test_names {

using Bytes = std::vector<std::uint8_t>;

inline dnswire::Name name(std::string_view text) {
  const auto n = dnswire::Name::from_text(text);
  if (!n) throw std::invalid_argument(std::string{text});
  return *n;
}

inline QueryName qname(std::string_view text) {
  QueryName q;
  if (!make_query_name(name(text).wire(), q)) throw std::invalid_argument(std::string{text});
  return q;
}

// A relative name ("a.b") as a table key: lower-case wire labels without the root.
inline Bytes key(std::string_view relative) {
  if (relative.empty()) return {};
  const dnswire::Name lower = name(std::string{relative} + ".").lowered();
  return Bytes(lower.wire().begin(), lower.wire().end() - 1);
}

// TXT rdata holding one character-string.
inline Bytes txt_rdata(std::string_view text) {
  Bytes out(1 + text.size());
  out[0] = static_cast<std::uint8_t>(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) out[1 + i] = static_cast<std::uint8_t>(text[i]);
  return out;
}

}  // namespace vouchd::zone::test_names
