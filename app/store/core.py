"""The local store: one SQLite file holding declarations, rating sheets and the outbox.

Durability is the point of this module. Once the declarant pressed "Gửi", the sheet and its outbox
row are committed in one transaction with ``synchronous=FULL`` before the dialog closes; a power
cut afterwards loses nothing. A damaged file is never deleted: it is moved aside for support staff
and a fresh store takes its place, and the user is told.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.domain.messages import Message
from app.domain.model import (
    Channel,
    Declaration,
    DeclarationStatus,
    RatingSheet,
    RatingStage,
    Response,
    StatusChange,
    SupportRequest,
    Target,
    TargetKind,
)
from app.domain.support_rules import sniff_image, validate_support_request
from app.domain.validation import (
    ValidationFailed,
    already_rated_error,
    check_stage,
    check_targets,
    unknown_declaration_error,
    validate_sheet,
)

log = logging.getLogger(__name__)


class RatingState:
    """What the declarations table shows in its rating column (and filters on)."""

    NOT_RATABLE = "not_ratable"  # still in clearance, or cancelled
    UNRATED = "unrated"  # chưa đánh giá
    QUEUED = "queued"  # chờ gửi
    SENT = "sent"  # đã gửi
    REJECTED = "rejected"  # bị từ chối

    ALL = (NOT_RATABLE, UNRATED, QUEUED, SENT, REJECTED)


class OutboxState:
    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    REJECTED = "rejected"
    NEEDS_ATTENTION = "needs_attention"

    ALL = (QUEUED, SENDING, DELIVERED, REJECTED, NEEDS_ATTENTION)


class StoreError(Exception):
    """A store failure the user must hear about, in their language."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(message.en)


class StoreFull(StoreError):
    """The disk (or the file's page limit) is full: nothing of the write was kept."""


NOT_SAVED_DISK_FULL = Message(
    "disk_full",
    "Chưa lưu được: ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi bấm Gửi lại; nội dung bạn nhập vẫn còn.",
    "Not saved: the disk is full. Free some space and press Send again; what you typed is kept.",
)
NOT_SAVED_IO = Message(
    "store_write_failed",
    "Chưa lưu được do lỗi ghi dữ liệu. Nội dung bạn nhập vẫn còn; hãy thử lại.",
    "Not saved: the data could not be written. What you typed is kept; please try again.",
)
NEWER_SCHEMA = Message(
    "store_too_new",
    "Dữ liệu được tạo bởi phiên bản mới hơn của chương trình. Hãy cập nhật chương trình.",
    "The data was written by a newer version of this program. Please update the program.",
)


def corrupt_notice(moved_to: Path) -> Message:
    return Message(
        "store_recovered",
        f"Tệp dữ liệu bị hỏng nên đã được chuyển sang {moved_to.name} (không bị xóa) và một tệp mới "
        "đã được tạo. Danh sách tờ khai sẽ được tải lại khi đồng bộ; hãy gửi gói hỗ trợ nếu cần khôi phục.",
        f"The data file was damaged, so it was moved to {moved_to.name} (not deleted) and a new one "
        "was created. Declarations will be downloaded again at the next sync; send a support bundle "
        "if you need the old data recovered.",
    )


# --- schema -----------------------------------------------------------------------------------

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

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)

# The rating state shown in the table, derived from a declaration's status, its live (not
# rejected) after-completion sheet and that sheet's outbox row.
_REFRESH_RATING_STATE = """
UPDATE declarations SET rating_state = CASE
    WHEN status NOT IN ('released', 'brought_to_storage', 'cleared') THEN 'not_ratable'
    WHEN EXISTS (
        SELECT 1 FROM rating_sheets s
        WHERE s.declaration_id = declarations.id AND s.stage = 'after_completion'
          AND s.rejected = 0 AND EXISTS (
            SELECT 1 FROM outbox o
            WHERE o.kind = 'rating_sheet' AND o.ref_id = s.id AND o.state = 'delivered')) THEN 'sent'
    WHEN EXISTS (
        SELECT 1 FROM rating_sheets s
        WHERE s.declaration_id = declarations.id AND s.stage = 'after_completion'
          AND s.rejected = 0) THEN 'queued'
    WHEN EXISTS (
        SELECT 1 FROM rating_sheets s
        WHERE s.declaration_id = declarations.id AND s.stage = 'after_completion'
          AND s.rejected = 1) THEN 'rejected'
    ELSE 'unrated' END
WHERE id IN ({marks})
"""
SCHEMA_VERSION = len(MIGRATIONS)


