"""``store.responses``: customs' answers to low ratings, and the declarant's word on each.

Answers arrive through the sync feed (``upsert``, idempotent: the feed may repeat itself). The
declarant reads one (``mark_read``) and accepts it or says it does not resolve the problem
(``record_verdict``): the verdict and its outbox row are written together, so a follow-up typed
offline is sent when the connection returns, like a rating sheet.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.model import Response
from app.store import clock
from app.store.changes import StorePart
from app.store.outbox import OutboxKind, enqueue

if TYPE_CHECKING:
    from app.store.store import Store


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response as the inbox lists it: the answer, whether it was read, the verdict given."""

    response_id: str
    tax_code: str
    sheet_key: str
    declaration_number: str
    result: str
    content: str
    responded_at: str
    read_at: str | None
    verdict: str | None


class Responses:
    """``store.responses``."""

    def __init__(self, store: Store):
        self._store = store

    def upsert(self, responses: Iterable[Response], tax_code: str) -> int:
        """Store one enterprise's responses from its feed; return how many are new."""
        new = 0
        with self._store.transaction(StorePart.RESPONSES) as conn:
            for item in responses:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO responses(response_id, tax_code, sheet_key,"
                    " declaration_number, result, content, responded_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        item.response_id,
                        tax_code,
                        item.sheet_key,
                        item.declaration_number,
                        item.result,
                        item.content,
                        clock.iso(item.responded_at),
                    ),
                )
                new += cursor.rowcount
        return new

    def all(self, tax_code: str | None = None) -> list[StoredResponse]:
        """The current (or the named) enterprise's responses, newest first."""
        return [
            StoredResponse(*row)
            for row in self._store.execute(
                "SELECT response_id, tax_code, sheet_key, declaration_number, result, content,"
                " responded_at, read_at, verdict FROM responses WHERE tax_code = ?"
                " ORDER BY responded_at DESC, id DESC",
                (self._store.scope(tax_code),),
            ).fetchall()
        ]

    def unread_count(self, tax_code: str | None = None) -> int:
        return self._store.execute(
            "SELECT count(*) FROM responses WHERE tax_code = ? AND read_at IS NULL",
            (self._store.scope(tax_code),),
        ).fetchone()[0]

    def mark_read(self, response_id: str) -> None:
        with self._store.transaction(StorePart.RESPONSES) as conn:
            conn.execute(
                "UPDATE responses SET read_at = ? WHERE response_id = ? AND read_at IS NULL",
                (clock.now(), response_id),
            )

    def record_verdict(
        self, response_id: str, verdict: str, content: str, tax_code: str | None = None
    ) -> None:
        """Accept a response or say it does not resolve the problem; the follow-up is queued.

        The follow-up goes out under the enterprise the answer came to, whatever is current:
        *tax_code* only stands in for an answer stored before the list of enterprises (none).
        Raises ``KeyError`` for a response the store does not hold (nothing written).
        """
        payload = json.dumps(
            {"response_id": response_id, "verdict": verdict, "content": content}, ensure_ascii=False
        )
        now = clock.now()
        with self._store.transaction(StorePart.RESPONSES, StorePart.OUTBOX) as conn:
            row = conn.execute(
                "SELECT id, tax_code FROM responses WHERE response_id = ?", (response_id,)
            ).fetchone()
            if row is None:
                raise KeyError(response_id)
            owner = row[1] or tax_code or self._store.current_tax_code
            conn.execute(
                "UPDATE responses SET verdict = ?, read_at = coalesce(read_at, ?) WHERE id = ?",
                (verdict, now, row[0]),
            )
            enqueue(
                conn,
                OutboxKind.RESPONSE_FEEDBACK,
                row[0],
                f"feedback:{response_id}",
                owner,
                payload,
                now=now,
                due=None,
                once=True,
            )
