"""``store.outbox``: what waits to go to customs, and the sync engine's side of sending it.

Every item (a rating sheet, a support request, a follow-up on a response) is queued in the same
transaction as the row it carries, with the exact JSON the server will receive. The engine
claims a batch (``queued`` → ``sending``), and an item leaves ``sending`` only by the server's
verdict on that very item (``apply_results``) or by going back to the queue (``release_batch``,
``recover_interrupted`` after a crash); its idempotency key makes every resend safe.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from app.domain.messages import Message
from app.domain.states import OutboxState
from app.store import clock
from app.store.changes import StorePart
from app.store.declarations import refresh_rating_states

if TYPE_CHECKING:
    from app.store.store import Store


class OutboxKind(enum.StrEnum):
    """What an outbox item carries (the ``outbox.kind`` column; ``ref_id`` points into its table)."""

    RATING_SHEET = "rating_sheet"  # rating_sheets
    SUPPORT_REQUEST = "support_request"  # support_requests
    RESPONSE_FEEDBACK = "response_feedback"  # responses: the declarant's verdict on an answer


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One outbox row as the outbox panel and the tests read it (payload decoded)."""

    id: int
    kind: OutboxKind
    ref_id: int
    idempotency_key: str
    tax_code: str
    payload: dict[str, object]
    state: OutboxState
    attempts: int
    next_attempt_at: str | None
    created_at: str
    receipt_id: str | None
    error: Message | None


class ClaimedItem(NamedTuple):
    """An item claimed for sending: its id, key and the payload as the exact JSON text queued.

    A NamedTuple, not a dataclass: the engine claims ten thousand of these in a pass and
    unpacks them as (id, key, payload) on the way to the wire.
    """

    id: int
    key: str
    payload: str


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """The server's verdict on one outbox item."""

    outbox_id: int
    state: OutboxState
    receipt_id: str | None = None
    received_at: str | None = None
    error: Message | None = None


#: Each state's plain text, for binding: SQLite binds a ``str`` subclass through its adapter
#: lookup, which made recording 10,000 results ~4 ms slower than with plain strings.
_STATE_TEXT = {state: state.value for state in OutboxState}

_ENQUEUE = (
    "INSERT INTO outbox(kind, ref_id, idempotency_key, tax_code, payload, state, attempts,"
    " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)"
)


def enqueue(
    conn: sqlite3.Connection,
    kind: OutboxKind,
    ref_id: int,
    idempotency_key: str,
    tax_code: str,
    payload: str,
    *,
    now: str,
    due: str | None,
    once: bool = False,
) -> None:
    """Queue an item inside the caller's transaction, beside the row it carries.

    *due* is the next attempt shown for it (None: nothing shown). ``once``: queuing the same key
    again does nothing (a follow-up recorded twice), where otherwise it fails the transaction.
    """
    sql = _ENQUEUE + (" ON CONFLICT(idempotency_key) DO NOTHING" if once else "")
    conn.execute(sql, (kind, ref_id, idempotency_key, tax_code, payload, due, now, now))


