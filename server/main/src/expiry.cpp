// Withdrawing expired entries (see expiry.h).
#include "expiry.h"

namespace vouchd::cli {
namespace {

constexpr std::size_t kBatch = 256;

}  // namespace

template <typename Due, typename Withdraw>
std::size_t ExpirySweeper::sweep_kind(Due due, Withdraw withdraw) {
  std::size_t withdrawn = 0;
  for (;;) {
    const std::lock_guard lock{mutex_};
    const auto entries = due(kBatch);
    if (!entries || entries->empty()) return withdrawn;
    std::size_t batch = 0;
    for (const auto& [zone_id, key] : *entries) {
      const auto zone = store_.zone_by_id(zone_id);
      if (!zone) continue;
      const auto committed = withdraw(zone_id, key);
      if (!committed) continue;  // gone meanwhile, or the store refused: next sweep sees it
      publish_(*zone, *committed);
      ++batch;
    }
    withdrawn += batch;
    if (entries->size() < kBatch || batch == 0) return withdrawn;
  }
}

std::size_t ExpirySweeper::sweep(std::chrono::sys_seconds now) {
  const store::Actor actor{"expiry"};
  const std::size_t vouches = sweep_kind(
      [&](std::size_t n) { return store_.expired_vouches(now, n); },
      [&](std::int64_t zone, const std::string& domain) {
        return store_.delete_vouch(zone, domain, actor, now);
      });
  const std::size_t listings = sweep_kind(
      [&](std::size_t n) { return store_.expired_listings(now, n); },
      [&](std::int64_t zone, const store::ListingKey& key) {
        return store_.delete_listing(zone, key, actor, now);
      });
  return vouches + listings;
}

}  // namespace vouchd::cli
