"""The store file's rules: who holds it open, damage found in it, moving it aside.

Every connection to a store file is made here (``connect`` for writers, ``connect_reader`` and
``reading`` for other threads) and tracked, because Windows will not rename a file any
connection holds: ``quarantine`` refuses to move a file while one is alive, and only the start
(``app.store.opening``) calls it. Damage any connection runs into is recorded per file
(``report_damage``), so every other connection to that file stops writing at once, and a marker
file beside it makes the next start move it aside and salvage it. A full disk is told apart from
damage (``is_disk_full``), because the user can fix that one and nothing is moved for it.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from app.store.errors import StoreInUse

log = logging.getLogger(__name__)

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


def check_integrity(path: Path) -> bool:
    """Run quick_check on a connection of its own (any thread); report damage if it fails.

    It reads the whole file (0.6 s for a million declarations here), so the window runs it on a
    worker once it is shown; damage found is dealt with during the session (``report_damage``).
    """
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
