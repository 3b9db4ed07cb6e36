// Committed store changes → a new zone snapshot published to DNS (design.md §3: writer → journal
// → publisher), as a delta over the shared base. A delta grown large is folded into a new base on
// a compaction thread while writers keep adding to the delta; writers never wait for it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "vouchd/metrics/histogram.h"
#include "vouchd/store/store.h"
#include "vouchd/zone/zone_set.h"

namespace spdlog {
class logger;
}

namespace vouchd::cli {

class LiveUpdates {
 public:
  // Makes a delta-free zone holding at least the data of `served`: the same data, or that of a
  // later serial (changes after the result's serial are replayed on top of it). Called on the
  // compaction thread only; may throw (served.compacted() is used instead).
  using Rebase = std::function<std::shared_ptr<const zone::Zone>(const zone::Zone& served)>;

  struct Options {
    // Past this many delta entries a zone is compacted in the background; lookups and changes
    // cost in proportion to the delta.
    std::size_t compact_at = 4096;
    Rebase rebase;  // empty: served.compacted() (server/zone/README.md lists its approximations)
    spdlog::logger* log = nullptr;  // compactions at info, a failed rebase at warn; outlives this
    // Time from apply() (right after the commit) to the publication; outlives this.
    metrics::Histogram* publish_time = nullptr;
  };

  // `store` and `publisher` outlive this object; apply() runs with the store lock held.
  LiveUpdates(store::Store& store, zone::Publisher& publisher);
  LiveUpdates(store::Store& store, zone::Publisher& publisher, Options options);
  // Stops the compaction thread; a compaction in progress finishes first (a full build's time).
  ~LiveUpdates();
  LiveUpdates(const LiveUpdates&) = delete;
  LiveUpdates& operator=(const LiveUpdates&) = delete;

  // Publishes `committed` for `zone`; afterwards DNS answers with the new data. Journal rows map
  // to delta entries (names; reversed-address owners in dnsbl-ip4/-ip6 zones); a zone not served
  // yet, a reset, an SOA change or a row that names no entry rebuilds the zone from `store`.
  void apply(const store::Zone& zone, const store::Committed& committed);
  // Builds `zone` from the store and serves it in place of the zone with its apex, or beside the
  // others if there is none (a zone just created, or one whose SOA fields changed). A full build:
  // its time grows with the zone's size. Voids a compaction of that zone begun before.
  void load_zone(const store::Zone& zone);
  // Stops serving the zone at `apex`; its names are REFUSED afterwards.
  void remove_zone(const dnswire::Name& apex);

  // Blocks until no compaction is queued or running.
  void wait_idle();
  // Compactions published so far.
  std::uint64_t compactions() const;

  // A Rebase that rebuilds the zone from its own connection to the database at `path`, opened on
  // first use on the compaction thread (SQLite WAL: it reads while the writer commits). Exact
  // where Zone::compacted() approximates.
  static Rebase rebuild_from(std::string path);

 private:
  // What was applied to a zone while it compacts: replayed over the new base before it is
  // published.
  struct Logged {
    std::uint32_t serial;
    std::vector<zone::EntryChange> changes;
  };
  struct ZoneState {
    std::uint64_t epoch = 0;  // raised by a rebuild in apply(): a compaction begun before is void
    bool compacting = false;
    std::vector<Logged> log;
  };
  struct Job {
    dnswire::Name apex;
    std::uint64_t epoch;
    std::shared_ptr<const zone::Zone> snapshot;
  };

  void run(const std::stop_token& stop);
  std::shared_ptr<const zone::Zone> rebase(const zone::Zone& snapshot) const;
  // Replays the log over `base` and publishes it; returns the log records it read.
  std::size_t finish(const Job& job, std::shared_ptr<const zone::Zone> base,
                     std::unique_lock<std::mutex>& lock);

  store::Store& store_;
  zone::Publisher& publisher_;
  Options options_;
  // Guards everything below and orders every publish: apply() holds it for one delta's time, the
  // compaction thread only to copy the log and to publish, never while it builds.
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;          // a job was queued, or stop
  std::condition_variable idle_;              // the queue emptied and no job runs
  std::map<dnswire::Name, ZoneState> zones_;  // by lower-case apex
  std::deque<Job> queue_;
  bool busy_ = false;
  std::uint64_t compactions_ = 0;
  std::jthread worker_;  // last: started after, and stopped and joined before, the members above
};

}  // namespace vouchd::cli
