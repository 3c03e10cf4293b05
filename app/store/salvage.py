"""Salvage: read what can still be read from a damaged store into a fresh one.

Moving a damaged file aside keeps it for support staff, but the declarant's unsent sheets are in
it, and a sheet the user pressed "Gửi" for must still be delivered, once. So before the fresh
store is used, every table is read back row by row from the damaged file (read-only): ranges of
rowids are read whole while they can be, and a range that fails is split until the unreadable
rows are isolated and skipped. SQLite's own ``.recover`` lives in the command-line shell, which a
declarant's Windows machine does not have; this needs nothing but the ``sqlite3`` module.

Sheets keep their idempotency keys, so a sheet that did reach the server before the damage is
answered "duplicate" when it is sent again and counted once. Declarations need no such care: the
feed cursors are dropped, so the next sync downloads them all again and fills any gap.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.domain.messages import Message
from app.domain.states import OutboxState
from app.store.declarations import refresh_all_rating_states
from app.store.enterprises import ENSURE_LISTED

log = logging.getLogger(__name__)

#: Tables in the order their rows must arrive (parents before children).
TABLES = (
    "enterprises",
    "declarations",
    "declaration_targets",
    "status_history",
    "rating_sheets",
    "sheet_scores",
    "outbox",
    "responses",
    "support_requests",
    "meta",
    "rating_prompts",
)
#: Where a lost row is something the declarant typed or is waiting for (said in the notice).
USER_TABLES = ("rating_sheets", "outbox", "responses", "support_requests")

_CHUNK = 2000
#: Failing reads allowed per table before the rest of it is given up as unreadable.
_FAILURE_BUDGET = 20_000
#: When even the highest rowid cannot be read, the range searched is this many rows per page.
_ROWS_PER_PAGE_GUESS = 100


@dataclass
class TableSalvage:
    copied: int = 0
    unreadable: int = 0
    #: The table could not be read at all (its schema or root page is gone).
    lost: bool = False


@dataclass
class SalvageReport:
    source: Path
    tables: dict[str, TableSalvage] = field(default_factory=dict)
    #: Outbox items not yet delivered that are in the fresh store, to be sent.
    unsent_saved: int = 0
    #: Of those, rebuilt from a sheet whose outbox row could not be read.
    unsent_rebuilt: int = 0
    #: Of those, found by their payloads in the raw bytes (the tables could not give them).
    unsent_scanned: int = 0
    #: Why nothing at all could be read (the file is not a database any more), else None.
    source_error: str | None = None

    @property
    def unreadable(self) -> int:
        """Rows of the declarant's own items (sheets, outbox, answers, requests) left behind."""
        return sum(self.tables[t].unreadable for t in USER_TABLES if t in self.tables)

    @property
    def lost_tables(self) -> list[str]:
        return [name for name, table in self.tables.items() if table.lost]

    def summary(self) -> str:
        """One line for logs and ``--self-test``."""
        if self.source_error and not self.unsent_scanned:
            return f"nothing readable in {self.source.name}: {self.source_error}"
        parts = [f"{name} {t.copied}" + (f" (-{t.unreadable})" if t.unreadable else "")
                 for name, t in self.tables.items() if t.copied or t.unreadable]  # fmt: skip
        lost = self.lost_tables
        return (
            f"salvaged from {self.source.name}: {', '.join(parts) or 'no rows'};"
            f" {self.unsent_saved} unsent item(s) kept"
            + (f", {self.unsent_rebuilt} rebuilt" if self.unsent_rebuilt else "")
            + (f", {self.unsent_scanned} found in raw bytes" if self.unsent_scanned else "")
            + (f"; unreadable tables: {', '.join(lost)}" if lost else "")
        )

    def message(self) -> Message:
        """What the declarant is told: how many unsent items were saved, how many could not be."""
        if self.unsent_saved:
            vi = f"Đã cứu được {self.unsent_saved} mục chưa gửi (phiếu đánh giá, yêu cầu hỗ trợ, ý kiến phản hồi); chúng sẽ được gửi ở lần đồng bộ tới."
            en = f"{self.unsent_saved} unsent item(s) (rating sheets, support requests, replies) were saved; they will be sent at the next sync."
        else:
            vi = "Không có mục chưa gửi nào đọc được trong tệp hỏng."
            en = "No unsent item could be read in the damaged file."
        lost = self.unreadable
        if lost or self.lost_tables or self.source_error:
            what_vi = f"{lost} mục" if lost else "Một phần dữ liệu"
            what_en = f"{lost} item(s)" if lost else "Part of the data"
            vi += (
                f" {what_vi} không đọc được từ tệp hỏng và có thể gồm phiếu chưa gửi: hãy xuất gói "
                "hỗ trợ (Trợ giúp → Xuất gói hỗ trợ) và gửi cho bộ phận hỗ trợ."
            )
            en += (
                f" {what_en} could not be read from the damaged file and may include unsent sheets: "
                "export a support bundle (Help → Export support bundle) and send it to support."
            )
        return Message("store_salvaged", vi, en)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a damaged file: nothing done here may write into it."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10.0)


