// Builds Zone snapshots from the store: static records, vouches and listings become interned
// answer sets and indexes; RFC 5782 §5 test points are added to every DNSxL zone.
#pragma once

#include <memory>

#include "vouchd/zone/zone.h"
#include "vouchd/zone/zone_set.h"

namespace vouchd::store {
class Store;
struct Zone;
}  // namespace vouchd::store

namespace vouchd::zone {

// One zone as stored now.
std::shared_ptr<const Zone> build_zone(store::Store& store, const store::Zone& zone);
// Every zone in the store.
std::shared_ptr<const ZoneSet> build_zone_set(store::Store& store);

}  // namespace vouchd::zone
