// Reading the audit log (the rows are written by each mutation: mutation.h).
#include <algorithm>
#include <limits>
#include <string>

#include "sql.h"
#include "store_impl.h"

namespace vouchd::store {
namespace {

using detail::Query;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// Columns as in sql::kSelectAudit.
AuditEntry read_entry(const Query& q) {
  AuditEntry e;
  e.id = q.int64(0);
  e.at = q.int64(1);
  e.actor.assign(q.text(2));
  e.action.assign(q.text(3));
  e.object.assign(q.text(4));
  e.before.assign(q.text(5));  // NULL reads as empty
  e.after.assign(q.text(6));
  return e;
}


}  // namespace

Expected<std::vector<AuditEntry>, StoreError> Store::list_audit(const AuditFilter& f) {
  return detail::guarded([&] {
    const std::optional<std::string> end = detail::prefix_end(f.object_prefix);
    Query q = impl_->db.query(sql::kSelectAudit);
    q.bind(1, f.after_id.value_or(kMax));
    q.bind(2, std::string_view{f.actor}).bind(3, std::string_view{f.action});
    q.bind(4, std::string_view{f.object_prefix});
    if (end) {
      q.bind(5, std::string_view{*end});
    } else {
      q.bind_null(5);
    }
    q.bind(6, f.since.value_or(kMin)).bind(7, f.until.value_or(kMax));
    q.bind(8, detail::sql_limit(f.limit));
    std::vector<AuditEntry> out;
    while (q.step()) out.push_back(read_entry(q));
    return out;
  });
}

}  // namespace vouchd::store
