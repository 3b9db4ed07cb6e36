-- 0004_cos: class-of-service zones (design.md §11). A cos zone answers, for a sender's address or
-- domain with no entry, its default class: A records with these return codes (RFC 5782 §2.3) and
-- an optional TXT, at the zone's default TTL. Both columns are NULL for every other kind (the
-- store writes them; zones.kind already admits 'cos').

-- Space-separated dotted quads in 127.0.0.0/8, in answer order: '127.0.0.1 127.0.1.2'.
ALTER TABLE zones ADD COLUMN default_codes TEXT;
-- The TXT text; NULL or '' for none.
ALTER TABLE zones ADD COLUMN default_txt TEXT;
