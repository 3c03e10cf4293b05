"""The ``Store``: one SQLite file, its connection and lock, and a manager per concept.

Like Anki's ``Collection``, the object the rest of the program holds is small: it owns the
connection (swapped under it when the file is rescued mid-session), the lock every use of that
connection takes, and ``transaction()``. What the store knows is asked of its managers, one per
concept, each in its own module: ``store.declarations``, ``store.sheets``, ``store.outbox``,
``store.responses``, ``store.support``, ``store.prompts``, ``store.enterprises`` and ``store.meta``.

One file holds several enterprises' rows (a customs broker's clients). The views the window
shows read the current enterprise's only (``current_tax_code``, chosen with
``store.enterprises.set_current``); the sync engine names its enterprise on every call.

Durability is the point. Once the declarant pressed "Gửi", the sheet and its outbox row are
committed in one transaction with ``synchronous=FULL`` before the dialog closes; a power cut
afterwards loses nothing. A damaged file is never deleted: it is moved aside at the next start
(``app.store.opening``) and the user is told.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.domain.messages import Message
from app.store.changes import StorePart, notify_changed
from app.store.declarations import Declarations
from app.store.enterprises import CURRENT_KEY, Enterprises
from app.store.errors import (
    DAMAGED_FOUND,
    NEWER_SCHEMA,
    NOT_SAVED_DAMAGED,
    NOT_SAVED_DISK_FULL,
    NOT_SAVED_IO,
    StoreDamaged,
    StoreError,
    StoreFull,
)
from app.store.files import connect, damage_of, is_corruption, is_disk_full, report_damage
from app.store.meta import Meta
from app.store.outbox import Outbox
from app.store.prompts import PromptLedger
from app.store.responses import Responses
from app.store.schema import SCHEMA_VERSION
from app.store.sheets import Sheets
from app.store.support import SupportRequests


class Store:
    """The declarant's local database. One instance per thread that uses it.

    The window's instance is the file's owner (``app.store.opening.open_store`` made it, the only
    code that moves a damaged file aside); others ``attach`` to the same file. ``switch_to``
    moves the owner onto a rescue file mid-session, under the same object, so every view holding
    it (and every manager) follows.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, notice: Message | None = None):
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()
        #: Set when the previous file was damaged and moved aside: tell the user once.
        self.notice = notice
        self.meta = Meta(self)
        self.declarations = Declarations(self)
        self.sheets = Sheets(self)
        self.outbox = Outbox(self)
        self.responses = Responses(self)
        self.support = SupportRequests(self)
        self.prompts = PromptLedger(self)
        self.enterprises = Enterprises(self)
        self._current: str | None = None
        self._current_known = False

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

    # -- the current enterprise -------------------------------------------------------------

    @property
    def current_tax_code(self) -> str:
        """The tax code every view of this store shows; "" while the list is empty.

        Read from the file and kept once known; ``forget_current`` (called by the enterprise
        list's writes) makes the next read go to the file again.
        """
        if not self._current_known:
            row = self.execute("SELECT value FROM meta WHERE key = ?", (CURRENT_KEY,)).fetchone()
            self._current = str(row[0]) if row else ""
            # "None yet" is read again next time: another connection (the sync worker's, its
            # first declarations) may name the first enterprise meanwhile.
            self._current_known = bool(self._current)
        return self._current or ""

    def forget_current(self) -> None:
        self._current_known = False

    def scope(self, tax_code: str | None) -> str:
        """The enterprise a view reads: the one named, else the current one."""
        return self.current_tax_code if tax_code is None else tax_code

    # -- the connection, for the managers ------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, *touches: StorePart) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back whole on any error; disk-full is StoreFull.

        A file known to be damaged is not written at all (StoreDamaged), and damage found here
        is reported so every other connection stops writing too. *touches* are the parts the
        write changes: once committed, the change listeners hear of them (``app.store.changes``).
        """
        with self._transaction() as conn:
            yield conn
        notify_changed(self.path, touches)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
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
                    if is_disk_full(error, self.path):
                        raise StoreFull(NOT_SAVED_DISK_FULL) from error
                    if is_corruption(error):
                        report_damage(self.path, str(error))
                        raise StoreDamaged(NOT_SAVED_DAMAGED) from error
                    if isinstance(error, sqlite3.OperationalError):
                        raise StoreError(NOT_SAVED_IO) from error
                raise

    def execute(self, sql: str, params: Iterable[object] = ()) -> sqlite3.Cursor:
        """A read on the store's connection, for its managers and ``app.store.query``.

        Code outside the store package asks the managers instead; tests use this to look at
        the file as SQLite sees it.
        """
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params))
            except sqlite3.DatabaseError as error:
                if is_corruption(error):
                    report_damage(self.path, str(error))
                    raise StoreDamaged(DAMAGED_FOUND) from error
                raise
