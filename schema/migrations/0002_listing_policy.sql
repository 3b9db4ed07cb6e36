-- 0002_listing_policy: allow-list entries beside listings (design.md §11: "manual listings and
-- allow-list overrides beat computed ones"). A listings row now has a policy: 'list' serves its
-- answer; 'allow' is an override with no answer, meaning its key (for a prefix, every address in
-- it) is not listed whatever other listing covers it. One row per key, so a key is either listed
-- or allowed. answer_id becomes nullable, which needs the table rebuilt (SQLite "ALTER TABLE" §7;
-- migrate.cpp runs migrations with foreign keys off and checks them before committing).

CREATE TABLE listings_new (
  id        INTEGER PRIMARY KEY,
  zone_id   INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  domain    TEXT,     -- lower-case, no final dot
  addr      BLOB CHECK (addr IS NULL OR length(addr) IN (4, 16)),  -- network order
  plen      INTEGER CHECK (plen IS NULL OR plen BETWEEN 0 AND 8 * length(addr)),
  policy    TEXT    NOT NULL DEFAULT 'list' CHECK (policy IN ('list', 'allow')),
  answer_id INTEGER REFERENCES answers (id),  -- NULL exactly for 'allow' rows
  source    TEXT    NOT NULL CHECK (source IN ('import', 'manual', 'computed')),
  expires   INTEGER,
  created   INTEGER NOT NULL,
  updated   INTEGER NOT NULL,
  CHECK ((domain IS NOT NULL AND addr IS NULL AND plen IS NULL)
         OR (domain IS NULL AND addr IS NOT NULL AND plen IS NOT NULL)),
  CHECK ((policy = 'allow') = (answer_id IS NULL))
) STRICT;

INSERT INTO listings_new (id, zone_id, domain, addr, plen, policy, answer_id, source, expires,
                          created, updated)
  SELECT id, zone_id, domain, addr, plen, 'list', answer_id, source, expires, created, updated
  FROM listings;

DROP TABLE listings;
ALTER TABLE listings_new RENAME TO listings;

CREATE UNIQUE INDEX listings_domain ON listings (zone_id, domain) WHERE domain IS NOT NULL;
CREATE UNIQUE INDEX listings_prefix ON listings (zone_id, addr, plen) WHERE addr IS NOT NULL;
-- The lengths of a zone's allow entries: coverage is tested by probing the key's prefix at each.
CREATE INDEX listings_allow ON listings (zone_id, plen) WHERE policy = 'allow';
