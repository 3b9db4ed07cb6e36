// Finding the zone of a query name by longest matching apex (design.md §5).
#include "vouchd/zone/zone_set.h"

#include <algorithm>
#include <cstring>

namespace vouchd::zone {

ZoneSet::ZoneSet(std::vector<std::shared_ptr<const Zone>> zones) : zones_{std::move(zones)} {
  std::stable_sort(zones_.begin(), zones_.end(), [](const auto& a, const auto& b) {
    return a->apex().label_count() > b->apex().label_count();
  });
}

const Zone* ZoneSet::find(const QueryName& q) const noexcept {
  const std::size_t i = find_index(q);
  return i == kNotFound ? nullptr : zones_[i].get();
}

std::size_t ZoneSet::find_index(const QueryName& q) const noexcept {
  for (std::size_t z = 0; z < zones_.size(); ++z) {
    const std::span<const std::uint8_t> apex = zones_[z]->apex().wire();
    if (apex.size() > q.size) continue;
    const std::size_t off = q.size - apex.size();
    if (std::memcmp(q.lower.data() + off, apex.data(), apex.size()) != 0) continue;
    if (off == 0 || apex.size() == 1) return z;  // the root zone holds every name
    // The suffix must start on a label boundary, not inside a label that happens to match.
    for (std::size_t i = 0; i < q.labels; ++i) {
      if (q.starts[i] == off) return z;
    }
  }
  return kNotFound;
}

std::shared_ptr<const ZoneSet> ZoneSet::with_zone(std::shared_ptr<const Zone> zone) const {
  std::vector<std::shared_ptr<const Zone>> zones = zones_;
  const auto same = std::find_if(zones.begin(), zones.end(),
                                 [&](const auto& z) { return z->apex() == zone->apex(); });
  if (same != zones.end()) {
    *same = std::move(zone);
  } else {
    zones.push_back(std::move(zone));
  }
  return std::make_shared<const ZoneSet>(std::move(zones));
}

std::shared_ptr<const ZoneSet> ZoneSet::without_zone(const dnswire::Name& apex) const {
  std::vector<std::shared_ptr<const Zone>> zones;
  zones.reserve(zones_.size());
  for (const auto& z : zones_) {
    if (!(z->apex() == apex)) zones.push_back(z);
  }
  return std::make_shared<const ZoneSet>(std::move(zones));
}

}  // namespace vouchd::zone
