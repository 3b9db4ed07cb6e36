// `vouchd ingest` (see ingest_command.h). The files are read and parsed on the calling thread
// with the same reader as the API (vouchd/api/report_reader.h); full batches go to a writer
// thread that commits each in one transaction (Store::add_reports), so parsing and SQLite overlap
// on two cores. Progress goes to standard error, the summary to standard output.
#include "ingest_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <tuple>

#include "vouchd/api/report_reader.h"
#include "vouchd/store/store.h"

namespace vouchd::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A batch is committed at this many raw bytes too, whatever its report count.
constexpr std::size_t kBatchBytes = 64u << 20;

std::chrono::sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

struct FileList {
  std::vector<fs::path> files;
  std::uintmax_t bytes = 0;
};

bool is_maildir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "cur", ec) && fs::is_directory(dir / "new", ec) &&
         fs::is_directory(dir / "tmp", ec);
}

// Files to read under `dir`: every regular file, but in a maildir only those of cur/ and new/
// (tmp/ holds deliveries in progress, the top holds the mail store's own index files), and no
// hidden file.
void walk(const fs::path& dir, FileList& out) {
  std::vector<fs::path> entries;
  for (const fs::directory_entry& e : fs::directory_iterator{dir})
    entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  const bool maildir = is_maildir(dir);
  for (const fs::path& p : entries) {
    if (p.filename().string().starts_with('.')) continue;
    if (fs::is_directory(p)) {
      if (maildir && p.filename() == "tmp") continue;
      walk(p, out);
    } else if (fs::is_regular_file(p) && !maildir) {
      out.files.push_back(p);
      out.bytes += fs::file_size(p);
    }
  }
}

// The files named by `paths` (directories walked recursively), or the path that cannot be read.
std::optional<FileList> collect(const std::vector<std::string>& paths, std::string& error) {
  FileList out;
  for (const std::string& name : paths) {
    try {
      const fs::path p{name};
      if (fs::is_directory(p)) {
        walk(p, out);
      } else if (fs::is_regular_file(p)) {
        out.files.push_back(p);
        out.bytes += fs::file_size(p);
      } else {
        error = name + ": no such file or directory";
        return std::nullopt;
      }
    } catch (const fs::filesystem_error& e) {
      error = name + ": " + e.code().message();
      return std::nullopt;
    }
  }
  return out;
}

std::optional<std::string> read_bytes(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(s).str();
}

std::int64_t mtime_of(const fs::path& path) {
  std::error_code ec;
  const auto t = fs::last_write_time(path, ec);
  if (ec) return now().time_since_epoch().count();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::file_clock::to_sys(t).time_since_epoch())
      .count();
}

// What the run has done so far; written by both threads, read by the progress line.
struct Counters {
  std::atomic<std::size_t> files{0};
  std::atomic<std::uintmax_t> bytes{0};
  std::atomic<std::size_t> read{0};  // reports parsed (stored or not yet)
  std::atomic<std::size_t> stored{0};
  std::atomic<std::size_t> duplicates{0};
  std::atomic<std::size_t> refused{0};
  std::atomic<std::size_t> evidence{0};
};

