// Files compiled into the binary by cmake/Embed.cmake (the OpenAPI document). The struct is the
// one every embedding target shares; it must stay token for token as in schema/src/embedded.h.
#pragma once

#include <span>
#include <string_view>

namespace vouchd {
struct EmbeddedText {
  std::string_view name;  // file name, e.g. "0001_initial.sql"
  std::string_view text;
};
}  // namespace vouchd

namespace vouchd::api {
std::span<const EmbeddedText> embedded_api_documents();
}  // namespace vouchd::api
