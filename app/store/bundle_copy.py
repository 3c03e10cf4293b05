"""The support bundle's copy of a store file: consistent, checked, masked, vacuumed.

``app.support.bundle`` puts files into the zip and writes the manifest; the SQL it needs on the
way lives here, with the rest of the client's SQL: a copy through SQLite's backup API (a
consistent snapshot while the program keeps writing), ``quick_check`` over every page, every
text column a person types into masked (phone numbers, e-mail addresses; outbox payloads through
their JSON), and ``VACUUM`` so no old page still holds a full number. Which columns are typed is
said per table below: a column added later is masked until someone decides otherwise.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.domain.redaction import mask_phone, mask_text, may_hold_contact, redact


#: Columns no one types into: identifiers, codes and times the program sets, and what the intake
#: server sent (the declarations list, up to a million rows). ``None``: the whole table. Every
#: other text column, of these tables or any other (a salvage file's, a later version's), is
#: masked as free text: a column added later is masked until someone decides otherwise.
def _columns(names: str) -> frozenset[str]:
    return frozenset(names.split())


NOT_TYPED: dict[str, frozenset[str] | None] = {
    "declarations": None,
    "declaration_targets": None,
    "status_history": None,
    "rating_sheets": _columns("idempotency_key stage tax_code created_at"),
    "sheet_scores": _columns("target_kind target_code target_name reasons"),
    "outbox": _columns(
        "kind idempotency_key tax_code state next_attempt_at created_at updated_at receipt_id"
        " received_at error_code"
    ),
    "responses": _columns(
        "response_id tax_code sheet_key declaration_number result responded_at read_at verdict"
    ),
    "enterprises": _columns("tax_code server_url remember added_at last_good_sync"),
    "support_requests": _columns(
        "idempotency_key tax_code office_code operation_code screenshot_type created_at"
    ),
    "meta": _columns("key"),
}
PHONE_COLUMNS = frozenset({"contact_phone"})
PAYLOAD_COLUMNS = frozenset({("outbox", "payload")})
#: Payload keys holding identifiers support needs intact to replay a bundle.
_PAYLOAD_IDS = frozenset(
    {"idempotency_key", "declaration_number", "response_id", "sheet_key", "tax_code"}
)


def mask_json(value: Any, keep: Collection[str] = (), key: str | None = None) -> Any:
    """Mask every string in a decoded JSON value, recursively; phone-named keys whole."""
    if isinstance(value, dict):
        return {k: mask_json(v, keep, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_json(item, keep, key) for item in value]
    if not isinstance(value, str) or not value or key in _PAYLOAD_IDS:
        return value
    if key is not None and "phone" in key.lower():
        return mask_phone(value)
    return mask_text(value, keep)


def mask_payload(text: str, keep: Collection[str] = ()) -> str:
    """An outbox payload, masked; the text is kept byte for byte when nothing needed masking."""
    try:
        data = json.loads(text)
    except ValueError:
        return redact(text, keep)
    masked = mask_json(data, keep)
    if masked == data:
        return text
    return json.dumps(masked, ensure_ascii=False, sort_keys=True)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _all_columns(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, column) for every column of every table, whatever the schema's version."""
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [
        (table, row[1])
        for (table,) in tables
        for row in conn.execute(f"PRAGMA table_info({_quoted(table)})").fetchall()
    ]


