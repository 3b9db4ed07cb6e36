// Zip archives from memory (see zip_archive.h), shared by DMARC unpacking and zip batches.
#include "zip_archive.h"

#include <algorithm>

#include "vouchd/ingest/zip_entries.h"

namespace vouchd::ingest::detail {
namespace {

tl::unexpected<DmarcError> fail(DmarcError::Code code, std::string message) {
  return tl::unexpected(DmarcError{code, std::move(message)});
}

}  // namespace

tl::expected<ZipArchive, DmarcError> ZipArchive::open(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return fail(DmarcError::Code::Malformed, "not a zip archive");
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(source);
    return fail(DmarcError::Code::Malformed, "not a zip archive");
  }
  return ZipArchive{archive};
}

std::size_t ZipArchive::size() const noexcept {
  const zip_int64_t n = zip_get_num_entries(archive_.get(), 0);
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

std::string ZipArchive::name(std::size_t index) const {
  const char* n = zip_get_name(archive_.get(), index, 0);
  return n == nullptr ? std::string{} : std::string{n};
}

tl::expected<std::string, DmarcError> ZipArchive::read(std::size_t index, std::size_t cap) const {
  using Code = DmarcError::Code;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_.get(), index, 0, &st) != 0) {
    return fail(Code::Malformed, "unreadable zip entry");
  }
  if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > cap) {
    return fail(Code::TooLarge, "the zip entry declares a size past the limit");
  }
  zip_file_t* file = zip_fopen_index(archive_.get(), index, 0);
  if (file == nullptr) return fail(Code::Malformed, "unreadable zip entry (method or encryption)");
  const std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> guard{file, zip_fclose};
  std::string out;
  if ((st.valid & ZIP_STAT_SIZE) != 0) out.reserve(static_cast<std::size_t>(st.size));
  char buf[65536];
  for (;;) {
    const zip_int64_t n = zip_fread(file, buf, sizeof buf);
    if (n < 0) return fail(Code::Hostile, "the zip entry is corrupt (CRC or format)");
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > cap) return fail(Code::TooLarge, "the zip entry inflates past the limit");
  }
  return out;
}

}  // namespace vouchd::ingest::detail

namespace vouchd::ingest {

tl::expected<std::vector<ZipEntry>, DmarcError> zip_entries(std::string_view bytes,
                                                            std::size_t max_entry,
                                                            std::size_t max_total) {
  const auto archive = detail::ZipArchive::open(bytes);
  if (!archive) return tl::unexpected(archive.error());
  std::vector<ZipEntry> out;
  std::size_t total = 0;
  for (std::size_t i = 0; i < archive->size(); ++i) {
    ZipEntry entry{archive->name(i), {}, std::nullopt};
    if (entry.name.ends_with('/')) continue;
    const std::size_t left = max_total > total ? max_total - total : 0;
    auto read = archive->read(i, std::min(max_entry, left));
    if (!read) {
      entry.error = read.error();
      if (read.error().code == DmarcError::Code::TooLarge && left < max_entry) {
        entry.error->message = "the archive's entries inflate past the limit together";
      }
    } else if (read->starts_with(std::string_view{"PK\x03\x04", 4})) {
      entry.error = DmarcError{DmarcError::Code::Hostile, "an archive inside an archive"};
    } else {
      total += read->size();
      entry.bytes = std::move(*read);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace vouchd::ingest
