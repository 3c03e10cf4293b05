"""``store.declarations``: the declarations the feed brought, and the rating state of each.

The rating state is kept on every declaration (not computed when read) so the million-row table
filters and sorts on an index; it is recomputed here, in the transaction that changes what it is
derived from: the declaration's status, its live after-completion sheet and that sheet's outbox
row. The table's own queries (filter, sort, a page of rows) are in ``app.store.query``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.model import (
    Channel,
    Declaration,
    DeclarationStatus,
    StatusChange,
    Target,
    TargetKind,
)
from app.domain.states import RatingState
from app.store import clock
from app.store.changes import StorePart
from app.store.files import reading

if TYPE_CHECKING:
    from app.store.store import Store

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


def refresh_rating_states(conn: sqlite3.Connection, declaration_ids: Iterable[int]) -> None:
    """Recompute some declarations' rating states from their status, sheets and outbox rows."""
    ids = list(declaration_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        conn.execute(_REFRESH_RATING_STATE.format(marks=",".join("?" * len(chunk))), chunk)


def refresh_all_rating_states(conn: sqlite3.Connection) -> None:
    """Recompute every declaration's rating state (after a salvage put rows back)."""
    conn.execute(_REFRESH_RATING_STATE.replace("WHERE id IN ({marks})", ""))


def declarations_of(store_file: Path, tax_codes: Collection[str]) -> list[Declaration]:
    """Every declaration of these enterprises, complete, on a read connection of its own.

    For the demo: the embedded intake server takes on the declarations ``--demo-data`` made in
    the profile (``server.embedded.EmbeddedServer.adopt_declarations``), read here on the worker
    that starts it. Three queries, whatever the count.
    """
    codes = sorted(set(tax_codes))
    if not codes:
        return []
    marks = ",".join("?" * len(codes))
    with reading(store_file) as conn:
        rows = conn.execute(
            "SELECT id, number, type_code, office_code, office_name, channel, registered_at,"
            f" status, tax_code FROM declarations WHERE tax_code IN ({marks}) ORDER BY id",
            codes,
        ).fetchall()
        targets: dict[int, list[Target]] = {}
        for declaration_id, kind, code, name in conn.execute(
            "SELECT t.declaration_id, t.kind, t.code, t.name FROM declaration_targets t"
            " JOIN declarations d ON d.id = t.declaration_id"
            f" WHERE d.tax_code IN ({marks}) ORDER BY t.declaration_id, t.position",
            codes,
        ):
            targets.setdefault(declaration_id, []).append(Target(TargetKind(kind), code, name))
        history: dict[int, list[StatusChange]] = {}
        for declaration_id, status, at in conn.execute(
            "SELECT h.declaration_id, h.status, h.at FROM status_history h"
            " JOIN declarations d ON d.id = h.declaration_id"
            f" WHERE d.tax_code IN ({marks}) ORDER BY h.declaration_id, h.at",
            codes,
        ):
            history.setdefault(declaration_id, []).append(
                StatusChange(DeclarationStatus(status), datetime.fromisoformat(at))
            )
    return [
        Declaration(
            number=r[1],
            type_code=r[2],
            office_code=r[3],
            office_name=r[4],
            channel=Channel(r[5]) if r[5] else None,
            registered_at=datetime.fromisoformat(r[6]),
            status=DeclarationStatus(r[7]),
            tax_code=r[8],
            targets=tuple(targets.get(r[0], ())),
            history=tuple(history.get(r[0], ())),
        )
        for r in rows
    ]


class Declarations:
    """``store.declarations``."""

    def __init__(self, store: Store):
        self._store = store

    def upsert(self, declarations: Iterable[Declaration]) -> list[str]:
        """Insert or update declarations; return the numbers that just became ratable.

        "Just became ratable" means completed now and not completed (or unknown) before: those are
        the ones the window raises the rating prompt for, once.
        """
        newly_completed: list[str] = []
        now = clock.now()
        with self._store.transaction(StorePart.DECLARATIONS) as conn:
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
                            clock.iso(decl.registered_at),
                            decl.status.value,
                            decl.tax_code,
                            now,
                            state.value,
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
                    refresh_rating_states(conn, [declaration_id])
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
                        (declaration_id, change.status.value, clock.iso(change.at)),
                    )
            # Every enterprise whose rows are in the file is on the list (the first one current).
            self._store.enterprises.ensure_listed(conn)
        return newly_completed

    def get(self, number: str) -> Declaration | None:
        """The declaration with its targets and status history, or None."""
        read = self._store.execute
        row = read(
            "SELECT id, number, type_code, office_code, office_name, channel, registered_at,"
            " status, tax_code FROM declarations WHERE number = ?",
            (number,),
        ).fetchone()
        if row is None:
            return None
        declaration_id = row[0]
        targets = tuple(
            Target(TargetKind(kind), code, name)
            for kind, code, name in read(
                "SELECT kind, code, name FROM declaration_targets WHERE declaration_id = ?"
                " ORDER BY position",
                (declaration_id,),
            )
        )
        history = tuple(
            StatusChange(DeclarationStatus(status), datetime.fromisoformat(at))
            for status, at in read(
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
            registered_at=datetime.fromisoformat(row[6]),
            status=DeclarationStatus(row[7]),
            tax_code=row[8],
            targets=targets,
            history=history,
        )

    def rating_state(self, number: str) -> RatingState | None:
        row = self._store.execute(
            "SELECT rating_state FROM declarations WHERE number = ?", (number,)
        ).fetchone()
        return RatingState(row[0]) if row else None

    def count(self, tax_code: str | None = None) -> int:
        """The current (or the named) enterprise's declarations."""
        return self._store.execute(
            "SELECT count(*) FROM declarations WHERE tax_code = ?", (self._store.scope(tax_code),)
        ).fetchone()[0]

    def is_empty(self) -> bool:
        """Whether no declaration of any enterprise is stored yet (one row read, whatever the
        table's size)."""
        return self._store.execute("SELECT 1 FROM declarations LIMIT 1").fetchone() is None

    def count_by_rating_state(self, state: RatingState, tax_code: str | None = None) -> int:
        return self._store.execute(
            "SELECT count(*) FROM declarations WHERE tax_code = ? AND rating_state = ?",
            (self._store.scope(tax_code), state),
        ).fetchone()[0]

    def unrated_numbers(self, limit: int = 1000, tax_code: str | None = None) -> list[str]:
        return [
            r[0]
            for r in self._store.execute(
                "SELECT number FROM declarations WHERE tax_code = ? AND rating_state = ?"
                " ORDER BY number LIMIT ?",
                (self._store.scope(tax_code), RatingState.UNRATED, limit),
            )
        ]

    def tax_codes_of(self, numbers: Iterable[str]) -> dict[str, str]:
        """Each declaration's enterprise, by number (the rating prompt groups by enterprise)."""
        wanted = list(dict.fromkeys(numbers))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found.update(
                self._store.execute(
                    "SELECT number, tax_code FROM declarations"
                    f" WHERE number IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found