def refresh_all_rating_states(conn: sqlite3.Connection) -> None:
    """Recompute every declaration's rating state (after a salvage put rows back)."""
    conn.execute(_REFRESH_RATING_STATE.replace("WHERE id IN ({marks})", ""))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


#: Below this much free space, an I/O error while writing is taken for a full disk.
_NEARLY_FULL_BYTES = 1024 * 1024


def is_disk_full(error: BaseException, path: Path | None = None) -> bool:
    """SQLITE_FULL, or an I/O error on a disk with next to no free space left.

    A full disk does not always say so: growing the WAL's shared-memory file fails as
    SQLITE_IOERR_SHMSIZE ("disk I/O error"), so the free space of the file's disk decides.
    """
    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None) or 0
    if code & 0xFF == sqlite3.SQLITE_FULL or "full" in str(error).lower():
        return True
    if code & 0xFF == sqlite3.SQLITE_IOERR and path is not None:
        try:
            return shutil.disk_usage(Path(path).parent).free < _NEARLY_FULL_BYTES
        except OSError:
            return False
    return False


def _is_full(error: sqlite3.Error, path: Path | None = None) -> bool:
    return is_disk_full(error, path)


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


# -- who holds the file ----------------------------------------------------------------------
#
# Windows will not rename or delete a file any connection holds open, so nothing may move a store
# while this process has one open: every connection to a store file is made here and tracked, and
# ``quarantine`` refuses to run while one is alive. Damage found by any connection is recorded per
# file, so every other connection to it stops writing at once.


class _TrackedConnection(sqlite3.Connection):
    closed = False

    def close(self) -> None:
        self.closed = True
        super().close()


_registry_lock = threading.Lock()
_connections: weakref.WeakSet[_TrackedConnection] = weakref.WeakSet()
_connection_paths: weakref.WeakKeyDictionary[_TrackedConnection, str] = weakref.WeakKeyDictionary()
_damaged: dict[str, str] = {}
_damage_listeners: list[Callable[[Path, str], None]] = []


def _key(path: Path | str) -> str:
    return str(Path(path).resolve())


def _track(conn: _TrackedConnection, path: Path | str) -> _TrackedConnection:
    with _registry_lock:
        _connections.add(conn)
        _connection_paths[conn] = _key(path)
    return conn


def open_connections(path: Path) -> int:
    """How many connections of this process hold *path* open (readers included)."""
    key = _key(path)
    with _registry_lock:
        return sum(1 for c in _connections if not c.closed and _connection_paths.get(c) == key)


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the pragmas every user of the file relies on."""
    conn = sqlite3.connect(
        path,
        isolation_level=None,
        timeout=10.0,
        check_same_thread=False,
        factory=_TrackedConnection,
    )
    _track(conn, path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise sqlite3.DatabaseError(f"cannot switch to WAL (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def connect_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection for work on another thread (table loader, search, bundle copy)."""
    conn = sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, timeout=10.0, factory=_TrackedConnection
    )
    return _track(conn, path)


@contextlib.contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """``connect_reader`` that closes itself and reports damage it runs into."""
    conn = connect_reader(path)
    try:
        yield conn
    except sqlite3.DatabaseError as error:
        if is_corruption(error):
            report_damage(path, str(error))
        raise
    finally:
        conn.close()


class StoreInUse(RuntimeError):
    """A store file cannot be moved: a connection of this process still holds it."""


def quarantine(path: Path) -> Path:
    """Move a damaged store (and its WAL and shared-memory files) aside, never delete it.

    Only ever at start, before any connection exists: on Windows the move would fail with the file
    held open, and elsewhere a connection kept open would go on writing into the moved file.
    """
    held = open_connections(path)
    if held:
        raise StoreInUse(f"refusing to move {path.name}: {held} connection(s) still open")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.corrupt-{stamp}-{counter}{path.suffix}")
        counter += 1
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    with _registry_lock:
        _damaged.pop(_key(path), None)
    return target


def damaged_marker(path: Path) -> Path:
    return path.with_name(path.name + ".damaged")


