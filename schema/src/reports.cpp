// Feedback reports and their evidence (design.md §10): one transaction stores the raw report and
// every evidence row, or, for a report seen before, nothing.
#include <string>

#include "sql.h"
#include "store_impl.h"

namespace vouchd::store {
namespace {

using detail::Db;
using detail::Query;

std::string_view format_text(ReportFormat f) noexcept {
  switch (f) {  // no default: -Wswitch names a new format left out
    case ReportFormat::Arf:
      return "arf";
    case ReportFormat::Dmarc:
      return "dmarc";
    case ReportFormat::Event:
      return "event";
  }
  return "event";
}

}  // namespace

Expected<StoredReport, StoreError> Store::add_report(const NewReport& report,
                                                     std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Db& db = impl_->db;
    detail::WriteTxn txn{db};
    {
      Query q = db.query(sql::kFindReport);
      q.bind(1, std::span<const std::uint8_t>{report.digest});
      q.bind(2, std::string_view{report.dedup_key});
      if (q.step()) return StoredReport{q.int64(0), true};
    }
    Query insert = db.query(sql::kInsertReport);
    insert.bind(1, report.reporter).bind(2, format_text(report.format));
    insert.bind(3, std::span<const std::uint8_t>{report.digest});
    if (report.dedup_key.empty()) {
      insert.bind(4, std::optional<std::int64_t>{});
    } else {
      insert.bind(4, std::string_view{report.dedup_key});
    }
    insert.bind(5, detail::unix_seconds(now)).bind(6, std::string_view{report.quirks});
    insert.bind(
        7, std::span<const std::uint8_t>{reinterpret_cast<const std::uint8_t*>(report.raw.data()),
                                         report.raw.size()});
    insert.run();
    const std::int64_t id = db.last_insert_rowid();
    for (const EvidenceRow& e : report.evidence) {
      Query q = db.query(sql::kInsertEvidence);
      q.bind(1, id).bind(2, report.reporter).bind(3, e.at).bind(4, std::string_view{e.kind});
      q.bind(5, std::string_view{e.identity}).bind(6, std::string_view{e.key});
      q.bind(7, static_cast<std::int64_t>(e.count));
      q.run();
    }
    txn.commit();
    return StoredReport{id, false};
  });
}

Expected<void, StoreError> Store::for_each_evidence(
    const std::function<void(std::int64_t reporter, const EvidenceRow&)>& fn) {
  return detail::guarded([&] {
    Query q = impl_->db.query(sql::kSelectEvidence);
    while (q.step()) {
      const EvidenceRow e{q.int64(1), std::string{q.text(2)}, std::string{q.text(3)},
                          std::string{q.text(4)}, static_cast<std::uint64_t>(q.int64(5))};
      fn(q.int64(0), e);
    }
  });
}

}  // namespace vouchd::store