// Commits batches on its own thread, in the order they were queued; at most two wait, so the
// parser stays at most two batches ahead. The first store error stops it.
class Writer {
 public:
  Writer(store::Store& store, Counters& counters)
      : store_{store}, counters_{counters}, thread_{[this] { run(); }} {}
  ~Writer() { finish(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // False once a commit failed (error() says why).
  bool push(std::vector<store::NewReport> batch) {
    std::unique_lock lock{mutex_};
    room_.wait(lock, [&] { return queue_.size() < 2 || !error_.empty(); });
    if (!error_.empty()) return false;
    queue_.push_back(std::move(batch));
    work_.notify_one();
    return true;
  }
  // Waits for every queued batch; returns the first store error, or "".
  std::string finish() {
    {
      const std::lock_guard lock{mutex_};
      done_ = true;
      work_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
    return error_;
  }

 private:
  void run() {
    for (;;) {
      std::vector<store::NewReport> batch;
      {
        std::unique_lock lock{mutex_};
        work_.wait(lock, [&] { return !queue_.empty() || done_; });
        if (queue_.empty()) return;
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      const auto stored = store_.add_reports(batch, now());
      const std::lock_guard lock{mutex_};
      if (!stored) {
        error_ = stored.error().message;
        queue_.clear();
        room_.notify_all();
        return;
      }
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if ((*stored)[i].duplicate) {
          counters_.duplicates.fetch_add(1, std::memory_order_relaxed);
        } else {
          counters_.stored.fetch_add(1, std::memory_order_relaxed);
          counters_.evidence.fetch_add(batch[i].evidence.size(), std::memory_order_relaxed);
        }
      }
      room_.notify_all();
    }
  }

  store::Store& store_;
  Counters& counters_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable room_;
  std::deque<std::vector<store::NewReport>> queue_;
  bool done_ = false;
  std::string error_;
  std::thread thread_;  // last: starts once the members above exist
};

std::string megabytes(std::uintmax_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(bytes) / 1e6);
  return buf;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The progress line on standard error: on a terminal one line redrawn at most five times a
// second, otherwise a line every five seconds and one at the end.
class Progress {
 public:
  Progress(const Counters& c, std::size_t files, std::uintmax_t bytes)
      : c_{c}, files_{files}, bytes_{bytes}, tty_{isatty(STDERR_FILENO) == 1} {}

  void tick() {
    const auto t = Clock::now();
    if (t - last_ < (tty_ ? std::chrono::milliseconds{200} : std::chrono::milliseconds{5000})) {
      return;
    }
    last_ = t;
    print();
  }
  void end() {
    print();
    if (tty_) std::fputc('\n', stderr);
  }

 private:
  void print() const {
    const std::size_t reports = c_.stored + c_.duplicates;
    const double elapsed = seconds_since(start_);
    const auto rate =
        elapsed > 0 ? static_cast<std::uint64_t>(static_cast<double>(reports) / elapsed) : 0;
    std::fprintf(stderr,
                 "%singest: %zu/%zu files, %zu reports (%zu duplicates, %zu refused), %llu "
                 "reports/s, %s/%s MB%s",
                 tty_ ? "\r" : "", c_.files.load(), files_, reports, c_.duplicates.load(),
                 c_.refused.load(), static_cast<unsigned long long>(rate),
                 megabytes(c_.bytes).c_str(), megabytes(bytes_).c_str(), tty_ ? "\x1b[K" : "\n");
    std::fflush(stderr);
  }

  const Counters& c_;
  std::size_t files_;
  std::uintmax_t bytes_;
  bool tty_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = Clock::now();
};

// Why the reporter cannot ingest, or "" if it can.
std::string check_reporter(store::Store& store, std::int64_t id) {
  const auto tokens = store.list_tokens();
  if (!tokens) return tokens.error().message;
  for (const store::Token& t : *tokens) {
    if (t.id != id) continue;
    if (!t.usable(now()))
      return "--reporter " + std::to_string(id) + ": the token is revoked or expired";
    if (t.role != store::TokenRole::Reporter && t.role != store::TokenRole::Admin) {
      return "--reporter " + std::to_string(id) + ": the token's role is " +
             std::string{store::role_to_text(t.role)} + ", not reporter or admin";
    }
    return "";
  }
  return "--reporter " + std::to_string(id) + ": no such token (see vouchd token list)";
}

struct Refusal {
  std::size_t file = 0;  // position in the file list, for the summary's order
  std::size_t item = 0;
  std::string where;  // file, or file:index
  std::string why;
};

// Reads files into reports on several threads (parsing, GMime's above all, is the costly part)
// and hands full batches to the writer. Each thread takes the next file; the reports of one file
// stay together and in order.
class Reader {
 public:
  Reader(const IngestOptions& o, const std::vector<fs::path>& files, Counters& c, Writer& w)
      : options_{o}, files_{files}, counters_{c}, writer_{w} {}

  // Reads every file on `threads` threads, calling `tick` about five times a second meanwhile;
  // stops early when the writer failed. The last partial batch is handed over too.
  void run(unsigned threads, const std::function<void()>& tick) {
    {
      std::vector<std::jthread> workers;
      for (unsigned i = 0; i < threads; ++i)
        workers.emplace_back([this] { work(); });
      for (;;) {
        {
          std::unique_lock lock{mutex_};
          idle_.wait_for(lock, std::chrono::milliseconds{200},
                         [&] { return finished_ == threads; });
          if (finished_ == threads) break;
        }
        tick();  // outside the lock: it reads only atomic counters
      }
    }
    flush();
  }
  std::vector<Refusal> refusals() {
    std::sort(refusals_.begin(), refusals_.end(), [](const Refusal& a, const Refusal& b) {
      return std::tie(a.file, a.item) < std::tie(b.file, b.item);
    });
    return refusals_;
  }

 private:
  struct FileReports {
    std::vector<store::NewReport> reports;
    std::vector<Refusal> refusals;
  };

  void work() {
    for (;;) {
      const std::size_t i = next_.fetch_add(1);
      if (i >= files_.size() || failed_) break;
      FileReports got = read_file(i);
      counters_.files += 1;
      const std::lock_guard lock{mutex_};
      refusals_.insert(refusals_.end(), got.refusals.begin(), got.refusals.end());
      for (store::NewReport& r : got.reports) {
        batch_bytes_ += r.raw.size();
        batch_.push_back(std::move(r));
        if (batch_.size() >= options_.batch_reports || batch_bytes_ >= kBatchBytes) flush();
      }
    }
    const std::lock_guard lock{mutex_};
    ++finished_;
    idle_.notify_all();
  }

  // Hands the batch to the writer (the caller holds mutex_, or the threads are done).
  void flush() {
    if (!batch_.empty() && !failed_ && !writer_.push(std::move(batch_))) failed_ = true;
    batch_.clear();
    batch_bytes_ = 0;
  }

  FileReports read_file(std::size_t index) {
    const fs::path& path = files_[index];
    const std::string name = path.string();
    FileReports out;
    const auto bytes = read_bytes(path);
    if (!bytes) {
      out.refusals.push_back({index, 0, name, "cannot read the file"});
      counters_.refused += 1;
      return out;
    }
    const std::int64_t received =
        options_.received_now ? now().time_since_epoch().count() : mtime_of(path);
    read_items(index, name, *bytes, received, out);
    counters_.bytes += bytes->size();
    counters_.read += out.reports.size();
    counters_.refused += out.refusals.size();
    return out;
  }

  void read_items(std::size_t index, const std::string& name, const std::string& bytes,
                  std::int64_t received, FileReports& out) const {
    auto add = [&](std::size_t item, std::string where,
                   tl::expected<store::NewReport, api::ReportRefusal> report) {
      if (report) {
        out.reports.push_back(std::move(*report));
      } else {
        out.refusals.push_back({index, item, std::move(where), report.error().message});
      }
    };
    const auto media = api::sniff_batch(name, bytes);
    if (!media) {
      const auto report = api::sniff_report(bytes);
      if (!report) {
        out.refusals.push_back(
            {index, 0, name, "neither an ARF message, a DMARC report nor a JSON event"});
        return;
      }
      return add(0, name, api::read_report(*report, bytes, options_.reporter, received));
    }
    const auto items = api::split_batch(*media, bytes);
    if (!items) {
      out.refusals.push_back({index, 0, name, items.error().message});
      return;
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
      const api::BatchItem& item = (*items)[i];
      std::string where = name + ":" + std::to_string(i);
      if (!item.name.empty()) where += " (" + item.name + ")";
      if (item.line != 0) where += " (line " + std::to_string(item.line) + ")";
      if (item.refused) {
        out.refusals.push_back({index, i, std::move(where), item.refused->message});
        continue;
      }
      const std::int64_t at = options_.received_now ? received : item.delivered.value_or(received);
      add(i, std::move(where), api::read_report(*item.media, item.bytes, options_.reporter, at));
    }
  }

  const IngestOptions& options_;
  const std::vector<fs::path>& files_;
  Counters& counters_;
  Writer& writer_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::mutex mutex_;  // guards what follows
  std::condition_variable idle_;
  unsigned finished_ = 0;  // worker threads done
  std::vector<store::NewReport> batch_;
  std::size_t batch_bytes_ = 0;
  std::vector<Refusal> refusals_;
};

void print_summary(const Counters& c, std::size_t files, double elapsed,
                   const std::vector<Refusal>& refusals) {
  const std::size_t reports = c.stored + c.duplicates;
  std::printf("files     %zu\n", files);
  std::printf("reports   %zu stored, %zu duplicates, %zu refused\n", c.stored.load(),
              c.duplicates.load(), c.refused.load());
  std::printf("evidence  %zu rows\n", c.evidence.load());
  std::printf("elapsed   %.2f s (%.0f reports/s)\n", elapsed,
              elapsed > 0 ? static_cast<double>(reports) / elapsed : 0.0);
  for (const Refusal& r : refusals)
    std::printf("refused   %s: %s\n", r.where.c_str(), r.why.c_str());
  std::fflush(stdout);
}

}  // namespace

int run_ingest(const IngestOptions& options, spdlog::logger& log) {
  auto opened = store::Store::open(options.db, false);
  if (!opened) {
    std::fprintf(stderr, "vouchd: %s: %s\n", options.db.c_str(), opened.error().message.c_str());
    return 2;
  }
  store::Store& store = **opened;
  if (const std::string why = check_reporter(store, options.reporter); !why.empty()) {
    std::fprintf(stderr, "vouchd: %s\n", why.c_str());
    return 2;
  }
  std::string error;
  const auto list = collect(options.paths, error);
  if (!list) {
    std::fprintf(stderr, "vouchd: %s\n", error.c_str());
    return 2;
  }
  const auto start = Clock::now();
  (void)store.use_bulk_cache(true);  // only a cache size: the run goes on without it
  Counters counters;
  Progress progress{counters, list->files.size(), list->bytes};
  Writer writer{store, counters};
  Reader reader{options, list->files, counters, writer};
  // Parsing takes most of the time: one thread per core beside the writer's, at least one.
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  reader.run(threads, [&] { progress.tick(); });
  error = writer.finish();
  progress.end();
  const double elapsed = seconds_since(start);
  print_summary(counters, list->files.size(), elapsed, reader.refusals());
  log.info("ingest_done files={} stored={} duplicates={} refused={} evidence={} seconds={:.2f}",
           list->files.size(), counters.stored.load(), counters.duplicates.load(),
           counters.refused.load(), counters.evidence.load(), elapsed);
  if (!error.empty()) {
    std::fprintf(stderr, "vouchd: commit failed: %s (earlier batches are stored)\n", error.c_str());
    return 2;
  }
  return counters.refused == 0 ? 0 : 1;
}

}  // namespace vouchd::cli