# SQLite's primary result codes that mean the file itself is damaged.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_IOERR_SHORT_READ = 522


def is_corruption(error: BaseException) -> bool:
    """Whether an SQLite error says the file is damaged (not busy, full or read-only)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or code == _SQLITE_IOERR_SHORT_READ
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def report_damage(path: Path, detail: str) -> None:
    """Record that *path* is damaged: every connection stops writing, listeners are told once.

    The marker file makes the next start move the file aside and salvage it even if this session
    ends before it could do anything itself.
    """
    key = _key(path)
    with _registry_lock:
        if key in _damaged:
            return
        _damaged[key] = detail
        listeners = list(_damage_listeners)
    log.error("store %s is damaged: %s", Path(path).name, detail)
    with contextlib.suppress(OSError):
        damaged_marker(Path(path)).write_text(detail, encoding="utf-8")
    for listener in listeners:
        try:
            listener(Path(path), detail)
        except Exception:
            log.exception("a damage listener failed")


def damage_of(path: Path) -> str | None:
    """What damage was reported for *path* in this process, or None."""
    with _registry_lock:
        return _damaged.get(_key(path))


def add_damage_listener(listener: Callable[[Path, str], None]) -> None:
    """Called (on whichever thread found it) the first time a store file is found damaged."""
    with _registry_lock:
        _damage_listeners.append(listener)


def remove_damage_listener(listener: Callable[[Path, str], None]) -> None:
    with _registry_lock, contextlib.suppress(ValueError):
        _damage_listeners.remove(listener)


DAMAGED_FOUND = Message(
    "store_damaged",
    "Tệp dữ liệu bị hỏng. Chương trình sẽ ngừng ghi vào tệp này và cứu những gì còn đọc được.",
    "The data file is damaged. The program stops writing into it and saves what can still be read.",
)
NOT_SAVED_DAMAGED = Message(
    "store_damaged_not_saved",
    "Chưa lưu được: tệp dữ liệu bị hỏng và đang được cứu sang tệp mới. Nội dung bạn nhập vẫn còn; "
    "hãy bấm Gửi lại sau ít giây.",
    "Not saved: the data file is damaged and is being rescued into a new one. What you typed is "
    "kept; press Send again in a few seconds.",
)


class StoreDamaged(StoreError):
    """The file is damaged: nothing more is written into it."""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    kind: str
    ref_id: int
    idempotency_key: str
    tax_code: str
    payload: dict[str, object]
    state: str
    attempts: int
    next_attempt_at: str | None
    created_at: str
    receipt_id: str | None
    error: Message | None


class Store:
    """The declarant's local database. One instance per thread that uses it.

    The window's instance is the file's owner (``app.store.opening.open_store`` made it, the only
    code that moves a damaged file aside); others ``attach`` to the same file. ``switch_to``
    moves the owner onto a rescue file mid-session, under the same object, so every view holding
    it follows.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, notice: Message | None = None):
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()
        #: Set when the previous file was damaged and moved aside: tell the user once.
        self.notice = notice

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, deep_check: bool = True) -> Store:
        """Open (creating or migrating) the store at *path*; move it aside and salvage it if damaged.

        ``deep_check`` runs ``PRAGMA quick_check`` before returning. It reads the whole file
        (0.6 s for a million declarations here), so the window passes False, runs
        ``check_integrity`` on a worker thread once it is shown, and damage found there is dealt
        with during the session and the file moved aside at the next start (``damaged_marker``).
        """
        from app.store.opening import open_store

        return open_store(path, deep_check=deep_check).store

    @classmethod
    def attach(cls, path: Path) -> Store:
        """A second connection to a store the owner has opened: never moves or migrates it."""
        conn = connect(path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except BaseException:
            conn.close()
            raise
        if version != SCHEMA_VERSION:
            conn.close()
            raise StoreError(NEWER_SCHEMA if version > SCHEMA_VERSION else NOT_SAVED_IO)
        return cls(path, conn)

    def switch_to(self, path: Path) -> None:
        """Go on in another (rescue) file: the damaged one is closed and written no more."""
        conn = Store.attach(path)._conn
        with self._lock:
            old, self._conn, self.path = self._conn, conn, path
            with contextlib.suppress(sqlite3.Error):
                old.close()

    @staticmethod
    def check_integrity(path: Path) -> bool:
        """Run quick_check on a connection of its own (any thread); report damage if it fails."""
        try:
            with reading(path) as conn:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            result = str(error)
        if result == "ok":
            return True
        log.error("store %s failed its integrity check: %s", path.name, result)
        report_damage(path, f"quick_check: {result}")
        return False

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    @property
    def damaged(self) -> bool:
        return damage_of(self.path) is not None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back whole on any error; disk-full is StoreFull.

        A file known to be damaged is not written at all (StoreDamaged), and damage found here
        is reported so every other connection stops writing too.
        """
        with self._lock:
            if self.damaged:
                raise StoreDamaged(NOT_SAVED_DAMAGED)
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    if _is_full(error, self.path):
                        raise StoreFull(NOT_SAVED_DISK_FULL) from error
                    if is_corruption(error):
                        report_damage(self.path, str(error))
                        raise StoreDamaged(NOT_SAVED_DAMAGED) from error
                    if isinstance(error, sqlite3.OperationalError):
                        raise StoreError(NOT_SAVED_IO) from error
                raise

    def execute(self, sql: str, params: Iterable[object] = ()) -> sqlite3.Cursor:
        """Read-only access for views and models that build their own queries."""
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params))
            except sqlite3.DatabaseError as error:
                if is_corruption(error):
                    report_damage(self.path, str(error))
                    raise StoreDamaged(DAMAGED_FOUND) from error
                raise

    # -- meta -----------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- declarations ---------------------------------------------------------------------

    def upsert_declarations(self, declarations: Iterable[Declaration]) -> list[str]:
        """Insert or update declarations; return the numbers that just became ratable.

        "Just became ratable" means completed now and not completed (or unknown) before: those are
        the ones the window raises the rating prompt for, once.
        """
        newly_completed: list[str] = []
        now = _now()
        with self.transaction() as conn:
            for decl in declarations:
                row = conn.execute(
                    "SELECT id, status FROM declarations WHERE number = ?", (decl.number,)
                ).fetchone()
                if row is None:
                    state = (
                        RatingState.UNRATED if decl.status.is_completed else RatingState.NOT_RATABLE
                    )
                    cursor = conn.execute(
                        "INSERT INTO declarations(number, type_code, office_code, office_name,"
                        " channel, registered_at, status, tax_code, updated_at, rating_state)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            decl.number,
                            decl.type_code,
                            decl.office_code,
                            decl.office_name,
                            int(decl.channel) if decl.channel else None,
                            _iso(decl.registered_at),
                            decl.status.value,
                            decl.tax_code,
                            now,
                            state,
                        ),
                    )
                    declaration_id = cursor.lastrowid
                    if decl.status.is_completed:
                        newly_completed.append(decl.number)
                else:
                    declaration_id, old_status = row
                    was_completed = DeclarationStatus(old_status).is_completed
                    conn.execute(
                        "UPDATE declarations SET type_code = ?, office_code = ?, office_name = ?,"
                        " channel = ?, status = ?, updated_at = ? WHERE id = ?",
                        (
                            decl.type_code,
                            decl.office_code,
                            decl.office_name,
                            int(decl.channel) if decl.channel else None,
                            decl.status.value,
                            now,
                            declaration_id,
                        ),
                    )
                    if decl.status.is_completed and not was_completed:
                        newly_completed.append(decl.number)
                    self._refresh_rating_state(conn, declaration_id)
                for position, target in enumerate(decl.targets):
                    conn.execute(
                        "INSERT INTO declaration_targets(declaration_id, position, kind, code, name)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(declaration_id, kind, code)"
                        " DO UPDATE SET name = excluded.name, position = excluded.position",
                        (declaration_id, position, target.kind.value, target.code, target.name),
                    )
                for change in decl.history:
                    conn.execute(
                        "INSERT OR IGNORE INTO status_history(declaration_id, status, at)"
                        " VALUES (?, ?, ?)",
                        (declaration_id, change.status.value, _iso(change.at)),
                    )
        return newly_completed

    def get_declaration(self, number: str) -> Declaration | None:
        row = self.execute(
            "SELECT id, number, type_code, office_code, office_name, channel, registered_at,"
            " status, tax_code FROM declarations WHERE number = ?",
            (number,),
        ).fetchone()
        if row is None:
            return None
        declaration_id = row[0]
        targets = tuple(
            Target(TargetKind(kind), code, name)
            for kind, code, name in self.execute(
                "SELECT kind, code, name FROM declaration_targets WHERE declaration_id = ?"
                " ORDER BY position",
                (declaration_id,),
            )
        )
        history = tuple(
            StatusChange(DeclarationStatus(status), _parse_time(at))
            for status, at in self.execute(
                "SELECT status, at FROM status_history WHERE declaration_id = ? ORDER BY at",
                (declaration_id,),
            )
        )
        return Declaration(
            number=row[1],
            type_code=row[2],
            office_code=row[3],
            office_name=row[4],
            channel=Channel(row[5]) if row[5] else None,
            registered_at=_parse_time(row[6]),
            status=DeclarationStatus(row[7]),
            tax_code=row[8],
            targets=targets,
            history=history,
        )

    def rating_state(self, number: str) -> str | None:
        row = self.execute(
            "SELECT rating_state FROM declarations WHERE number = ?", (number,)
        ).fetchone()
        return row[0] if row else None

    def count_by_rating_state(self, state: str) -> int:
        return self.execute(
            "SELECT count(*) FROM declarations WHERE rating_state = ?", (state,)
        ).fetchone()[0]

    def unrated_numbers(self, limit: int = 1000) -> list[str]:
        return [
            r[0]
            for r in self.execute(
                "SELECT number FROM declarations WHERE rating_state = ? ORDER BY number LIMIT ?",
                (RatingState.UNRATED, limit),
            )
        ]

    @staticmethod
    def _refresh_rating_state(conn: sqlite3.Connection, declaration_id: int) -> None:
        """Recompute one declaration's rating state from its status, sheets and outbox rows."""
        Store._refresh_rating_states(conn, [declaration_id])

    @staticmethod
    def _refresh_rating_states(conn: sqlite3.Connection, declaration_ids: Iterable[int]) -> None:
        ids = list(declaration_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            conn.execute(_REFRESH_RATING_STATE.format(marks=",".join("?" * len(chunk))), chunk)

    # -- rating sheets and the outbox -----------------------------------------------------

    def save_sheet(
        self,
        sheet: RatingSheet,
        tax_code: str,
        *,
        _after_sheet_insert: Callable[[sqlite3.Connection], None] | None = None,
    ) -> int:
        """Validate and commit a sheet with its outbox row, in one transaction; return its id.

        Raises ``ValidationFailed`` (nothing written) or ``StoreError``/``StoreFull`` (nothing
        written either: the transaction rolls back whole).
        """
        sheet = validate_sheet(sheet)
        now = _now()
        payload = json.dumps(sheet.to_payload(), ensure_ascii=False, sort_keys=True)
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id, status FROM declarations WHERE number = ?",
                (sheet.declaration_number,),
            ).fetchone()
            if row is None:
                raise ValidationFailed([unknown_declaration_error()])
            declaration_id, status = row
            if error := check_stage(sheet.stage, DeclarationStatus(status)):
                raise ValidationFailed([error])
            handled = {
                (kind, code)
                for kind, code in conn.execute(
                    "SELECT kind, code FROM declaration_targets WHERE declaration_id = ?",
                    (declaration_id,),
                )
            }
            if errors := check_targets(sheet.scores, handled):
                raise ValidationFailed(errors)
            if (
                sheet.stage is RatingStage.AFTER_COMPLETION
                and conn.execute(
                    "SELECT 1 FROM rating_sheets WHERE declaration_id = ?"
                    " AND stage = 'after_completion' AND rejected = 0",
                    (declaration_id,),
                ).fetchone()
            ):
                raise ValidationFailed([already_rated_error()])
            cursor = conn.execute(
                "INSERT INTO rating_sheets(idempotency_key, declaration_id, stage, content,"
                " contact_name, contact_phone, tax_code, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sheet.idempotency_key,
                    declaration_id,
                    sheet.stage.value,
                    sheet.content,
                    sheet.contact_name,
                    sheet.contact_phone,
                    tax_code,
                    now,
                ),
            )
            sheet_id = cursor.lastrowid
            assert sheet_id is not None
            conn.executemany(
                "INSERT INTO sheet_scores(sheet_id, position, target_kind, target_code,"
                " target_name, score, reasons) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        sheet_id,
                        position,
                        item.target.kind.value,
                        item.target.code,
                        item.target.name,
                        int(item.score),
                        json.dumps(list(item.reasons)),
                    )
                    for position, item in enumerate(sheet.scores)
                ],
            )
            if _after_sheet_insert is not None:
                _after_sheet_insert(conn)
            conn.execute(
                "INSERT INTO outbox(kind, ref_id, idempotency_key, tax_code, payload, state,"
                " attempts, next_attempt_at, created_at, updated_at)"
                " VALUES ('rating_sheet', ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
                (sheet_id, sheet.idempotency_key, tax_code, payload, now, now, now),
            )
            self._refresh_rating_state(conn, declaration_id)
        log.info(
            "sheet %s for declaration %s saved and queued",
            sheet.idempotency_key,
            sheet.declaration_number,
        )
        return sheet_id

    def count_sheets(self) -> int:
        return self.execute("SELECT count(*) FROM rating_sheets").fetchone()[0]

    def outbox_items(self, states: Iterable[str] | None = None) -> list[OutboxItem]:
        chosen = tuple(states) if states is not None else OutboxState.ALL
        marks = ",".join("?" * len(chosen))
        rows = self.execute(
            "SELECT id, kind, ref_id, idempotency_key, tax_code, payload, state, attempts,"
            " next_attempt_at, created_at, receipt_id, error_code, error_vi, error_en"
            f" FROM outbox WHERE state IN ({marks}) ORDER BY id",
            chosen,
        ).fetchall()
        return [
            OutboxItem(
                id=r[0],
                kind=r[1],
                ref_id=r[2],
                idempotency_key=r[3],
                tax_code=r[4],
                payload=json.loads(r[5]),
                state=r[6],
                attempts=r[7],
                next_attempt_at=r[8],
                created_at=r[9],
                receipt_id=r[10],
                error=Message(r[11], r[12] or "", r[13] or "") if r[11] else None,
            )
            for r in rows
        ]

    def count_outbox_waiting(self) -> int:
        return self.execute(
            "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending', 'needs_attention')"
        ).fetchone()[0]

    # -- sending (used by the sync engine) ------------------------------------------------

    def recover_interrupted(self) -> int:
        """Sheets left 'sending' by a crash go back to the queue; their keys make resends safe."""
        with self.transaction() as conn:
            return conn.execute(
                "UPDATE outbox SET state = 'queued', updated_at = ? WHERE state = 'sending'",
                (_now(),),
            ).rowcount

    def claim_batch(
        self, tax_code: str, limit: int, kind: str = "rating_sheet"
    ) -> list[tuple[int, str, str]]:
        """Mark up to *limit* queued items of this tax code as sending; return (id, key, payload).

        The payload comes back as the exact JSON text written at "Gửi" time: the batch body is
        assembled from it without re-serialising, and a queued sheet is never changed.
        """
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT id, idempotency_key, payload FROM outbox"
                " WHERE state = 'queued' AND tax_code = ? AND kind = ? ORDER BY id LIMIT ?",
                (tax_code, kind, limit),
            ).fetchall()
            if rows:
                conn.execute(
                    "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?"
                    f" WHERE id IN ({','.join('?' * len(rows))})",
                    (_now(), *(r[0] for r in rows)),
                )
        return [(r[0], r[1], r[2]) for r in rows]

    def release_batch(
        self,
        ids: Iterable[int],
        error: Message,
        next_attempt_at: datetime | None,
        *,
        sent: bool = True,
    ) -> None:
        """A send failed as a whole: back to the queue, with the reason and the next try shown.

        ``sent=False``: the items were claimed but never sent (the batch before them failed), so
        the attempt their claim counted is taken back.
        """
        when = _iso(next_attempt_at) if next_attempt_at else None
        undo = 0 if sent else 1
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE outbox SET state = 'queued', error_code = ?, error_vi = ?, error_en = ?,"
                " next_attempt_at = ?, updated_at = ?, attempts = max(attempts - ?, 0)"
                " WHERE id = ? AND state = 'sending'",
                [(error.code, error.vi, error.en, when, _now(), undo, item_id) for item_id in ids],
            )

    def note_waiting(self, tax_code: str, error: Message, next_attempt_at: datetime | None) -> None:
        """Record on every queued item why it is still waiting and when the next try is."""
        when = _iso(next_attempt_at) if next_attempt_at else None
        with self.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET error_code = ?, error_vi = ?, error_en = ?, next_attempt_at = ?"
                " WHERE state = 'queued' AND tax_code = ?",
                (error.code, error.vi, error.en, when, tax_code),
            )

    def apply_results(self, outcomes: Iterable[SendOutcome]) -> None:
        """Record the server's verdict on each sent item, all in one transaction."""
        now = _now()
        outcomes = list(outcomes)
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE outbox SET state = ?, receipt_id = ?, received_at = ?, error_code = ?,"
                " error_vi = ?, error_en = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?",
                [
                    (
                        o.state,
                        o.receipt_id,
                        o.received_at,
                        o.error.code if o.error else None,
                        o.error.vi if o.error else None,
                        o.error.en if o.error else None,
                        now,
                        o.outbox_id,
                    )
                    for o in outcomes
                ],
            )
            conn.executemany(
                "UPDATE rating_sheets SET rejected = 1 WHERE id ="
                " (SELECT ref_id FROM outbox WHERE id = ? AND kind = 'rating_sheet')",
                [(o.outbox_id,) for o in outcomes if o.state == OutboxState.REJECTED],
            )
            touched: list[int] = []
            for start in range(0, len(outcomes), 500):
                chunk = [o.outbox_id for o in outcomes[start : start + 500]]
                touched.extend(
                    row[0]
                    for row in conn.execute(
                        "SELECT DISTINCT s.declaration_id FROM outbox o"
                        " JOIN rating_sheets s ON s.id = o.ref_id"
                        f" WHERE o.kind = 'rating_sheet' AND o.id IN ({','.join('?' * len(chunk))})",
                        chunk,
                    )
                )
            self._refresh_rating_states(conn, touched)

    def retry_now(self, outbox_id: int) -> bool:
        """Put a waiting item first in line again (the engine is woken by the caller)."""
        with self.transaction() as conn:
            return (
                conn.execute(
                    "UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'",
                    (_now(), _now(), outbox_id),
                ).rowcount
                == 1
            )

    def remove_outbox_item(self, outbox_id: int) -> bool:
        """Drop an unsent or failed item and its sheet (the UI asks for confirmation first).

        Delivered and in-flight items cannot be removed: the server may already count them.
        """
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT kind, ref_id, state FROM outbox WHERE id = ?", (outbox_id,)
            ).fetchone()
            if row is None or row[2] in (OutboxState.DELIVERED, OutboxState.SENDING):
                return False
            kind, ref_id, _state = row
            conn.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))
            if kind == "rating_sheet":
                declaration = conn.execute(
                    "SELECT declaration_id FROM rating_sheets WHERE id = ?", (ref_id,)
                ).fetchone()
                conn.execute("DELETE FROM rating_sheets WHERE id = ?", (ref_id,))
                if declaration:
                    self._refresh_rating_state(conn, declaration[0])
            elif kind == "support_request":
                conn.execute("DELETE FROM support_requests WHERE id = ?", (ref_id,))
        return True

    def outbox_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OutboxState.ALL, 0)
        for state, count in self.execute("SELECT state, count(*) FROM outbox GROUP BY state"):
            counts[state] = count
        return counts

    # -- support requests -----------------------------------------------------------------

    def save_support_request(self, request: SupportRequest) -> int:
        """Validate and commit a support request with its outbox row; return its id."""
        request = validate_support_request(request)
        now = _now()
        payload = json.dumps(
            {
                "idempotency_key": request.idempotency_key,
                "enterprise_name": request.enterprise_name,
                "office_code": request.office_code,
                "operation_code": request.operation_code,
                "content": request.content,
                "contact_name": request.contact_name,
                "contact_phone": request.contact_phone,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        with self.transaction() as conn:
            request_id = conn.execute(
                "INSERT INTO support_requests(idempotency_key, tax_code, enterprise_name,"
                " office_code, operation_code, content, contact_name, contact_phone, screenshot,"
                " screenshot_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    request.idempotency_key,
                    request.tax_code,
                    request.enterprise_name,
                    request.office_code,
                    request.operation_code,
                    request.content,
                    request.contact_name,
                    request.contact_phone,
                    request.screenshot,
                    sniff_image(request.screenshot) if request.screenshot else None,
                    now,
                ),
            ).lastrowid
            conn.execute(
                "INSERT INTO outbox(kind, ref_id, idempotency_key, tax_code, payload, state,"
                " attempts, next_attempt_at, created_at, updated_at)"
                " VALUES ('support_request', ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
                (request_id, request.idempotency_key, request.tax_code, payload, now, now, now),
            )
        assert request_id is not None
        return request_id

    def support_screenshot(self, request_id: int) -> tuple[bytes, str] | None:
        row = self.execute(
            "SELECT screenshot, screenshot_type FROM support_requests WHERE id = ?", (request_id,)
        ).fetchone()
        return (row[0], row[1]) if row and row[0] is not None else None

    # -- customs' responses ---------------------------------------------------------------

    def upsert_responses(self, responses: Iterable[Response]) -> int:
        """Store responses from the feed; return how many are new."""
        new = 0
        with self.transaction() as conn:
            for item in responses:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO responses(response_id, sheet_key, declaration_number,"
                    " result, content, responded_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        item.response_id,
                        item.sheet_key,
                        item.declaration_number,
                        item.result,
                        item.content,
                        _iso(item.responded_at),
                    ),
                )
                new += cursor.rowcount
        return new

    def responses_list(self) -> list[dict[str, object]]:
        """Every response, newest first, with whether it was read and the verdict given."""
        rows = self.execute(
            "SELECT response_id, sheet_key, declaration_number, result, content, responded_at,"
            " read_at, verdict FROM responses ORDER BY responded_at DESC, id DESC"
        ).fetchall()
        names = ("response_id", "sheet_key", "declaration_number", "result", "content",
                 "responded_at", "read_at", "verdict")  # fmt: skip
        return [dict(zip(names, row, strict=True)) for row in rows]

    def sheet_by_key(self, idempotency_key: str) -> dict[str, object] | None:
        """The sheet a response answers, as the declarant sent it (for reading side by side)."""
        row = self.execute(
            "SELECT s.id, d.number, s.stage, s.content, s.contact_name, s.created_at"
            " FROM rating_sheets s JOIN declarations d ON d.id = s.declaration_id"
            " WHERE s.idempotency_key = ?",
            (idempotency_key,),
        ).fetchone()
        if row is None:
            return None
        scores = [
            {
                "kind": kind,
                "code": code,
                "name": name,
                "score": score,
                "reasons": json.loads(reasons),
            }
            for kind, code, name, score, reasons in self.execute(
                "SELECT target_kind, target_code, target_name, score, reasons FROM sheet_scores"
                " WHERE sheet_id = ? ORDER BY position",
                (row[0],),
            )
        ]
        return {
            "declaration_number": row[1],
            "stage": row[2],
            "content": row[3],
            "contact_name": row[4],
            "created_at": row[5],
            "scores": scores,
        }

    def unread_response_count(self) -> int:
        return self.execute("SELECT count(*) FROM responses WHERE read_at IS NULL").fetchone()[0]

    def mark_response_read(self, response_id: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE responses SET read_at = ? WHERE response_id = ? AND read_at IS NULL",
                (_now(), response_id),
            )

    def record_verdict(self, response_id: str, verdict: str, content: str, tax_code: str) -> None:
        """Accept a response or say it does not resolve the problem; the follow-up is queued.

        The verdict and its outbox row are written together, so a follow-up typed offline is sent
        when the connection returns, like a rating sheet.
        """
        payload = json.dumps(
            {"response_id": response_id, "verdict": verdict, "content": content}, ensure_ascii=False
        )
        now = _now()
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM responses WHERE response_id = ?", (response_id,)
            ).fetchone()
            if row is None:
                raise KeyError(response_id)
            conn.execute(
                "UPDATE responses SET verdict = ?, read_at = coalesce(read_at, ?) WHERE id = ?",
                (verdict, now, row[0]),
            )
            conn.execute(
                "INSERT INTO outbox(kind, ref_id, idempotency_key, tax_code, payload, state,"
                " attempts, created_at, updated_at)"
                " VALUES ('response_feedback', ?, ?, ?, ?, 'queued', 0, ?, ?)"
                " ON CONFLICT(idempotency_key) DO NOTHING",
                (row[0], f"feedback:{response_id}", tax_code, payload, now, now),
            )


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """The server's verdict on one outbox item."""

    outbox_id: int
    state: str
    receipt_id: str | None = None
    received_at: str | None = None
    error: Message | None = None
