"""``store.enterprises``: the enterprises one profile works for, and which one is current.

A customs broker (đại lý làm thủ tục hải quan) files for many client enterprises and a firm for
its branches (``0100109106-001``); the declarant works for one at a time. Every view of the store
(the list, its filters and counts, the outbox, the inbox, the support requests, the unrated
banner) shows the current enterprise only: the managers read ``Store.current_tax_code`` when no
tax code is given, and the table's queries (``app.store.query``) require one.

Removing an enterprise from the list removes only the entry: its declarations, sheets, outbox
rows and answers stay in the file under its tax code, and adding it again brings them back.
Unsent sheets are therefore never dropped by a removal (``Summary`` says what stays, for the
confirmation the window asks).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.validation import validate_tax_code
from app.store import clock
from app.store.changes import ALL_PARTS

if TYPE_CHECKING:
    from app.store.store import Store

#: The meta key holding the current enterprise's tax code (kept across restarts).
CURRENT_KEY = "current_enterprise"

# Every tax code the rows carry gets a list entry: rows of an enterprise never sit in the file
# without one (a salvage put them back, a feed brought them before the list knew the code).
ENSURE_LISTED = """
INSERT OR IGNORE INTO enterprises(tax_code, name, added_at)
    SELECT tax_code, '', ? FROM (
        SELECT DISTINCT tax_code FROM declarations UNION SELECT tax_code FROM outbox)
    WHERE tax_code != ''
"""


@dataclass(frozen=True, slots=True)
class Enterprise:
    """One entry of the list: who, on which server, whether its password is remembered."""

    tax_code: str
    name: str
    server_url: str
    remember: bool
    added_at: str
    last_good_sync: str | None

    @property
    def label(self) -> str:
        """ "Name (tax code)", or the tax code alone while the name is not known."""
        return f"{self.name} ({self.tax_code})" if self.name else self.tax_code


@dataclass(frozen=True, slots=True)
class Summary:
    """What one enterprise holds, for the overview and for the removal's confirmation."""

    tax_code: str
    declarations: int | None
    unrated: int
    waiting: int
    unread_responses: int
    support_requests: int


_COLUMNS = "tax_code, name, server_url, remember, added_at, last_good_sync"


def _enterprise(row: sqlite3.Row | tuple[object, ...]) -> Enterprise:
    return Enterprise(str(row[0]), str(row[1]), str(row[2]), bool(row[3]), str(row[4]),
                      None if row[5] is None else str(row[5]))  # fmt: skip


