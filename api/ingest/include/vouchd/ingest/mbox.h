// Mailboxes in mbox form (RFC 4155, with the mboxrd quoting most writers use): messages split on
// "From " separator lines, body lines quoted as ">From " unquoted once. Pure: bytes in, messages
// out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vouchd::ingest {

struct MboxMessage {
  std::string text;       // the message as it was delivered (separator removed, ">From " unquoted)
  std::string separator;  // the "From sender date" line, without its line end
  std::size_t line = 1;   // 1-based line of the separator in the mailbox
};

// True if `bytes` opens with a "From " separator line (RFC 4155 §2), so it reads as a mailbox.
bool is_mbox(std::string_view bytes) noexcept;

// The messages of a mailbox. A separator is a line starting with "From " at the start of the
// mailbox or after an empty line (a body's own "From " lines are quoted by writers, and a lone
// unquoted one mid-paragraph is taken as body text); the empty line before a separator belongs to
// the mailbox, not the message. In each message, a line of one or more '>' followed by "From "
// loses one '>' (mboxrd). Text before the first separator is ignored. LF and CRLF line ends are
// both read; the message keeps its own.
std::vector<MboxMessage> split_mbox(std::string_view bytes);

// The date of a separator line ("From sender@example Thu Jan  1 00:00:00 2024", the asctime()
// form RFC 4155 §2 describes, in UTC) as unix seconds; nullopt when it has none that parses.
std::optional<std::int64_t> mbox_separator_time(std::string_view separator) noexcept;

}  // namespace vouchd::ingest
