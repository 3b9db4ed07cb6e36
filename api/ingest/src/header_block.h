// A block of header fields ("Name: value" lines, folded continuation lines) as RFC 5322 §2.2
// writes them; used for the message/feedback-report part and text/rfc822-headers. Pure.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vouchd::ingest {

struct HeaderField {
  std::string name;   // as written
  std::string value;  // unfolded (line breaks removed), trimmed
};

// Every field of `text` in order; lines that are neither a field nor a continuation are skipped
// (and counted in `skipped`). Stops at the first empty line.
std::vector<HeaderField> parse_header_block(std::string_view text, std::size_t& skipped);

// The domain of an address ("News <news@Sender.Example>" → "sender.example"), or "".
std::string address_domain(std::string_view address);

}  // namespace vouchd::ingest
