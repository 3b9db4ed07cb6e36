// Name compression for messages being written (RFC 1035 §4.1.4): remembers where names were
// written and replaces a repeated suffix by a pointer. Used off the hot path (transfers, tests,
// generic answers); the responder's prebuilt answers carry their pointers already.
#pragma once

#include <cstdint>
#include <vector>

#include "vouchd/dnswire/name.h"
#include "vouchd/dnswire/wire_writer.h"

namespace vouchd::dnswire {

// Bound to one message in one writer; offsets refer to that writer's buffer.
class NameCompressor {
 public:
  void write(WireWriter& w, const Name& name);
  static void write_uncompressed(WireWriter& w, const Name& name) { w.bytes(name.wire()); }

 private:
  std::vector<std::uint16_t> starts_;  // offsets of every label of every name written so far
};

}  // namespace vouchd::dnswire
