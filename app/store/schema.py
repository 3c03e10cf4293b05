"""The store's schema: every forward migration, in order, and the version they reach.

A migration is applied in its own transaction and never edited once released: a store on a
declarant's machine may be at any earlier version, and ``migrate`` brings it forward one
version at a time. A file of a later version than this program knows is refused, never touched.
"""

from __future__ import annotations

import logging
import sqlite3

from app.store.errors import NEWER_SCHEMA, StoreError

log = logging.getLogger(__name__)

_V1 = """
CREATE TABLE declarations (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE CHECK (length(number) = 12),
    type_code TEXT NOT NULL,
    office_code TEXT NOT NULL,
    office_name TEXT NOT NULL DEFAULT '',
    channel INTEGER CHECK (channel IN (1, 2, 3)),
    registered_at TEXT NOT NULL,
    status TEXT NOT NULL,
    tax_code TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE declaration_targets (
    declaration_id INTEGER NOT NULL REFERENCES declarations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (declaration_id, kind, code)
);
CREATE TABLE status_history (
    declaration_id INTEGER NOT NULL REFERENCES declarations(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (declaration_id, status)
);
CREATE TABLE rating_sheets (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    declaration_id INTEGER NOT NULL REFERENCES declarations(id),
    stage TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    tax_code TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE sheet_scores (
    sheet_id INTEGER NOT NULL REFERENCES rating_sheets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    target_kind TEXT NOT NULL,
    target_code TEXT NOT NULL,
    target_name TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    reasons TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (sheet_id, target_kind, target_code)
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    tax_code TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX outbox_by_state ON outbox(state, next_attempt_at);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Version 2: outcomes of sending (receipt, error in both languages), the rating state kept on each
# declaration so the million-row table filters and sorts on indexes, and customs' responses.
_V2 = """
ALTER TABLE outbox ADD COLUMN receipt_id TEXT;
ALTER TABLE outbox ADD COLUMN received_at TEXT;
ALTER TABLE outbox ADD COLUMN error_code TEXT;
ALTER TABLE outbox ADD COLUMN error_vi TEXT;
ALTER TABLE outbox ADD COLUMN error_en TEXT;
ALTER TABLE rating_sheets ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX one_after_completion_sheet
    ON rating_sheets(declaration_id) WHERE stage = 'after_completion' AND rejected = 0;
ALTER TABLE declarations ADD COLUMN rating_state TEXT NOT NULL DEFAULT 'not_ratable';
UPDATE declarations SET rating_state = CASE
    WHEN status NOT IN ('released', 'brought_to_storage', 'cleared') THEN 'not_ratable'
    WHEN EXISTS (
        SELECT 1 FROM rating_sheets s JOIN outbox o ON o.kind = 'rating_sheet' AND o.ref_id = s.id
        WHERE s.declaration_id = declarations.id AND s.stage = 'after_completion'
          AND o.state = 'delivered') THEN 'sent'
    WHEN EXISTS (
        SELECT 1 FROM rating_sheets s
        WHERE s.declaration_id = declarations.id AND s.stage = 'after_completion') THEN 'queued'
    ELSE 'unrated' END;
