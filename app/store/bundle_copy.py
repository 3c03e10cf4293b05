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
import re
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


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    return {
        table: {row[1] for row in conn.execute(f"PRAGMA table_info({_quoted(table)})")}
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    }


def keep_only(conn: sqlite3.Connection, tax_codes: Collection[str]) -> None:
    """In a bundle's copy: every row of every other enterprise deleted, whatever the schema.

    A broker's clients must not see each other's data, so a bundle made for some enterprises
    holds nothing of the others: rows with another tax code, their children (targets, history,
    scores), answers to their sheets, prompts of their declarations, their feed cursors. Run
    before ``VACUUM`` with ``secure_delete`` on, so no free page keeps a deleted row.
    """
    codes = sorted(set(tax_codes))
    marks = ",".join("?" * len(codes)) or "NULL"
    tables = _tables(conn)
    with conn:
        if "rating_sheets" in tables and "sheet_scores" in tables:
            conn.execute(
                "DELETE FROM sheet_scores WHERE sheet_id NOT IN"
                f" (SELECT id FROM rating_sheets WHERE tax_code IN ({marks}))",
                codes,
            )
        if "declarations" in tables:
            for child in ("declaration_targets", "status_history"):
                if child in tables:
                    conn.execute(
                        f"DELETE FROM {child} WHERE declaration_id NOT IN"
                        f" (SELECT id FROM declarations WHERE tax_code IN ({marks}))",
                        codes,
                    )
        if "responses" in tables and "tax_code" not in tables["responses"]:
            # An older schema: answers are known by the sheet or the declaration they answer.
            conn.execute(
                "DELETE FROM responses WHERE sheet_key NOT IN (SELECT idempotency_key FROM"
                f" rating_sheets WHERE tax_code IN ({marks})) AND declaration_number NOT IN"
                f" (SELECT number FROM declarations WHERE tax_code IN ({marks}))",
                [*codes, *codes],
            )
        if "rating_prompts" in tables and "declarations" in tables:
            conn.execute(
                "DELETE FROM rating_prompts WHERE number NOT IN"
                f" (SELECT number FROM declarations WHERE tax_code IN ({marks}))",
                codes,
            )
        # Children before the rows they point at (a copy may have foreign keys on).
        for table in sorted(tables, key=lambda t: (t in ("declarations", "enterprises"), t)):
            if "tax_code" in tables[table]:
                conn.execute(f"DELETE FROM {_quoted(table)} WHERE tax_code NOT IN ({marks})", codes)
        if "meta" in tables:
            for (key,) in conn.execute("SELECT key FROM meta WHERE key LIKE 'cursor:%'").fetchall():
                if key.rsplit(":", 1)[-1] not in codes:
                    conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            current = conn.execute(
                "SELECT value FROM meta WHERE key = 'current_enterprise'"
            ).fetchone()
            if current is not None and current[0] not in codes:
                conn.execute(
                    "UPDATE meta SET value = ? WHERE key = 'current_enterprise'",
                    (codes[0] if codes else "",),
                )


@dataclass(frozen=True, slots=True)
class Others:
    """What names the enterprises a bundle leaves out, to keep it out of the bundle's logs."""

    tax_codes: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.tax_codes)


def other_enterprises(store_file: Path, tax_codes: Collection[str]) -> Others:
    """The tax codes, names, declaration numbers and sheet/answer keys of every enterprise of
    the live store but *tax_codes*, read on a connection of its own (nothing when unreadable)."""
    from app.store.files import reading

    codes = sorted(set(tax_codes))
    marks = ",".join("?" * len(codes)) or "NULL"
    try:
        with reading(store_file) as conn:
            tables = _tables(conn)

            def column(sql: str, table: str) -> set[str]:
                if table not in tables:
                    return set()
                return {str(r[0]) for r in conn.execute(sql, codes) if r[0]}

            others = set()
            for table, columns in tables.items():
                if "tax_code" in columns:
                    others |= column(
                        f"SELECT DISTINCT tax_code FROM {_quoted(table)}"
                        f" WHERE tax_code NOT IN ({marks})",
                        table,
                    )
            names = column(
                f"SELECT name FROM enterprises WHERE tax_code NOT IN ({marks})", "enterprises"
            )
            names |= column(
                f"SELECT enterprise_name FROM support_requests WHERE tax_code NOT IN ({marks})",
                "support_requests",
            )
            numbers = column(
                f"SELECT number FROM declarations WHERE tax_code NOT IN ({marks})", "declarations"
            )
            keys = column(
                f"SELECT idempotency_key FROM outbox WHERE tax_code NOT IN ({marks})", "outbox"
            )
            keys |= column(
                f"SELECT receipt_id FROM outbox WHERE tax_code NOT IN ({marks})", "outbox"
            )
            if "responses" in tables and "tax_code" in tables["responses"]:
                keys |= column(
                    f"SELECT response_id FROM responses WHERE tax_code NOT IN ({marks})",
                    "responses",
                )
    except sqlite3.Error:
        return Others()
    return Others(frozenset(others), frozenset(names), frozenset(numbers), frozenset(keys))


_WORD = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-]*")
_NUMBER = re.compile(r"\d{12}")


def mentions(line: str, others: Others) -> bool:
    """Whether a log line names one of the left-out enterprises: its tax code or name, one of
    its declaration numbers, or one of its sheets', receipts' or answers' keys."""
    if any(code in line for code in others.tax_codes) or any(n in line for n in others.names):
        return True
    words = set(_WORD.findall(line))
    if words & others.numbers or words & others.keys:
        return True
    return any(number in others.numbers for number in _NUMBER.findall(line))


def copy_store(
    source: Path, target: Path, keep: Collection[str] = (), only: Collection[str] | None = None
) -> None:
    """A consistent copy through SQLite's backup API, checked, masked and vacuumed.

    *only*: the enterprises the bundle is for; every row of the others is deleted from the copy
    (``keep_only``) before the masking and the ``VACUUM``.

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
        if only is not None:
            keep_only(dst, only)
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