def salvage(source: Path, target: sqlite3.Connection) -> SalvageReport:
    """Copy every readable row of *source* into *target* (a fresh, migrated store), in one go.

    *source* is only read. When SQLite cannot read it as it is (a truncated file, a broken
    header), a repaired copy in a temporary folder is read instead; when even that fails, or the
    outbox lost rows, the raw bytes are searched for outbox payloads, so unsent sheets come back
    whatever else is lost. *target* must be in autocommit mode with no transaction open; this runs
    one transaction on it and commits it, or rolls it back and raises (a full disk while
    salvaging, say) so the caller can tell the user and keep both files.
    """
    report = SalvageReport(source)
    with tempfile.TemporaryDirectory(prefix="customs-salvage-") as scratch:
        conn, schema = _open_readable(source, Path(scratch), report)
        target.execute("PRAGMA foreign_keys = OFF")
        try:
            target.execute("BEGIN IMMEDIATE")
            try:
                if conn is not None and schema is not None:
                    _copy_tables(conn, target, schema, report)
                outbox = report.tables.get("outbox")
                if outbox is None or outbox.lost or outbox.unreadable:
                    _insert_scanned(target, scan_outbox_payloads(source), report)
                _repair(target, report)
                target.execute("COMMIT")
            except BaseException:
                target.execute("ROLLBACK")
                raise
        finally:
            target.execute("PRAGMA foreign_keys = ON")
            if conn is not None:
                conn.close()
    log.warning("%s", report.summary())
    return report


def _open_readable(
    source: Path, scratch: Path, report: SalvageReport
) -> tuple[sqlite3.Connection | None, dict[str, str | None] | None]:
    """A read-only connection whose schema can be read: the file itself, else a repaired copy."""
    error = "not a file"
    candidates = [source] if source.is_file() else []
    if source.is_file():
        repaired = _repaired_copy(source, scratch)
        if repaired is not None:
            candidates.append(repaired)
    for candidate in candidates:
        try:
            conn = open_read_only(candidate)
            # Parse the schema even where an entry is damaged; the damaged table fails alone.
            conn.execute("PRAGMA writable_schema = ON")
        except sqlite3.Error as failed:
            error = str(failed)
            continue
        try:
            schema = {
                name: sql
                for name, sql in conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                )
            }
        except sqlite3.DatabaseError as failed:
            error = str(failed)
            conn.close()
            continue
        if candidate != source:
            log.warning("%s read through a repaired copy (header or length fixed)", source.name)
        return conn, schema
    report.source_error = error
    return None, None


_HEADER = b"SQLite format 3\x00"
_PAGE = 4096  # the store never changes SQLite's default page size


