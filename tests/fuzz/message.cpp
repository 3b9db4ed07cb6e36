// Fuzz target: the whole-message parser must never crash, and a message it accepts must survive
// a write/parse round trip with the same sections.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "vouchd/dnswire/message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = vouchd::dnswire::parse_message({data, size});
  if (!parsed.ok() || parsed.message.opt_count > 1) return 0;
  const auto wire = vouchd::dnswire::write_message(parsed.message);
  const auto again = vouchd::dnswire::parse_message(wire);
  if (!again.ok()) std::abort();
  const auto& a = parsed.message;
  const auto& b = again.message;
  if (a.questions.size() != b.questions.size() || a.answers.size() != b.answers.size() ||
      a.authority.size() != b.authority.size() || a.additional.size() != b.additional.size()) {
    std::abort();
  }
  for (std::size_t i = 0; i < a.answers.size(); ++i) {
    if (!(a.answers[i].owner == b.answers[i].owner) || a.answers[i].rdata != b.answers[i].rdata) {
      std::abort();
    }
  }
  return 0;
}