def _typed_columns(conn: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    for table, column in _all_columns(conn):
        skip = NOT_TYPED.get(table, frozenset())
        if skip is not None and column not in skip:
            yield table, column


def known_tax_codes(conn: sqlite3.Connection) -> set[str]:
    """The tax codes a store holds: they look like phone numbers and must stay readable."""
    codes: set[str] = set()
    for table, column in _all_columns(conn):
        if column == "tax_code":
            sql = f"SELECT DISTINCT {_quoted(column)} FROM {_quoted(table)}"
            codes.update(str(row[0]) for row in conn.execute(sql) if row[0])
    return codes


#: What SQLite hands a function of ours, and takes back from it.
_SQLValue = str | bytes | int | float | None


def _sql_mask_phone(value: _SQLValue) -> _SQLValue:
    return mask_phone(value) if isinstance(value, str) and value else value


def mask_database(conn: sqlite3.Connection, keep: Collection[str] = ()) -> None:
    """Mask phone numbers and e-mails in every typed text column, in one transaction."""
    keep = set(keep) | known_tax_codes(conn)
    conn.create_function("mask_phone", 1, _sql_mask_phone, deterministic=True)
    conn.create_function("mask_text", 1, lambda v: mask_text(v, keep))
    conn.create_function("mask_payload", 1, lambda v: mask_payload(v, keep))
    conn.create_function("may_hold_contact", 1, may_hold_contact, deterministic=True)
    with conn:
        for table, column in list(_typed_columns(conn)):
            col, tab = _quoted(column), _quoted(table)
            if (table, column) in PAYLOAD_COLUMNS:
                sql = f"UPDATE {tab} SET {col} = mask_payload({col}) WHERE typeof({col}) = 'text'"
            elif column in PHONE_COLUMNS:
                sql = f"UPDATE {tab} SET {col} = mask_phone({col}) WHERE {col} <> ''"
            else:
                sql = (
                    f"UPDATE {tab} SET {col} = mask_text({col})"
                    f" WHERE typeof({col}) = 'text' AND may_hold_contact({col})"
                )
            conn.execute(sql)


def _read_only_uri(path: Path) -> str:
    return f"file:{quote(path.as_posix())}?mode=ro"


def copy_store(source: Path, target: Path, keep: Collection[str] = ()) -> None:
    """A consistent copy through SQLite's backup API, checked, masked and vacuumed.

    A plain file copy of a WAL database can miss committed pages still in the -wal file, or catch
    a half-written page; the backup API copies a consistent snapshot while the app keeps running.
    The backup copies pages without reading them, so ``quick_check`` then looks at every one: a
    damaged file raises ``sqlite3.DatabaseError`` here rather than going in looking repaired.
    """
    src = sqlite3.connect(_read_only_uri(source), uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        result = dst.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {result}")
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.execute("PRAGMA secure_delete = ON")
        mask_database(dst, keep)
        dst.execute("VACUUM")
    finally:
        src.close()
        dst.close()


_OUTBOX_COLUMNS = (
    "id", "kind", "idempotency_key", "tax_code", "state", "attempts", "next_attempt_at",
    "created_at", "updated_at", "receipt_id", "error_code", "error_en",
)  # fmt: skip


def tax_codes_of(store_copy: Path) -> set[str]:
    """The tax codes a copy holds, or none if it cannot be read (a help for masking only)."""
    try:
        conn = sqlite3.connect(store_copy)
        try:
            return known_tax_codes(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return set()


_OUTBOX_COLUMNS = (
    "id", "kind", "idempotency_key", "tax_code", "state", "attempts", "next_attempt_at",
    "created_at", "updated_at", "receipt_id", "error_code", "error_en",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class OutboxReadout:
    """The outbox of a (masked) copy as far as it could be read, for the bundle's manifest.

    ``rows`` are column → value, JSON-ready: a file of an older schema gives the columns it
    has, so the manifest says what the file held rather than a fixed shape. ``error`` is
    SQLite's error where the reading stopped (the rows read before it are kept).
    """

    rows: list[dict[str, object]] = field(default_factory=list)
    error: str | None = None


def read_outbox(store_copy: Path) -> OutboxReadout:
    """The outbox rows of a (masked) copy, as far as they can be read, and the error if any.

    Best effort: a damaged copy gives the rows read before the damage and SQLite's error; an
    older schema gives the columns it has.
    """
    rows: list[dict[str, object]] = []
    try:
        conn = sqlite3.connect(store_copy)
    except sqlite3.Error as error:
        return OutboxReadout(rows, str(error))
    try:
        have = {row[1] for row in conn.execute("PRAGMA table_info(outbox)")}
        if not have:
            return OutboxReadout(rows)
        names = [name for name in _OUTBOX_COLUMNS if name in have]
        cursor = conn.execute(f"SELECT {', '.join(names)} FROM outbox ORDER BY id")
        for row in cursor:
            item = dict(zip(names, row, strict=True))
            if isinstance(item.get("error_en"), str):
                item["error_en"] = redact(str(item["error_en"]))
            rows.append(item)
    except sqlite3.Error as error:
        return OutboxReadout(rows, str(error))
    finally:
        conn.close()
    return OutboxReadout(rows)