def _repaired_copy(source: Path, scratch: Path) -> Path | None:
    """A copy with a valid header and a whole number of pages, or None when nothing is to fix.

    A file cut short (a copy interrupted, a sync tool) fails as a whole although its first pages
    are fine; so does one whose first sector was overwritten. Padding the copy to whole pages and
    writing a plausible header back lets SQLite read what the pages still hold.
    """
    data = bytearray(source.read_bytes())
    if not data:
        return None
    changed = False
    if not data.startswith(_HEADER):
        data[:100] = _fresh_header(len(data))
        changed = True
    elif len(data) % _PAGE:
        changed = True
    if len(data) % _PAGE:
        data.extend(bytes(_PAGE - len(data) % _PAGE))
    # Cut short: zero pages up to the size the header says, so every root page the schema
    # names exists (reading a zeroed page fails, and that range is skipped like any other).
    declared = int.from_bytes(data[28:32], "big")
    if declared > len(data) // _PAGE:
        data.extend(bytes(_PAGE * (declared - len(data) // _PAGE)))
        changed = True
    pages = len(data) // _PAGE
    if int.from_bytes(data[28:32], "big") != pages:
        data[28:32] = pages.to_bytes(4, "big")
        data[92:96] = data[24:28]  # "version-valid-for" = change counter: trust the page count
        changed = True
    if not changed:
        return None
    wal = source.with_name(source.name + "-wal")
    if wal.is_file():
        data[18:20] = b"\x02\x02"  # WAL mode, so the copied -wal's committed pages are read too
    copy = scratch / source.name
    copy.write_bytes(bytes(data))
    if wal.is_file():
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    return copy


def _fresh_header(size: int) -> bytes:
    """The 100-byte header of a database like ours, for a file of *size* bytes."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"PRAGMA page_size = {_PAGE}")
        conn.execute("CREATE TABLE t (x)")
        header = bytearray(conn.serialize()[:100])
    finally:
        conn.close()
    header[18:20] = b"\x01\x01"  # legacy journal: no WAL file is needed to read it
    header[32:40] = bytes(8)  # no freelist: its pages are read as whatever they hold
    pages = max(1, (size + _PAGE - 1) // _PAGE)
    header[28:32] = pages.to_bytes(4, "big")
    header[92:96] = header[24:28]
    return bytes(header)


# -- the last resort: outbox payloads found in the raw bytes ----------------------------------------

_PAYLOAD_STARTS = (b'{"contact_name": ', b'{"response_id": ')
_STATES = tuple(state.value.encode() for state in OutboxState)
_TAX_CODE = re.compile(rb"\d{10}-\d{3}$|\d{10}$")


@dataclass(frozen=True)
class ScannedItem:
    kind: str
    idempotency_key: str
    tax_code: str
    payload: str
    state: str


def scan_outbox_payloads(source: Path) -> list[ScannedItem]:
    """Outbox rows found by their JSON payloads in the bytes of *source* and its WAL.

    An outbox record lays out ``…idempotency_key, tax_code, payload, state…`` one after the
    other, so the tax code ends right where the payload's ``{`` begins and the state follows its
    ``}``. Nothing of SQLite's structure is needed: this works when the header and the schema are
    gone. A payload that spilled onto an overflow page is not contiguous and is not found.
    """
    found: dict[str, ScannedItem] = {}
    for part in (source, source.with_name(source.name + "-wal")):
        try:
            data = part.read_bytes()
        except OSError:
            continue
        for start in _PAYLOAD_STARTS:
            position = data.find(start)
            while position != -1:
                item = _scanned_at(data, position)
                if item is not None and (
                    item.idempotency_key not in found or part.name.endswith("-wal")
                ):
                    found[item.idempotency_key] = item  # the WAL holds the later version
                position = data.find(start, position + 1)
    return list(found.values())


def _scanned_at(data: bytes, position: int) -> ScannedItem | None:
    window = data[position : position + 65536].decode("utf-8", "replace")
    try:
        payload, consumed = json.JSONDecoder().raw_decode(window)
    except ValueError:
        return None
    if not isinstance(payload, dict):
        return None
    end = position + len(window[:consumed].encode("utf-8"))
    state = next((s.decode() for s in _STATES if data.startswith(s, end)), None)
    tax = _TAX_CODE.search(data[max(0, position - 14) : position])
    if state is None or tax is None:
        return None
    text = window[:consumed]
    if "response_id" in payload and "verdict" in payload:
        kind, key = "response_feedback", f"feedback:{payload['response_id']}"
    elif "scores" in payload and "declaration_number" in payload:
        kind, key = "rating_sheet", str(payload.get("idempotency_key") or "")
    elif "operation_code" in payload:
        kind, key = "support_request", str(payload.get("idempotency_key") or "")
    else:
        return None
    if not key or "\ufffd" in text:
        return None
    return ScannedItem(kind, key, tax.group(0).decode(), text, state)


def _insert_scanned(
    conn: sqlite3.Connection, items: list[ScannedItem], report: SalvageReport
) -> None:
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    added = 0
    for item in items:
        if item.state == OutboxState.DELIVERED:
            continue  # the server has it; nothing to send
        cursor = conn.execute(
            "INSERT OR IGNORE INTO outbox(kind, ref_id, idempotency_key, tax_code, payload, state,"
            " attempts, next_attempt_at, created_at, updated_at) VALUES (?, 0, ?, ?, ?, ?, 0, ?, ?, ?)",
            (
                item.kind,
                item.idempotency_key,
                item.tax_code,
                item.payload,
                item.state,
                now,
                now,
                now,
            ),
        )
        added += cursor.rowcount
    if added:
        log.warning("%d outbox item(s) found in the raw bytes of %s", added, report.source.name)
    report.unsent_scanned = added


# -- copying -------------------------------------------------------------------------------------


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _copy_tables(
    source: sqlite3.Connection,
    target: sqlite3.Connection,
    schema: dict[str, str | None],
    report: SalvageReport,
) -> None:
    target_tables = {
        row[0] for row in target.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    for table in TABLES:
        if table not in schema:
            continue
        result = report.tables[table] = TableSalvage()
        if table not in target_tables:
            ddl = schema[table]
            if not ddl:
                result.lost = True
                continue
            target.execute(ddl)
        try:
            wanted = _columns(target, table)
            present = set(_columns(source, table))
        except sqlite3.DatabaseError:
            result.lost = True
            continue
        columns = [c for c in wanted if c in present]
        insert = (
            f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' * len(columns))})"
        )
        for rows in _readable_rows(source, table, columns, result):
            target.executemany(insert, rows)
            result.copied += len(rows)
        _estimate_unreadable(source, table, result)


def _readable_rows(
    conn: sqlite3.Connection, table: str, columns: list[str], result: TableSalvage
) -> Iterator[list[tuple[object, ...]]]:
    """Rows in rowid ranges; a range that fails is halved until single bad rowids are left."""
    top = _highest_rowid(conn, table)
    if top is None:
        result.lost = True
        return
    select = f"SELECT {', '.join(columns)} FROM {table} WHERE rowid BETWEEN ? AND ?"
    failures = 0
    # A stack of (low, high) ranges, lowest on top, so rows arrive in rowid order.
    pending = [(start, min(start + _CHUNK - 1, top)) for start in range(1, top + 1, _CHUNK)]
    pending.reverse()
    while pending:
        low, high = pending.pop()
        try:
            rows = conn.execute(select, (low, high)).fetchall()
        except sqlite3.DatabaseError:
            failures += 1
            if low == high:
                result.unreadable += 1
            elif failures > _FAILURE_BUDGET:
                result.unreadable += high - low + 1
            else:
                middle = (low + high) // 2
                pending.append((middle + 1, high))
                pending.append((low, middle))
            continue
        if rows:
            yield rows


def _highest_rowid(conn: sqlite3.Connection, table: str) -> int | None:
    """The largest rowid, from the table itself, or else a generous guess from the file size."""
    try:
        value = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
        return int(value or 0)
    except sqlite3.DatabaseError:
        pass
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    return max(1, int(pages) * _ROWS_PER_PAGE_GUESS)


def _estimate_unreadable(conn: sqlite3.Connection, table: str, result: TableSalvage) -> None:
    """Count what was left behind from an index if one still answers (rowids may be sparse)."""
    if not result.unreadable and not result.lost:
        return
    try:
        total = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError:
        return
    result.unreadable = max(0, int(total) - result.copied)


# -- putting the pieces back together -------------------------------------------------------------


def _repair(conn: sqlite3.Connection, report: SalvageReport) -> None:
    """Make the copied rows a consistent store again, and queue every sheet not yet delivered."""
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    _sheets_from_outbox(conn, now)
    _placeholder_declarations(conn, now)
    # Children whose parent could not be read are of no use on their own.
    conn.execute(
        "DELETE FROM rating_sheets WHERE declaration_id NOT IN (SELECT id FROM declarations)"
    )
    for table, column, parent in (
        ("sheet_scores", "sheet_id", "rating_sheets"),
        ("declaration_targets", "declaration_id", "declarations"),
        ("status_history", "declaration_id", "declarations"),
    ):
        conn.execute(f"DELETE FROM {table} WHERE {column} NOT IN (SELECT id FROM {parent})")
    conn.execute(
        "DELETE FROM rating_sheets WHERE id NOT IN (SELECT DISTINCT sheet_id FROM sheet_scores)"
        " AND id NOT IN (SELECT ref_id FROM outbox WHERE kind = 'rating_sheet')"
    )
    report.unsent_rebuilt = _rebuild_outbox_rows(conn, now)
    # A send that was in flight when the file broke is sent again (its key makes that safe).
    conn.execute("UPDATE outbox SET state = 'queued' WHERE state = 'sending'")
    # Download every declaration and answer again: whatever was lost comes back from the server.
    conn.execute("DELETE FROM meta WHERE key LIKE 'cursor:%'")
    refresh_all_rating_states(conn)
    # An enterprise whose list entry was unreadable is listed again from its rows.
    conn.execute(ENSURE_LISTED, (now,))
    report.unsent_saved = conn.execute(
        "SELECT count(*) FROM outbox WHERE state IN ('queued', 'needs_attention')"
    ).fetchone()[0]


def _placeholder_declarations(conn: sqlite3.Connection, now: str) -> None:
    """A sheet whose declaration row is gone gets a stand-in, named from the sheet's payload.

    The sheet must stay (it is to be sent, and the table shows it as "chờ gửi"); the next sync
    downloads the real declaration and overwrites the stand-in by number.
    """
    orphans = conn.execute(
        "SELECT s.id, s.declaration_id, s.stage, s.tax_code, s.created_at, o.payload"
        " FROM rating_sheets s LEFT JOIN outbox o ON o.kind = 'rating_sheet' AND o.ref_id = s.id"
        " WHERE s.declaration_id NOT IN (SELECT id FROM declarations)"
    ).fetchall()
    for _sheet_id, declaration_id, stage, tax_code, created_at, payload in orphans:
        number = _payload_field(payload, "declaration_number")
        if not number or len(number) != 12:
            continue
        status = "cleared" if stage == "after_completion" else "channel_assigned"
        conn.execute(
            "INSERT OR IGNORE INTO declarations(id, number, type_code, office_code, office_name,"
            " channel, registered_at, status, tax_code, updated_at)"
            " VALUES (?, ?, '', '', '', NULL, ?, ?, ?, ?)",
            (declaration_id, number, created_at, status, tax_code, now),
        )
    # Scores name the targets: a stand-in knows who handled it, so its sheet stays valid.
    conn.execute(
        "INSERT OR IGNORE INTO declaration_targets(declaration_id, position, kind, code, name)"
        " SELECT s.declaration_id, c.position, c.target_kind, c.target_code, c.target_name"
        " FROM sheet_scores c JOIN rating_sheets s ON s.id = c.sheet_id"
        " JOIN declarations d ON d.id = s.declaration_id"
        " WHERE d.type_code = '' AND NOT EXISTS"
        " (SELECT 1 FROM declaration_targets t WHERE t.declaration_id = d.id)"
    )


def _sheets_from_outbox(conn: sqlite3.Connection, now: str) -> None:
    """An outbox row whose sheet row is gone gets its sheet back, from the payload it carries.

    The payload is the sheet exactly as it is sent, so the declarations table can show it as
    "chờ gửi" (or "bị từ chối") again instead of "chưa đánh giá".
    """
    rows = conn.execute(
        "SELECT o.id, o.idempotency_key, o.tax_code, o.payload, o.state, o.created_at FROM outbox o"
        " WHERE o.kind = 'rating_sheet' AND NOT EXISTS (SELECT 1 FROM rating_sheets s"
        " WHERE s.id = o.ref_id AND s.idempotency_key = o.idempotency_key)"
    ).fetchall()
    for outbox_id, key, tax_code, payload, state, created_at in rows:
        try:
            sheet = json.loads(payload)
            number = str(sheet["declaration_number"])
            stage = str(sheet["stage"])
            scores = list(sheet["scores"])
        except (ValueError, KeyError, TypeError):
            continue
        existing = conn.execute(
            "SELECT id FROM rating_sheets WHERE idempotency_key = ?", (key,)
        ).fetchone()
        if existing is not None:
            conn.execute("UPDATE outbox SET ref_id = ? WHERE id = ?", (existing[0], outbox_id))
            continue
        declaration_id = _declaration_for(conn, number, stage, tax_code, created_at or now, now)
        if declaration_id is None:
            continue
        cursor = conn.execute(
            "INSERT OR IGNORE INTO rating_sheets(idempotency_key, declaration_id, stage, content,"
            " contact_name, contact_phone, tax_code, created_at, rejected)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                declaration_id,
                stage,
                str(sheet.get("content") or ""),
                str(sheet.get("contact_name") or ""),
                str(sheet.get("contact_phone") or ""),
                tax_code,
                created_at or now,
                1 if state == OutboxState.REJECTED else 0,
            ),
        )
        if not cursor.rowcount:
            continue  # a live sheet for that declaration is already there: the outbox row stays
        sheet_id = cursor.lastrowid
        conn.executemany(
            "INSERT OR IGNORE INTO sheet_scores(sheet_id, position, target_kind, target_code,"
            " target_name, score, reasons) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    sheet_id,
                    position,
                    item.get("target_kind"),
                    item.get("target_code"),
                    item.get("target_name"),
                    item.get("score"),
                    json.dumps(list(item.get("reasons") or [])),
                )
                for position, item in enumerate(scores)
                if isinstance(item, dict)
            ],
        )
        conn.execute("UPDATE outbox SET ref_id = ? WHERE id = ?", (sheet_id, outbox_id))


def _declaration_for(
    conn: sqlite3.Connection, number: str, stage: str, tax_code: str, created: str, now: str
) -> int | None:
    """The declaration's id by number, or a stand-in the next sync overwrites by number."""
    row = conn.execute("SELECT id FROM declarations WHERE number = ?", (number,)).fetchone()
    if row is not None:
        return int(row[0])
    if len(number) != 12:
        return None
    status = "cleared" if stage == "after_completion" else "channel_assigned"
    cursor = conn.execute(
        "INSERT INTO declarations(number, type_code, office_code, office_name, channel,"
        " registered_at, status, tax_code, updated_at) VALUES (?, '', '', '', NULL, ?, ?, ?, ?)",
        (number, created, status, tax_code, now),
    )
    return cursor.lastrowid


def _payload_field(payload: str | None, key: str) -> str | None:
    if not payload:
        return None
    try:
        value = json.loads(payload).get(key)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _rebuild_outbox_rows(conn: sqlite3.Connection, now: str) -> int:
    """A sheet whose outbox row is gone is queued again, with the payload it was sent with."""
    sheets = conn.execute(
        "SELECT s.id, s.idempotency_key, d.number, s.stage, s.content, s.contact_name,"
        " s.contact_phone, s.tax_code FROM rating_sheets s JOIN declarations d"
        " ON d.id = s.declaration_id WHERE s.rejected = 0 AND NOT EXISTS"
        " (SELECT 1 FROM outbox o WHERE o.kind = 'rating_sheet' AND o.ref_id = s.id)"
    ).fetchall()
    rebuilt = 0
    for sheet_id, key, number, stage, content, name, phone, tax_code in sheets:
        scores = [
            {
                "target_kind": kind,
                "target_code": code,
                "target_name": target_name,
                "score": score,
                "reasons": json.loads(reasons or "[]"),
            }
            for kind, code, target_name, score, reasons in conn.execute(
                "SELECT target_kind, target_code, target_name, score, reasons FROM sheet_scores"
                " WHERE sheet_id = ? ORDER BY position",
                (sheet_id,),
            )
        ]
        if not scores:
            continue
        payload = {
            "idempotency_key": key,
            "declaration_number": number,
            "stage": stage,
            "scores": scores,
            "content": content,
            "contact_name": name,
            "contact_phone": phone,
        }
        cursor = conn.execute(
            "INSERT OR IGNORE INTO outbox(kind, ref_id, idempotency_key, tax_code, payload, state,"
            " attempts, next_attempt_at, created_at, updated_at)"
            " VALUES ('rating_sheet', ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
            (
                sheet_id,
                key,
                tax_code,
                json.dumps(payload, ensure_ascii=False, sort_keys=True),
                now,
                now,
                now,
            ),
        )
        rebuilt += cursor.rowcount
    return rebuilt
