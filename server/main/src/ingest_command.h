// `vouchd ingest`: a backfill of feedback reports from files (maildirs, mailboxes, .eml messages,
// DMARC reports as .xml/.gz/.zip, JSON events) straight into the store, in batches of one
// transaction each, with a progress line and a summary.
#pragma once

#include <spdlog/logger.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vouchd::cli {

struct IngestOptions {
  std::string db;
  std::int64_t reporter = 0;  // token id; its role must be reporter or admin
  // Date ARF reports without Arrival-Date now, not by their delivery (mbox "From " line, or the
  // file's modification time).
  bool received_now = false;
  std::vector<std::string> paths;    // files and directories (walked recursively)
  std::size_t batch_reports = 1000;  // reports per transaction
};

// Exit status: 0 when every report was stored or was a duplicate, 1 when some were refused (the
// others are stored), 2 for usage and I/O errors (no database, unknown token, wrong role,
// unreadable path, a failed commit).
int run_ingest(const IngestOptions& options, spdlog::logger& log);

}  // namespace vouchd::cli
