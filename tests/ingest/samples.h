// The report samples under tests/data/ingest/ (standards.md §7.7–7.9), read whole.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace vouchd::ingest {

inline std::string sample(const std::string& name) {
  std::ifstream in(std::string{VOUCHD_INGEST_DATA} + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `text` with the first `from` replaced by `to` (a test failure if there is none).
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace vouchd::ingest
