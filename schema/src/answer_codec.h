// The encoding of a store::Answer in `answers.data`.
//
// Each RR, in the answer's order: type (u16), ttl (u32), rdlength (u16), rdata (rdlength octets),
// integers big-endian: the RR wire format of RFC 1035 §3.2.1 without owner and class. The empty
// answer is the empty blob. Equal answers encode to equal bytes, which is what interning relies on
// (answers with the same RRs in another order are different answers).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "vouchd/store/store.h"

namespace vouchd::store::detail {

// Appends the encoding of `answer` to `out` (cleared first). False if an rdata exceeds 65535
// octets.
[[nodiscard]] bool encode_answer(const Answer& answer, std::string& out);
// Decodes into `out`, reusing its storage; false if the bytes are not a whole encoding.
[[nodiscard]] bool decode_answer(std::span<const std::uint8_t> data, Answer& out);

}  // namespace vouchd::store::detail
