// Files compiled into the binary by cmake/Embed.cmake (the SQL migrations).
#pragma once

#include <span>
#include <string_view>

namespace vouchd {
struct EmbeddedText {
  std::string_view name;  // file name, e.g. "0001_initial.sql"
  std::string_view text;
};
}  // namespace vouchd

namespace vouchd::store {
std::span<const EmbeddedText> embedded_migrations();  // in file-name order
}  // namespace vouchd::store
