// Withdrawing expired entries (see expiry.h).
#include "expiry.h"

namespace vouchd::cli {
namespace {

constexpr std::size_t kBatch = 256;

}  // namespace

std::size_t ExpirySweeper::sweep(std::chrono::sys_seconds now) {
  const store::Actor actor{"expiry"};
  std::size_t withdrawn = 0;
  for (;;) {
    const std::lock_guard lock{mutex_};
    const auto due = store_.expired_vouches(now, kBatch);
    if (!due || due->empty()) return withdrawn;
    std::size_t batch = 0;
    for (const auto& [zone_id, domain] : *due) {
      const auto zone = store_.zone_by_id(zone_id);
      if (!zone) continue;
      const auto committed = store_.delete_vouch(zone_id, domain, actor, now);
      if (!committed) continue;  // gone meanwhile, or the store refused: next sweep sees it
      publish_(*zone, *committed);
      ++batch;
    }
    withdrawn += batch;
    if (due->size() < kBatch || batch == 0) return withdrawn;
  }
}

}  // namespace vouchd::cli
