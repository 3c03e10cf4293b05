"""The support bundle's copy of a store file: consistent, checked, masked, vacuumed.

``app.support.bundle`` puts files into the zip and writes the manifest; the SQL it needs on the
way lives here, with the rest of the client's SQL: a copy through SQLite's backup API (a
consistent snapshot while the program keeps writing), ``quick_check`` over every page, every
text column a person types into masked (phone numbers, e-mail addresses; outbox payloads through
their JSON), and ``VACUUM`` so no old page still holds a full number. Which columns are typed is
said per table below: a column added later is masked until someone decides otherwise.

Support staff's side is here too: ``open_bundle_store`` opens an unpacked bundle's copy
read-only (``BundleStore``: no transaction begins, no answer is marked read, no prompt is
raised), and ``prepare_replay_copy`` makes the replay's own writable copy, with everything the
declarant had not got a receipt for queued again under its own key.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.domain.messages import Message
from app.domain.model import (
    Channel,
    Declaration,
    DeclarationStatus,
    StatusChange,
    Target,
    TargetKind,
)
from app.domain.redaction import mask_phone, mask_text, may_hold_contact, redact
from app.store.changes import ALL_PARTS, StorePart, notify_changed
from app.store.enterprises import Enterprises
from app.store.errors import StoreError
from app.store.files import _track, _TrackedConnection
from app.store.prompts import PromptLedger
from app.store.responses import Responses
from app.store.schema import SCHEMA_VERSION
from app.store.store import Store


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


# -- opening a bundle's copy as it was, and the replay's own copy ------------------------------
#
# Support staff open a declarant's bundle to see what the declarant saw. Nothing of that look may
# change the copy: the window's store is opened read-only (SQLite ``mode=ro`` and ``query_only``,
# and a ``Store`` that refuses every transaction before it begins), viewing marks no answer read
# and raises no rating prompt. A replay works on a copy of its own (``prepare_replay_copy``), so
# the bundle's file stays as it came even then.

VIEW_ONLY = Message(
    "bundle_view_only",
    "Gói hỗ trợ đang được mở để xem: không có gì được ghi vào dữ liệu của gói và không có gì được "
    "gửi đi. Để thử gửi lại như người khai đã gửi, chọn Hỗ trợ → Phát lại.",
    "The support bundle is open for viewing: nothing is written into its data and nothing is "
    "sent. To try sending as the declarant did, choose Support → Replay.",
)


class StoreReadOnly(StoreError):
    """A write was asked of a bundle opened for viewing: refused before anything began."""


class _ViewResponses(Responses):
    """Looking at an answer in a bundle does not mark it read: the copy stays as it came."""

    def __init__(self, store: BundleStore):
        super().__init__(store)
        self._bundle = store

    def mark_read(self, response_id: str) -> None:
        if not self._bundle.read_only:
            super().mark_read(response_id)


class _NoPrompts(PromptLedger):
    """A bundle never raises the rating prompt: support looks at the declarant's data, nothing
    asks them to rate it (the declarant's own prompts are in the copy, untouched)."""

    def claim(self, numbers: Iterable[str]) -> list[str]:
        return []


class _ViewEnterprises(Enterprises):
    """A broker's bundle holds several enterprises: support switches between them to look at
    each, and the switch is kept in memory only (the copy's own current one stays as it came)."""

    def __init__(self, store: BundleStore):
        super().__init__(store)
        self._bundle = store

    def set_current(self, tax_code: str) -> None:
        if not self._bundle.read_only:
            super().set_current(tax_code)
            return
        if self.get(tax_code) is None:
            raise KeyError(tax_code)
        self._bundle.view_current(tax_code)


class BundleStore(Store):
    """A support bundle's store: read-only until a replay moves it onto the replay's copy."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        super().__init__(path, conn)
        self.read_only = True
        self.responses = _ViewResponses(self)
        self.prompts = _NoPrompts(self)
        self.enterprises = _ViewEnterprises(self)

    def view_current(self, tax_code: str) -> None:
        """Show another of the bundle's enterprises without writing: every view reads again."""
        self._current, self._current_known = tax_code, True
        notify_changed(self.path, ALL_PARTS)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreReadOnly(VIEW_ONLY)
        with super()._transaction() as conn:
            yield conn

    def replay_in(self, path: Path) -> None:
        """Go on in the replay's copy at *path* (made by ``prepare_replay_copy``), writable."""
        self.switch_to(path)
        self.read_only = False


def _reader(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        _read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False,
        factory=_TrackedConnection,
    )  # fmt: skip
    _track(conn, path)
    try:
        conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _is_current(path: Path) -> bool:
    """The copy can be read as it is: SQLite reads every page, and the schema is this version's."""
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error:
        return False
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return False
        return bool(conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION)
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def open_bundle_store(path: Path, work_dir: Path) -> tuple[BundleStore, list[Message]]:
    """The bundle's store for viewing, and what the user must be told about it.

    A readable copy of this program's schema is opened where it lies, read-only. Any other (an
    older schema, a damaged file that went in raw) is first copied into *work_dir* and opened
    there the way the program opens a store — migrated, or moved aside and salvaged — so what
    can be read shows, and the bundle's own file is still never written.
    """
    from app.store.opening import open_store

    notices: list[Message] = []
    if not _is_current(path):
        work_dir.mkdir(parents=True, exist_ok=True)
        working = work_dir / path.name
        for suffix in ("", *("-wal", "-shm")):
            source = path.with_name(path.name + suffix)
            if source.exists():
                shutil.copyfile(source, working.with_name(working.name + suffix))
        opened = open_store(working, deep_check=True)
        notices = list(opened.notices)
        opened.store.close()
        path = working
    return BundleStore(path, _reader(path)), notices


# -- the replay's copy ----------------------------------------------------------------------------

#: What a replay sends again: everything the declarant's program had not got a receipt for.
_REPLAY_REQUEUE = """
UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = NULL, error_code = NULL,
    error_vi = NULL, error_en = NULL, updated_at = ?
WHERE state IN ('queued', 'sending', 'rejected', 'needs_attention')
"""
#: A rejected sheet goes out again, unless the declarant made a new one for its declaration
#: ("Sửa và gửi lại"): then the new one is the one that counts.
_REPLAY_UNREJECT = """
UPDATE rating_sheets SET rejected = 0
WHERE rejected = 1
  AND id IN (SELECT ref_id FROM outbox WHERE kind = 'rating_sheet' AND state = 'queued')
  AND NOT EXISTS (
    SELECT 1 FROM rating_sheets other
    WHERE other.declaration_id = rating_sheets.declaration_id AND other.id <> rating_sheets.id
      AND other.stage = 'after_completion' AND other.rejected = 0)
"""


def replay_phone(masked: str) -> str:
    """A masked phone number (``0944***66``) made whole again with zeros (``0944000066``).

    The bundle holds no full number; the intake server refuses a sheet whose contact phone is
    not a phone number, which is not what the declarant met. The digits kept are kept, so the
    sheets can still be told apart.
    """
    if "*" not in masked:
        return masked
    head, _, tail = masked.partition("***")
    wanted = 11 if head.startswith("+") else 10
    digits = len(re.sub(r"\D", "", head + tail))
    return head + "0" * max(wanted - digits, 1) + tail


def _replay_payload(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict) or "*" not in str(data.get("contact_phone", "")):
        return text
    data["contact_phone"] = replay_phone(str(data["contact_phone"]))
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def prepare_replay_copy(source: Path, target: Path) -> None:
    """The replay's own copy of a bundle's store: everything not delivered is queued again.

    Copied through the backup API from the (read-only) source, so the bundle's file is never
    written; each undelivered item keeps its idempotency key and goes out as the declarant's
    program would send it, its attempts and reasons cleared so what shows is what the replay met.
    """
    from app.store.declarations import refresh_all_rating_states
    from app.store.schema import migrate

    target.unlink(missing_ok=True)
    src = sqlite3.connect(_read_only_uri(source), uri=True)
    dst = sqlite3.connect(target, isolation_level=None)
    try:
        src.backup(dst)
        migrate(dst)
        dst.create_function("replay_payload", 1, _replay_payload, deterministic=True)
        dst.execute("BEGIN IMMEDIATE")
        dst.execute(_REPLAY_REQUEUE, (datetime.now(UTC).isoformat(timespec="seconds"),))
        dst.execute(
            "UPDATE outbox SET payload = replay_payload(payload)"
            " WHERE state = 'queued' AND instr(payload, '*') > 0"
        )
        dst.execute(_REPLAY_UNREJECT)
        refresh_all_rating_states(dst)
        dst.execute("COMMIT")
    finally:
        src.close()
        dst.close()


def requeue_for_replay(store: Store) -> int:
    """Queue again what the replay's server refused (reject-all), before another scenario runs."""
    with store.transaction(StorePart.OUTBOX, StorePart.DECLARATIONS) as conn:
        count = conn.execute(
            "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = NULL,"
            " updated_at = ? WHERE state IN ('rejected', 'needs_attention')",
            (datetime.now(UTC).isoformat(timespec="seconds"),),
        ).rowcount
        conn.execute(_REPLAY_UNREJECT)
        from app.store.declarations import refresh_all_rating_states

        refresh_all_rating_states(conn)
    return int(count)


def tax_codes_by_use(store: Store) -> list[str]:
    """The tax codes a store's declarations and outbox carry, the most used first."""
    rows = store.execute(
        "SELECT tax_code, count(*) AS n FROM ("
        " SELECT tax_code FROM declarations UNION ALL SELECT tax_code FROM outbox)"
        " GROUP BY tax_code ORDER BY n DESC, tax_code"
    ).fetchall()
    return [str(row[0]) for row in rows if row[0]]


def declarations_of(store: Store, tax_code: str) -> list[Declaration]:
    """Every declaration of one enterprise in the store, with its targets and history.

    Three reads in id order, grouped here, rather than three per declaration: a replay of a
    bundle with a hundred thousand declarations seeds its server in seconds, not minutes.
    """
    rows = store.execute(
        "SELECT id, number, type_code, office_code, office_name, channel, registered_at, status,"
        " tax_code FROM declarations WHERE tax_code = ? ORDER BY id",
        (tax_code,),
    ).fetchall()
    # Lookups, not Enum(value) calls (half the time at 100,000 declarations); the same officer
    # on many declarations is one Target.
    kinds = {kind.value: kind for kind in TargetKind}
    statuses = {status.value: status for status in DeclarationStatus}
    channels = {int(channel): channel for channel in Channel}
    made: dict[tuple[str, str, str], Target] = {}
    targets: dict[int, list[Target]] = {}
    for declaration_id, kind, code, name in store.execute(
        "SELECT t.declaration_id, t.kind, t.code, t.name FROM declaration_targets t"
        " JOIN declarations d ON d.id = t.declaration_id WHERE d.tax_code = ?"
        " ORDER BY t.declaration_id, t.position",
        (tax_code,),
    ):
        target = made.get((kind, code, name))
        if target is None:
            target = made[(kind, code, name)] = Target(kinds[kind], code, name)
        targets.setdefault(declaration_id, []).append(target)
    history: dict[int, list[StatusChange]] = {}
    for declaration_id, status, at in store.execute(
        "SELECT h.declaration_id, h.status, h.at FROM status_history h"
        " JOIN declarations d ON d.id = h.declaration_id WHERE d.tax_code = ?"
        " ORDER BY h.declaration_id, h.at",
        (tax_code,),
    ):
        history.setdefault(declaration_id, []).append(
            StatusChange(statuses[status], datetime.fromisoformat(at))
        )
    return [
        Declaration(
            number=number,
            type_code=type_code,
            office_code=office_code,
            office_name=office_name,
            channel=channels[channel] if channel else None,
            registered_at=datetime.fromisoformat(registered_at),
            status=statuses[status],
            tax_code=code,
            targets=tuple(targets.get(declaration_id, ())),
            history=tuple(history.get(declaration_id, ())),
        )
        for (
            declaration_id, number, type_code, office_code, office_name, channel, registered_at,
            status, code,
        ) in rows
    ]  # fmt: skip
