// Store::Impl, shared by the files that implement Store's methods, and helpers they share.
#pragma once

#include <string_view>

#include "db.h"
#include "vouchd/dnswire/name.h"
#include "vouchd/store/store.h"

namespace vouchd::store {

struct Store::Impl {
  detail::Db db;
};

namespace detail {

// Applies every embedded migration numbered above PRAGMA user_version, each in its own
// transaction; fails if the database is newer than this build.
void migrate(Db& db);

// A name as stored (absolute presentation text); Corrupt if it does not parse.
dnswire::Name stored_name(std::string_view text);

}  // namespace detail
}  // namespace vouchd::store
