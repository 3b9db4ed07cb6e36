// Expiry: vouches and listings (allow entries too) whose `expires` time has come are withdrawn through the store like any other
// delete (journaled, audited as actor "expiry") and the change is published to DNS.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>

#include "vouchd/store/store.h"

namespace vouchd::cli {

class ExpirySweeper {
 public:
  using Publish = std::function<void(const store::Zone&, const store::Committed&)>;

  // `store` is shared under `store_mutex`; `publish` runs with the lock held (as OnCommit does).
  ExpirySweeper(store::Store& store, std::mutex& store_mutex, Publish publish)
      : store_{store}, mutex_{store_mutex}, publish_{std::move(publish)} {}

  // Withdraws everything due at `now`, a batch per lock so that writers interleave; returns how
  // many entries it withdrew.
  std::size_t sweep(std::chrono::sys_seconds now);

 private:
  // Withdraws, a batch per lock so that writers interleave, what `due(n)` lists.
  template <typename Due, typename Withdraw>
  std::size_t sweep_kind(Due due, Withdraw withdraw);

  store::Store& store_;
  std::mutex& mutex_;
  Publish publish_;
};

}  // namespace vouchd::cli
