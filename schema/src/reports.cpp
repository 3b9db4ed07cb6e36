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

namespace detail {
namespace {

// Evidence rows of every report of one add_reports() call, inserted 64 to a statement.
using EvidenceInsert = BatchInsert<std::int64_t, std::int64_t, std::int64_t, std::string_view,
                                   std::string_view, std::string_view, std::int64_t>;

// Stores one report inside the caller's transaction, or finds the one it duplicates (reports
// stored earlier in the same transaction included: they are visible to this connection). Its
// evidence goes to `evidence`, which the caller finishes before committing; `report` must live
// until then.
StoredReport store_report(Db& db, const NewReport& report, std::int64_t received,
                          EvidenceInsert& evidence) {
  {
    Query q = db.query(sql::kFindReport);
    q.bind(1, std::span<const std::uint8_t>{report.digest});
    q.bind(2, std::string_view{report.dedup_key});
    if (q.step()) return StoredReport{q.int64(0), true};
  }
  {
    Query insert = db.query(sql::kInsertReport);
    insert.bind(1, report.reporter).bind(2, format_text(report.format));
    insert.bind(3, std::span<const std::uint8_t>{report.digest});
    if (report.dedup_key.empty()) {
      insert.bind(4, std::optional<std::int64_t>{});
    } else {
      insert.bind(4, std::string_view{report.dedup_key});
    }
    insert.bind(5, received).bind(6, std::string_view{report.quirks});
    insert.bind(
        7, std::span<const std::uint8_t>{reinterpret_cast<const std::uint8_t*>(report.raw.data()),
                                         report.raw.size()});
    insert.run();
  }
  const std::int64_t id = db.last_insert_rowid();
  for (const EvidenceRow& e : report.evidence) {
    evidence.add(id, report.reporter, e.at, e.kind, e.identity, e.key,
                 static_cast<std::int64_t>(e.count));
  }
  return StoredReport{id, false};
}

}  // namespace
}  // namespace detail

Expected<StoredReport, StoreError> Store::add_report(const NewReport& report,
                                                     std::chrono::sys_seconds now) {
  auto stored = add_reports(std::span<const NewReport>{&report, 1}, now);
  if (!stored) return tl::unexpected(stored.error());
  return stored->front();
}

Expected<std::vector<StoredReport>, StoreError> Store::add_reports(
    std::span<const NewReport> reports, std::chrono::sys_seconds now) {
  return detail::guarded([&] {
    Db& db = impl_->db;
    std::vector<StoredReport> out;
    out.reserve(reports.size());
    detail::WriteTxn txn{db};
    detail::EvidenceInsert evidence{db, sql::kInsertEvidenceRows, [](const auto& row) {
                                      return "evidence " + std::string{std::get<5>(row)};
                                    }};
    for (const NewReport& report : reports)
      out.push_back(detail::store_report(db, report, detail::unix_seconds(now), evidence));
    evidence.finish();
    txn.commit();
    return out;
  });
}

Expected<void, StoreError> Store::use_bulk_cache(bool on) {
  return detail::guarded(
      [&] { impl_->db.exec(on ? sql::kCacheSizeBulk : sql::kCacheSizeDefault, "set cache size"); });
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
