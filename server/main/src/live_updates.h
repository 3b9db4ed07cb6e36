// Committed store changes → a new zone snapshot published to DNS (design.md §3: writer → journal
// → publisher), as a delta over the shared base, compacted when the delta grows.
#pragma once

#include "vouchd/store/store.h"
#include "vouchd/zone/zone_set.h"

namespace vouchd::cli {

class LiveUpdates {
 public:
  // `store` and `publisher` outlive this object; apply() runs with the store lock held.
  LiveUpdates(store::Store& store, zone::Publisher& publisher)
      : store_{store}, publisher_{publisher} {}

  // Publishes `committed` for `zone`; afterwards DNS answers with the new data.
  void apply(const store::Zone& zone, const store::Committed& committed);
  // Builds `zone` from the store and serves it in place of the zone with its apex, or beside the
  // others if there is none (a zone just created, or one whose SOA fields changed). A full build:
  // its time grows with the zone's size.
  void load_zone(const store::Zone& zone);
  // Stops serving the zone at `apex`; its names are REFUSED afterwards.
  void remove_zone(const dnswire::Name& apex);

 private:
  store::Store& store_;
  zone::Publisher& publisher_;
};

}  // namespace vouchd::cli
