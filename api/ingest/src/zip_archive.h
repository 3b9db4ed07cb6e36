// A zip archive read from memory with libzip: entry names, and one entry inflated under a cap
// (its declared size checked first, then the bytes actually inflated; CRC checked by libzip).
#pragma once

#include <zip.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "vouchd/ingest/dmarc.h"

namespace vouchd::ingest::detail {

class ZipArchive {
 public:
  // Borrows `bytes`, which must outlive the archive. Malformed unless it opens as a zip.
  static tl::expected<ZipArchive, DmarcError> open(std::string_view bytes);

  std::size_t size() const noexcept;
  // The entry's name as stored ("" if it has none); directories end in '/'.
  std::string name(std::size_t index) const;
  // The entry inflated: TooLarge past `cap` bytes, Hostile on a CRC or format error.
  tl::expected<std::string, DmarcError> read(std::size_t index, std::size_t cap) const;

 private:
  struct Discard {
    void operator()(zip_t* z) const noexcept { zip_discard(z); }
  };
  explicit ZipArchive(zip_t* z) : archive_{z} {}
  std::unique_ptr<zip_t, Discard> archive_;
};

}  // namespace vouchd::ingest::detail
