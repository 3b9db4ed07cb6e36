// The reputation service (design.md §11): the reputation engine kept in memory, fed from the
// stored evidence at start-up and from each report as it is stored, and the sweep that turns
// scores into computed listings of every zone with a policy, written through the store (so
// journaled and audited like any edit) and published to DNS. Data flows one way: store →
// engine → store (computed listings) → journal → zone index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "vouchd/reputation/engine.h"
#include "vouchd/store/store.h"

namespace vouchd::scoring {

// A stored evidence row as engine evidence (nullopt: a kind or identity the engine ignores).
std::optional<reputation::Evidence> engine_evidence(std::int64_t reporter,
                                                    const store::EvidenceRow& row);

// What one sweep did.
struct SweepReport {
  std::int64_t at = 0;     // the instant scored
  std::size_t zones = 0;   // zones with a policy
  std::size_t listed = 0;  // identities the engine lists
  std::size_t added = 0;   // computed listings made, changed, removed and withheld, all zones
  std::size_t changed = 0;
  std::size_t removed = 0;
  std::size_t withheld = 0;
  std::vector<std::string> errors;  // zones that could not be written, with the reason
};

class Scoring {
 public:
  // Called with the store lock held after a sync committed, like the API's OnCommit.
  using Publish = std::function<void(const store::Zone&, const store::Committed&)>;

  // `store` is shared under `store_mutex` and outlives this object.
  Scoring(store::Store& store, std::mutex& store_mutex, Publish publish,
          reputation::Policy policy = {});

  // Reads every evidence row and every reporter's fixed trust from the store (start-up).
  store::Expected<void, store::StoreError> load();
  // Evidence of a report just stored (non-duplicate).
  void add(std::int64_t reporter, const std::vector<store::EvidenceRow>& rows);
  // The operator fixed (or, nullopt, released) a reporter's trust.
  void pin_trust(std::int64_t reporter, std::optional<double> trust);

  struct View {
    reputation::Score score;
    std::map<std::int64_t, reputation::DayCounts> daily;
  };
  // The identity's score at `now` and its daily evidence; nullopt without evidence.
  std::optional<View> view(const reputation::Identity& id, std::int64_t now) const;
  // Every reporter's trust as the engine uses it (learned or fixed).
  std::map<std::int64_t, double> trust() const;
  // Whether evidence arrived since the last sweep began.
  bool dirty() const;

  // Learns reporter trust, scores every identity at `now`, and makes the computed listings of
  // every zone with a policy match (store::sync_computed; each change published). Sweeps run
  // one at a time; readers and ingest go on meanwhile.
  SweepReport sweep(std::int64_t now);

 private:
  struct Target;  // a zone with its policy
  std::vector<Target> targets(SweepReport& report);
  void learn_decisions(const std::vector<Target>& zones);

  store::Store& store_;
  std::mutex& store_mutex_;
  Publish publish_;
  mutable std::mutex engine_mutex_;  // guards engine_, decided_, dirty_
  reputation::Engine engine_;
  std::set<reputation::Identity> decided_;  // identities with a manual decision in the engine
  bool dirty_ = false;
  std::mutex sweep_mutex_;  // one sweep at a time
};

}  // namespace vouchd::scoring
