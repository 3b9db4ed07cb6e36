// Fuzz target for the JSON events of operators' feeds: any bytes parse or are refused naming a
// member, never crash; an accepted event has evidence with a positive count.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vouchd/ingest/evidence.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  if (const auto e = vouchd::ingest::parse_json_event(text)) {
    if (e->items.empty()) std::abort();
    for (const auto& item : e->items) {
      if (item.count == 0 || item.key.empty()) std::abort();
    }
  }
  return 0;
}
