-- 0003_reports: feedback reports kept raw, and the evidence normalised from them (design.md §10).
-- A report is stored once whoever sends it: the SHA-256 of its bytes and its own identifier
-- (Message-ID of an ARF report, organisation and report_id of a DMARC report, a feed's event id)
-- are both unique. Evidence is never deleted by age; decay is the reputation engine's.

CREATE TABLE reports (
  id        INTEGER PRIMARY KEY,
  reporter  INTEGER NOT NULL REFERENCES tokens (id),
  format    TEXT    NOT NULL CHECK (format IN ('arf', 'dmarc', 'event')),
  digest    BLOB    NOT NULL UNIQUE CHECK (length(digest) = 32),
  dedup_key TEXT    UNIQUE,  -- 'arf:<Message-ID>', 'dmarc:<org>!<report_id>', 'event:<reporter>!<id>'
  received  INTEGER NOT NULL,
  quirks    TEXT    NOT NULL,  -- space-separated, as the parser noted them
  raw       BLOB    NOT NULL
) STRICT;

CREATE TABLE evidence (
  id        INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  reporter  INTEGER NOT NULL,
  at        INTEGER NOT NULL,  -- the report's own date, unix seconds
  kind      TEXT    NOT NULL CHECK (kind IN ('complaint', 'trap_hit', 'delivered', 'not_spam')),
  identity  TEXT    NOT NULL CHECK (identity IN ('domain', 'address')),
  key       TEXT    NOT NULL,
  count     INTEGER NOT NULL CHECK (count > 0)
) STRICT;
CREATE INDEX evidence_report ON evidence (report_id);
CREATE INDEX evidence_identity ON evidence (identity, key, at);
