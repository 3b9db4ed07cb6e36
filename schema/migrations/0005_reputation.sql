-- 0005_reputation: what turns reputation into DNS answers (design.md §11). A zone's policy is a
-- JSON document (score bands → 127.0.x.y codes, TXT template, classes of a cos zone) checked by
-- the API before it is stored; a zone without one serves no computed listings. A reporter's
-- trust may be fixed by the operator on its token (NULL: learned by the engine).

CREATE TABLE zone_policies (
  zone_id INTEGER PRIMARY KEY REFERENCES zones (id) ON DELETE CASCADE,
  policy  TEXT    NOT NULL,
  updated INTEGER NOT NULL
);

ALTER TABLE tokens ADD COLUMN trust REAL CHECK (trust IS NULL OR trust BETWEEN 0 AND 1);

-- The sweep reads a zone's computed listings as a whole.
CREATE INDEX listings_source ON listings (zone_id, source);

-- Evidence is read whole (the reputation engine keeps it in memory, keyed as it likes); no query
-- looks evidence up by report or identity, and each index costs a B-tree insert per row on the
-- ingest path (two rows per DMARC record). They come back with the first query that needs them.
DROP INDEX evidence_report;
DROP INDEX evidence_identity;
