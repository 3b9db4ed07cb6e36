// Fuzz target for the mailbox splitter: any bytes split without crashing; no message is longer
// than the mailbox, a mailbox opening with "From " has one, and separator dates are sane.
#include "vouchd/ingest/mbox.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  const auto messages = vouchd::ingest::split_mbox(text);
  if (vouchd::ingest::is_mbox(text) && messages.empty()) std::abort();
  std::size_t total = 0;
  std::size_t last_line = 0;
  for (const auto& m : messages) {
    total += m.text.size() + m.separator.size();
    if (!m.separator.starts_with("From ") || m.line <= last_line) std::abort();
    last_line = m.line;
    if (const auto t = vouchd::ingest::mbox_separator_time(m.separator); t && *t < 0) std::abort();
  }
  if (total > size) std::abort();
  return 0;
}
