// Times as vouchd reads them from people: unix seconds or RFC 3339 text.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vouchd::api {

// A time given as unix seconds ("1767225600") or RFC 3339 §5.6 text ("2026-01-01T00:00:00Z",
// "2026-01-01T01:00:00+01:00"); nullopt for anything else.
std::optional<std::int64_t> parse_time(std::string_view text);

}  // namespace vouchd::api