class Enterprises:
    """``store.enterprises``."""

    def __init__(self, store: Store):
        self._store = store

    # -- the list ---------------------------------------------------------------------------

    def all(self) -> list[Enterprise]:
        """Every entry, by name then tax code (the switcher's order)."""
        return [
            _enterprise(r)
            for r in self._store.execute(
                f"SELECT {_COLUMNS} FROM enterprises ORDER BY name = '', name, tax_code"
            ).fetchall()
        ]

    def get(self, tax_code: str) -> Enterprise | None:
        row = self._store.execute(
            f"SELECT {_COLUMNS} FROM enterprises WHERE tax_code = ?", (tax_code,)
        ).fetchone()
        return _enterprise(row) if row else None

    def add(self, tax_code: str, name: str = "", server_url: str = "") -> Enterprise:
        """Add (or update the name and server of) an enterprise; the tax code is checked.

        Raises ``ValidationFailed`` with the kernel's bilingual message for a tax code stdnum
        rejects. The tax code is stored in its canonical form (``0100109106-001``).
        """
        tax_code = validate_tax_code(tax_code)
        with self._store.transaction(*ALL_PARTS) as conn:
            conn.execute(
                "INSERT INTO enterprises(tax_code, name, server_url, added_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(tax_code) DO UPDATE SET"
                " name = CASE WHEN excluded.name != '' THEN excluded.name ELSE name END,"
                " server_url = CASE WHEN excluded.server_url != '' THEN excluded.server_url"
                " ELSE server_url END",
                (tax_code, name.strip(), server_url.strip(), clock.now()),
            )
            self._default_current(conn)
        found = self.get(tax_code)
        assert found is not None
        return found

    def remove(self, tax_code: str) -> bool:
        """Take an enterprise off the list; its rows stay in the file (see the module's note).

        If it was current, the first remaining one becomes current (or none).
        """
        with self._store.transaction(*ALL_PARTS) as conn:
            gone = conn.execute("DELETE FROM enterprises WHERE tax_code = ?", (tax_code,)).rowcount
            if self._stored_current(conn) == tax_code:
                conn.execute("DELETE FROM meta WHERE key = ?", (CURRENT_KEY,))
                self._default_current(conn)
        self._store.forget_current()
        return gone == 1

    def set_remember(self, tax_code: str, remember: bool) -> None:
        with self._store.transaction() as conn:
            conn.execute(
                "UPDATE enterprises SET remember = ? WHERE tax_code = ?", (int(remember), tax_code)
            )

    def note_good_sync(self, tax_code: str, at: str) -> None:
        """A sync of this enterprise went through (the overview's "last good sync")."""
        with self._store.transaction() as conn:
            conn.execute(
                "UPDATE enterprises SET last_good_sync = ? WHERE tax_code = ?", (at, tax_code)
            )

    def ensure_listed(self, conn: sqlite3.Connection) -> None:
        """Inside a writer's transaction: every tax code the rows carry has an entry."""
        conn.execute(ENSURE_LISTED, (clock.now(),))
        self._default_current(conn)

    # -- the current one --------------------------------------------------------------------

    def current(self) -> Enterprise | None:
        tax_code = self._store.current_tax_code
        return self.get(tax_code) if tax_code else None

    def set_current(self, tax_code: str) -> None:
        """Work for another enterprise: every view shows its rows from now on.

        KeyError for a tax code not on the list. All parts are announced as changed, so each
        view reads again, from the new enterprise's range of the indexes.
        """
        if self.get(tax_code) is None:
            raise KeyError(tax_code)
        with self._store.transaction(*ALL_PARTS) as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (CURRENT_KEY, tax_code),
            )
        self._store.forget_current()

    @staticmethod
    def _stored_current(conn: sqlite3.Connection) -> str | None:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (CURRENT_KEY,)).fetchone()
        return str(row[0]) if row else None

    def _default_current(self, conn: sqlite3.Connection) -> None:
        """With no current enterprise (or one no longer listed), the first listed one is."""
        current = self._stored_current(conn)
        if (
            current is not None
            and conn.execute("SELECT 1 FROM enterprises WHERE tax_code = ?", (current,)).fetchone()
        ):
            return
        first = conn.execute(
            "SELECT tax_code FROM enterprises ORDER BY added_at, tax_code LIMIT 1"
        ).fetchone()
        if first is None:
            return
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (CURRENT_KEY, first[0]),
        )
        self._store.forget_current()

    # -- what each holds --------------------------------------------------------------------

    def summary(self, tax_code: str, *, with_total: bool = True) -> Summary:
        """Counts for one enterprise, each read from an index that leads with the tax code.

        ``with_total=False`` leaves ``declarations`` None: the overview does not show it, and
        at 100,000 declarations counting them is most of the summary's cost.
        """
        read = self._store.execute
        # The unrated are one short range of (tax_code, rating_state); the total, a walk of the
        # enterprise's whole range, only when asked (the removal's words, not the overview).
        unrated = read(
            "SELECT count(*) FROM declarations WHERE tax_code = ? AND rating_state = 'unrated'",
            (tax_code,),
        ).fetchone()[0]
        declarations = (
            read("SELECT count(*) FROM declarations WHERE tax_code = ?", (tax_code,)).fetchone()[0]
            if with_total
            else None
        )
        waiting = read(
            "SELECT count(*) FROM outbox WHERE tax_code = ?"
            " AND state IN ('queued', 'sending', 'needs_attention')",
            (tax_code,),
        ).fetchone()[0]
        unread = read(
            "SELECT count(*) FROM responses WHERE tax_code = ? AND read_at IS NULL", (tax_code,)
        ).fetchone()[0]
        requests = read(
            "SELECT count(*) FROM support_requests WHERE tax_code = ?", (tax_code,)
        ).fetchone()[0]
        return Summary(tax_code, declarations, unrated, waiting, unread, requests)