CREATE INDEX declarations_by_status ON declarations(status, number);
CREATE INDEX declarations_by_rating ON declarations(rating_state, number);
CREATE INDEX declarations_by_registered ON declarations(registered_at, number);
CREATE INDEX declarations_by_type ON declarations(type_code, number);
CREATE INDEX declarations_by_office ON declarations(office_code, number);
CREATE INDEX declarations_by_channel ON declarations(channel, number);
CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    response_id TEXT NOT NULL UNIQUE,
    sheet_key TEXT NOT NULL,
    declaration_number TEXT NOT NULL,
    result TEXT NOT NULL,
    content TEXT NOT NULL,
    responded_at TEXT NOT NULL,
    read_at TEXT,
    verdict TEXT
);
"""

# Version 3: support requests to the customs help desk, queued through the same outbox.
_V3 = """
CREATE TABLE support_requests (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    tax_code TEXT NOT NULL,
    enterprise_name TEXT NOT NULL,
    office_code TEXT NOT NULL,
    operation_code TEXT NOT NULL,
    content TEXT NOT NULL,
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    screenshot BLOB,
    screenshot_type TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX outbox_by_ref ON outbox(kind, ref_id);
CREATE INDEX rating_sheets_by_declaration ON rating_sheets(declaration_id, stage, rejected);
"""

# Version 4: the sync engine's "next queued batch of this enterprise, oldest first" read from an
# index in id order, instead of every outbox row of the kind being read and sorted per batch (the
# delivered ones stay in the outbox for ever, so that cost grew with the store's age).
_V4 = """
CREATE INDEX outbox_queue ON outbox(state, tax_code, kind, id);
"""

# Version 5: which declarations the rating prompt was raised for (``app.store.prompts``). The
# table was created outside the migrations before, so stores of version 4 may already have it.
_V5 = """
CREATE TABLE IF NOT EXISTS rating_prompts (
    number TEXT PRIMARY KEY,
    prompted_at TEXT NOT NULL
);
"""

# Version 6: several enterprises in one profile (a customs broker's clients, a firm's branches).
# The list of enterprises, one row per tax code; the single enterprise of an older store becomes
# its one entry (every tax code its rows carry, in fact: a profile that was logged in as a second
# enterprise already holds both, mixed, and each gets its own entry). Customs' answers are tagged
# with the enterprise of the sheet they answer. The table's indexes lead with the tax code, so
# each enterprise's list, filters and counts read only its own range of the index: switching is
# as quick at 100,000 declarations per enterprise as with one enterprise.
_V6 = """
CREATE TABLE enterprises (
    tax_code TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    server_url TEXT NOT NULL DEFAULT '',
    remember INTEGER NOT NULL DEFAULT 1,
    added_at TEXT NOT NULL,
    last_good_sync TEXT
);
ALTER TABLE responses ADD COLUMN tax_code TEXT NOT NULL DEFAULT '';
UPDATE responses SET tax_code = coalesce(
    (SELECT s.tax_code FROM rating_sheets s WHERE s.idempotency_key = responses.sheet_key),
    (SELECT d.tax_code FROM declarations d WHERE d.number = responses.declaration_number),
    '');
INSERT OR IGNORE INTO enterprises(tax_code, name, added_at)
    SELECT tax_code, '', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') FROM (
        SELECT tax_code FROM declarations UNION SELECT tax_code FROM rating_sheets
        UNION SELECT tax_code FROM outbox UNION SELECT tax_code FROM support_requests
        UNION SELECT tax_code FROM responses)
    WHERE tax_code != '';
UPDATE enterprises SET name = coalesce((
    SELECT r.enterprise_name FROM support_requests r
    WHERE r.tax_code = enterprises.tax_code ORDER BY r.id DESC LIMIT 1), '');
UPDATE enterprises SET last_good_sync = (SELECT value FROM meta WHERE key = 'last_good_sync');
INSERT OR IGNORE INTO meta(key, value)
    SELECT 'current_enterprise', tax_code FROM (
        SELECT tax_code, count(*) AS n FROM declarations GROUP BY tax_code
        ORDER BY n DESC, tax_code LIMIT 1);
DROP INDEX declarations_by_status;
DROP INDEX declarations_by_rating;
DROP INDEX declarations_by_registered;
DROP INDEX declarations_by_type;
DROP INDEX declarations_by_office;
DROP INDEX declarations_by_channel;
CREATE INDEX declarations_by_enterprise ON declarations(tax_code, number);
CREATE INDEX declarations_by_status ON declarations(tax_code, status, number);
CREATE INDEX declarations_by_rating ON declarations(tax_code, rating_state, number);
CREATE INDEX declarations_by_registered ON declarations(tax_code, registered_at, number);
CREATE INDEX declarations_by_type ON declarations(tax_code, type_code, number);
CREATE INDEX declarations_by_office ON declarations(tax_code, office_code, number);
CREATE INDEX declarations_by_channel ON declarations(tax_code, channel, number);
CREATE INDEX outbox_by_enterprise ON outbox(tax_code, state);
CREATE INDEX responses_by_enterprise ON responses(tax_code, read_at);
CREATE INDEX support_requests_by_enterprise ON support_requests(tax_code, id);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply forward migrations up to *target*, each in its own transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(NEWER_SCHEMA)
    while version < target:
        script = MIGRATIONS[version]
        version += 1
        # executescript() commits first; wrap the script so a half-applied version rolls back.
        conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
        log.info("store schema migrated to version %d", version)
    return version
