// The REST API (design.md §12) over cpp-httplib: bearer tokens with roles, one JSON error shape,
// and certifier edits of vouches that are committed, journaled and handed to the DNS side before
// the answer (design.md §3).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vouchd/metrics/metrics.h"
#include "vouchd/scoring/clock.h"
#include "vouchd/scoring/scoring.h"
#include "vouchd/store/store.h"

namespace vouchd::api {

struct HttpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                // 0: any free port
  std::size_t max_body = 1 << 20;        // larger bodies get 413
  std::size_t max_bulk_body = 64 << 20;  // the same for bulk imports
  unsigned threads = 8;
  // PEM files; both set: HTTPS only (TLS by OpenSSL), both empty: plain HTTP.
  std::string tls_cert;
  std::string tls_key;
  // The REPUTE "rater" (RFC 7071) this server names in its reputons; empty: the host part of the
  // request's Host header.
  std::string repute_rater;
};

// Called with the store lock held, after a write committed, so that edits reach DNS in commit
// order; `zone` is the zone as it was before the write (apex, kind, id).
using OnCommit = std::function<void(const store::Zone& zone, const store::Committed& committed)>;

// What happened to a zone as a whole (the zone routes).
enum class ZoneEvent : std::uint8_t { Created, SoaChanged, DefaultClassChanged, Deleted };
// Called with the store lock held after a zone was created, had its SOA (and/or, for a cos zone,
// its default class: DefaultClassChanged) changed or was deleted;
// `zone` is the zone as stored after the write (as it was before, for Deleted). When it returns,
// DNS serves the change (a new zone answers, a deleted one is REFUSED).
using OnZoneChange = std::function<void(const store::Zone& zone, ZoneEvent event)>;

// The reputation service the reputation, policy, clock and token-trust routes use; without it
// those routes answer 503 (reputation) or skip the engine (token trust is still stored).
struct Reputation {
  scoring::Scoring* scoring = nullptr;
  scoring::Clock* clock = nullptr;
};
// Called with the store lock held, right after a report was committed, with the evidence of
// each newly stored report (a duplicate gives none) and its reporter's token id; reports reach it
// in commit order. It must not take the store lock (the in-memory reputation engine uses it).
using OnEvidence =
    std::function<void(std::int64_t reporter, const std::vector<store::EvidenceRow>& rows)>;

class HttpApi {
 public:
  // `store`, `store_mutex` and `metrics` outlive the API; every store call holds the mutex (one
  // connection, one user at a time). `ready` answers /readyz. Requests and store writes are
  // counted in `metrics`, which GET /metrics renders.
  HttpApi(store::Store& store, std::mutex& store_mutex, OnCommit on_commit,
          std::function<bool()> ready, OnZoneChange on_zone_change, metrics::Metrics& metrics);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Attaches the reputation service (before bind(); both outlive the API).
  void attach_reputation(scoring::Scoring& scoring, scoring::Clock& clock);
  // Sets the evidence hook (none by default); call before bind().
  void on_evidence(OnEvidence hook);

  // Binds and returns the port (throws std::runtime_error when it cannot).
  std::uint16_t bind(const HttpOptions& options);
  void start();  // serves on its own threads; returns at once
  // Every route bind() set up: method and OpenAPI path template ("/api/v1/zones/{zone}").
  std::vector<std::pair<std::string, std::string>> routes() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3 document of the API (served at /api/v1/openapi.json).
std::string_view openapi_document();

// A new bearer token: 32 random bytes as 64 hex digits, and the SHA-256 the store keeps.
struct NewToken {
  std::string text;
  std::array<std::uint8_t, 32> hash{};
};
NewToken make_token();
// SHA-256 of the 32 bytes a token's hex text stands for; nullopt if it is not 64 hex digits.
std::optional<std::array<std::uint8_t, 32>> token_hash(std::string_view text);

// Unix seconds as RFC 3339 UTC text ("2026-01-01T00:00:00Z"), as the API writes times.
std::string time_text(std::int64_t unix_seconds);

}  // namespace vouchd::api
