-- 0001_initial: zones, static records, interned answers, vouches, listings, the change journal,
-- audit log and API tokens (design.md §4). Times are unix seconds; names are presentation text.

CREATE TABLE zones (
  id          INTEGER PRIMARY KEY,
  apex        TEXT    NOT NULL UNIQUE,  -- lower-case, final dot: 'vouch.example.'
  kind        TEXT    NOT NULL
              CHECK (kind IN ('vbr', 'dnsbl-ip4', 'dnsbl-ip6', 'dnsbl-domain', 'static', 'cos')),
  mname       TEXT    NOT NULL,
  rname       TEXT    NOT NULL,
  serial      INTEGER NOT NULL CHECK (serial BETWEEN 0 AND 4294967295),
  refresh     INTEGER NOT NULL CHECK (refresh BETWEEN 0 AND 4294967295),
  retry       INTEGER NOT NULL CHECK (retry BETWEEN 0 AND 4294967295),
  expire      INTEGER NOT NULL CHECK (expire BETWEEN 0 AND 4294967295),
  minimum     INTEGER NOT NULL CHECK (minimum BETWEEN 0 AND 4294967295),
  soa_ttl     INTEGER NOT NULL CHECK (soa_ttl BETWEEN 0 AND 4294967295),
  default_ttl INTEGER NOT NULL CHECK (default_ttl BETWEEN 0 AND 4294967295),
  created     INTEGER NOT NULL,
  updated     INTEGER NOT NULL
) STRICT;

-- Static RRs served as stored (apex NS, test points, anything imported that is not an entry).
CREATE TABLE records (
  id      INTEGER PRIMARY KEY,
  zone_id INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  owner   TEXT    NOT NULL,  -- absolute presentation form, case as written
  type    INTEGER NOT NULL CHECK (type BETWEEN 0 AND 65535),
  ttl     INTEGER NOT NULL CHECK (ttl BETWEEN 0 AND 4294967295),
  rdata   BLOB    NOT NULL   -- uncompressed wire form
) STRICT;
CREATE INDEX records_zone ON records (zone_id);

-- Listing answers, interned per zone: `data` is an encoded store::Answer (see answer_codec.h).
CREATE TABLE answers (
  id      INTEGER PRIMARY KEY,
  zone_id INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  data    BLOB    NOT NULL,
  UNIQUE (zone_id, data)
) STRICT;

-- RFC 5518 vouches: `<domain>._vouch.<apex> TXT "<categories>"`.
CREATE TABLE vouches (
  zone_id    INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  domain     TEXT    NOT NULL,  -- lower-case, no final dot
  categories TEXT    NOT NULL,
  ttl        INTEGER NOT NULL CHECK (ttl BETWEEN 0 AND 4294967295),
  note       TEXT    NOT NULL DEFAULT '',
  expires    INTEGER,
  suspended  INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
  created    INTEGER NOT NULL,
  updated    INTEGER NOT NULL,
  actor      TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (zone_id, domain)
) STRICT, WITHOUT ROWID;

-- RFC 5782 listings, keyed by a domain or by an IPv4/IPv6 prefix (never both).
CREATE TABLE listings (
  id        INTEGER PRIMARY KEY,
  zone_id   INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  domain    TEXT,     -- lower-case, no final dot
  addr      BLOB CHECK (addr IS NULL OR length(addr) IN (4, 16)),  -- network order
  plen      INTEGER CHECK (plen IS NULL OR plen BETWEEN 0 AND 8 * length(addr)),
  answer_id INTEGER NOT NULL REFERENCES answers (id),
  source    TEXT    NOT NULL CHECK (source IN ('import', 'manual', 'computed')),
  expires   INTEGER,
  created   INTEGER NOT NULL,
  updated   INTEGER NOT NULL,
  CHECK ((domain IS NOT NULL AND addr IS NULL AND plen IS NULL)
         OR (domain IS NULL AND addr IS NOT NULL AND plen IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX listings_domain ON listings (zone_id, domain) WHERE domain IS NOT NULL;
CREATE UNIQUE INDEX listings_prefix ON listings (zone_id, addr, plen) WHERE addr IS NOT NULL;
-- No index on answer_id: replace_zone deletes a zone's answers with foreign-key enforcement off,
-- after its listings. A writer that deletes answers with enforcement on needs one (or each
-- deleted answer scans the table): add it in that writer's migration.

-- The journal IXFR reads (RFC 1995): record-level changes per zone serial. A 'reset' row (owner,
-- type, ttl and rdata NULL) means the zone was replaced whole at that serial.
CREATE TABLE changes (
  id      INTEGER PRIMARY KEY,
  zone_id INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  serial  INTEGER NOT NULL CHECK (serial BETWEEN 0 AND 4294967295),
  op      TEXT    NOT NULL CHECK (op IN ('add', 'del', 'reset')),
  owner   TEXT,
  type    INTEGER CHECK (type BETWEEN 0 AND 65535),
  ttl     INTEGER CHECK (ttl BETWEEN 0 AND 4294967295),
  rdata   BLOB,
  at      INTEGER NOT NULL,
  CHECK ((op = 'reset') = (owner IS NULL AND type IS NULL AND ttl IS NULL AND rdata IS NULL))
) STRICT;
CREATE INDEX changes_zone ON changes (zone_id, serial);

CREATE TABLE audit (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  actor  TEXT    NOT NULL,
  action TEXT    NOT NULL,  -- 'vouch.put', 'zone.import', ...
  object TEXT    NOT NULL,
  before TEXT,              -- JSON, NULL when the object did not exist
  after  TEXT               -- JSON, NULL when the object was deleted
) STRICT;
CREATE INDEX audit_at ON audit (at);

-- Bearer tokens (design.md §12): only the SHA-256 of the token is kept.
CREATE TABLE tokens (
  id      INTEGER PRIMARY KEY,
  hash    BLOB    NOT NULL UNIQUE CHECK (length(hash) = 32),
  role    TEXT    NOT NULL CHECK (role IN ('admin', 'certifier', 'reporter', 'viewer')),
  label   TEXT    NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  expires INTEGER,          -- NULL: never
  revoked INTEGER           -- when it was revoked; NULL: live
) STRICT;