class Outbox:
    """``store.outbox``."""

    def __init__(self, store: Store):
        self._store = store

    # -- reading --------------------------------------------------------------------------

    def items(
        self, states: Iterable[OutboxState] | None = None, tax_code: str | None = None
    ) -> list[OutboxItem]:
        """The current (or the named) enterprise's items in these states, oldest first."""
        chosen = tuple(states) if states is not None else tuple(OutboxState)
        marks = ",".join("?" * len(chosen))
        rows = self._store.execute(
            "SELECT id, kind, ref_id, idempotency_key, tax_code, payload, state, attempts,"
            " next_attempt_at, created_at, receipt_id, error_code, error_vi, error_en"
            f" FROM outbox WHERE tax_code = ? AND state IN ({marks}) ORDER BY id",
            (self._store.scope(tax_code), *chosen),
        ).fetchall()
        return [
            OutboxItem(
                id=r[0],
                kind=OutboxKind(r[1]),
                ref_id=r[2],
                idempotency_key=r[3],
                tax_code=r[4],
                payload=json.loads(r[5]),
                state=OutboxState(r[6]),
                attempts=r[7],
                next_attempt_at=r[8],
                created_at=r[9],
                receipt_id=r[10],
                error=Message(r[11], r[12] or "", r[13] or "") if r[11] else None,
            )
            for r in rows
        ]

    def counts(self, tax_code: str | None = None) -> dict[OutboxState, int]:
        counts = dict.fromkeys(OutboxState, 0)
        for state, count in self._store.execute(
            "SELECT state, count(*) FROM outbox WHERE tax_code = ? GROUP BY state",
            (self._store.scope(tax_code),),
        ):
            counts[OutboxState(state)] = count
        return counts

    def count_waiting(self, tax_code: str | None = None) -> int:
        """Items not yet delivered that still may be (the status bar's "chờ gửi")."""
        return self._store.execute(
            "SELECT count(*) FROM outbox WHERE tax_code = ?"
            " AND state IN ('queued', 'sending', 'needs_attention')",
            (self._store.scope(tax_code),),
        ).fetchone()[0]

    def waiting_tax_codes(self) -> list[str]:
        """Every enterprise with items still to send (the sync checks each is logged in)."""
        return [
            r[0]
            for r in self._store.execute(
                "SELECT DISTINCT tax_code FROM outbox WHERE state = 'queued' ORDER BY tax_code"
            )
        ]

    def count_queued(self, tax_code: str, kind: OutboxKind = OutboxKind.RATING_SHEET) -> int:
        """Queued items of one enterprise and kind: what a sync pass is about to send."""
        return self._store.execute(
            "SELECT count(*) FROM outbox WHERE state = 'queued' AND tax_code = ? AND kind = ?",
            (tax_code, kind),
        ).fetchone()[0]

    def ref_id(self, outbox_id: int) -> int:
        """The id of the row an item carries, in its kind's table; KeyError for an unknown item."""
        row = self._store.execute("SELECT ref_id FROM outbox WHERE id = ?", (outbox_id,)).fetchone()
        if row is None:
            raise KeyError(outbox_id)
        return row[0]

    # -- sending (used by the sync engine) ------------------------------------------------

    def recover_interrupted(self, tax_code: str | None = None) -> int:
        """Sheets left 'sending' by a crash go back to the queue; their keys make resends safe.

        With *tax_code*, only that enterprise's: the engine of one enterprise must not put back
        what another's pass has on the wire.
        """
        sql = "UPDATE outbox SET state = 'queued', updated_at = ? WHERE state = 'sending'"
        params: tuple[str, ...] = (clock.now(),)
        if tax_code is not None:
            sql, params = sql + " AND tax_code = ?", (*params, tax_code)
        with self._store.transaction(StorePart.OUTBOX) as conn:
            return conn.execute(sql, params).rowcount

    def claim_batch(
        self, tax_code: str, limit: int, kind: OutboxKind = OutboxKind.RATING_SHEET
    ) -> list[ClaimedItem]:
        """Mark up to *limit* queued items of this tax code as sending; return them, oldest first.

        The payload comes back as the exact JSON text written at "Gửi" time: the batch body is
        assembled from it without re-serialising, and a queued sheet is never changed.
        """
        with self._store.transaction(StorePart.OUTBOX) as conn:
            rows = conn.execute(
                "SELECT id, idempotency_key, payload FROM outbox"
                " WHERE state = 'queued' AND tax_code = ? AND kind = ? ORDER BY id LIMIT ?",
                (tax_code, kind, limit),
            ).fetchall()
            if rows:
                conn.execute(
                    "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?"
                    f" WHERE id IN ({','.join('?' * len(rows))})",
                    (clock.now(), *(r[0] for r in rows)),
                )
        return list(map(ClaimedItem._make, rows))

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
        when = clock.iso(next_attempt_at) if next_attempt_at else None
        undo = 0 if sent else 1
        now = clock.now()
        with self._store.transaction(StorePart.OUTBOX) as conn:
            conn.executemany(
                "UPDATE outbox SET state = 'queued', error_code = ?, error_vi = ?, error_en = ?,"
                " next_attempt_at = ?, updated_at = ?, attempts = max(attempts - ?, 0)"
                " WHERE id = ? AND state = 'sending'",
                [(error.code, error.vi, error.en, when, now, undo, item_id) for item_id in ids],
            )

    def note_waiting(self, tax_code: str, error: Message, next_attempt_at: datetime | None) -> None:
        """Record on every queued item why it is still waiting and when the next try is."""
        when = clock.iso(next_attempt_at) if next_attempt_at else None
        with self._store.transaction(StorePart.OUTBOX) as conn:
            conn.execute(
                "UPDATE outbox SET error_code = ?, error_vi = ?, error_en = ?, next_attempt_at = ?"
                " WHERE state = 'queued' AND tax_code = ?",
                (error.code, error.vi, error.en, when, tax_code),
            )

    def apply_results(self, outcomes: Iterable[SendOutcome]) -> None:
        """Record the server's verdict on each sent item, all in one transaction."""
        now = clock.now()
        outcomes = list(outcomes)
        with self._store.transaction(
            StorePart.OUTBOX, StorePart.DECLARATIONS, StorePart.SUPPORT
        ) as conn:
            conn.executemany(
                "UPDATE outbox SET state = ?, receipt_id = ?, received_at = ?, error_code = ?,"
                " error_vi = ?, error_en = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?",
                [
                    (
                        _STATE_TEXT[o.state],
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
            refresh_rating_states(conn, touched)

    # -- the declarant's own actions ------------------------------------------------------

    def retry_now(self, outbox_id: int) -> bool:
        """Put a waiting item first in line again (the engine is woken by the caller)."""
        now = clock.now()
        with self._store.transaction(StorePart.OUTBOX) as conn:
            return (
                conn.execute(
                    "UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'",
                    (now, now, outbox_id),
                ).rowcount
                == 1
            )

    def remove(self, outbox_id: int) -> bool:
        """Drop an unsent or failed item and its sheet (the UI asks for confirmation first).

        Delivered and in-flight items cannot be removed: the server may already count them.
        """
        with self._store.transaction(
            StorePart.OUTBOX, StorePart.DECLARATIONS, StorePart.SUPPORT
        ) as conn:
            row = conn.execute(
                "SELECT kind, ref_id, state FROM outbox WHERE id = ?", (outbox_id,)
            ).fetchone()
            if row is None or row[2] in (OutboxState.DELIVERED, OutboxState.SENDING):
                return False
            kind, ref_id, _state = row
            conn.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))
            if kind == OutboxKind.RATING_SHEET:
                declaration = conn.execute(
                    "SELECT declaration_id FROM rating_sheets WHERE id = ?", (ref_id,)
                ).fetchone()
                conn.execute("DELETE FROM rating_sheets WHERE id = ?", (ref_id,))
                if declaration:
                    refresh_rating_states(conn, [declaration[0]])
            elif kind == OutboxKind.SUPPORT_REQUEST:
                conn.execute("DELETE FROM support_requests WHERE id = ?", (ref_id,))
        return True
