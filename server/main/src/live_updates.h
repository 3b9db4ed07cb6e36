// Committed store changes → a new zone snapshot published to DNS (design.md §3: writer → journal
// → publisher), as a delta over the shared base, compacted when the delta grows.
#pragma once

#include "vouchd/metrics/histogram.h"
#include "vouchd/store/store.h"
#include "vouchd/zone/zone_set.h"

namespace vouchd::cli {

class LiveUpdates {
 public:
  // `store`, `publisher` and `publish_time` outlive this object; apply() runs with the store
  // lock held.
  LiveUpdates(store::Store& store, zone::Publisher& publisher, metrics::Histogram& publish_time)
      : store_{store}, publisher_{publisher}, publish_time_{publish_time} {}

  // Publishes `committed` for `zone`; afterwards DNS answers with the new data. The time from
  // the call (right after the commit) to the publication goes into `publish_time`.
  void apply(const store::Zone& zone, const store::Committed& committed);
  // Builds `zone` from the store and serves it in place of the zone with its apex, or beside the
  // others if there is none (a zone just created, or one whose SOA fields changed). A full build:
  // its time grows with the zone's size.
  void load_zone(const store::Zone& zone);
  // Stops serving the zone at `apex`; its names are REFUSED afterwards.
  void remove_zone(const dnswire::Name& apex);

 private:
  void publish(const store::Zone& zone, const store::Committed& committed);

  store::Store& store_;
  zone::Publisher& publisher_;
  metrics::Histogram& publish_time_;
};

}  // namespace vouchd::cli
