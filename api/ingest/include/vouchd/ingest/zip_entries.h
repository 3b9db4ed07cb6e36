// The files of a zip archive of reports (a backfill or a batch: DMARC reports as .xml or .xml.gz,
// ARF messages as .eml), each inflated under a cap and refused on its own when it cannot be read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "vouchd/ingest/dmarc.h"

namespace vouchd::ingest {

struct ZipEntry {
  std::string name;                 // as stored in the archive
  std::string bytes;                // the entry inflated; empty when refused
  std::optional<DmarcError> error;  // why the entry was refused
};

// Every file of the archive in stored order (directories skipped). An entry is refused on its own
// when it inflates past `max_entry` bytes, when the entries before it already inflated to
// `max_total` bytes (TooLarge), when it fails its CRC, or when it is itself a zip archive
// (Hostile: an archive inside an archive; a gzip entry is a report's usual packaging and is left
// to the report's parser). The whole archive is Malformed when it does not open as a zip.
tl::expected<std::vector<ZipEntry>, DmarcError> zip_entries(std::string_view bytes,
                                                            std::size_t max_entry,
                                                            std::size_t max_total);

}  // namespace vouchd::ingest
