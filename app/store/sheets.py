"""``store.sheets``: the rating sheets the declarant sent, each queued in the outbox with it.

A sheet and its outbox row are written in one transaction, after the same checks the form ran
(validation, the declaration's stage, the targets that really handled it, one live sheet after
completion): "Gửi" either commits all of it or nothing.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.model import (
    DeclarationStatus,
    RatingSheet,
    RatingStage,
    Score,
    Target,
    TargetKind,
    TargetScore,
)
from app.domain.validation import (
    ValidationFailed,
    already_rated_error,
    check_stage,
    check_targets,
    unknown_declaration_error,
    validate_sheet,
)
from app.store import clock
from app.store.changes import StorePart
from app.store.declarations import refresh_rating_states
from app.store.outbox import OutboxKind, enqueue

if TYPE_CHECKING:
    from app.store.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SentSheet:
    """A sheet as the declarant sent it, shown beside customs' response to it."""

    declaration_number: str
    stage: RatingStage
    content: str
    contact_name: str
    created_at: str
    scores: tuple[TargetScore, ...]


class Sheets:
    """``store.sheets``."""

    def __init__(self, store: Store):
        self._store = store

    def save(
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
        now = clock.now()
        payload = json.dumps(sheet.to_payload(), ensure_ascii=False, sort_keys=True)
        with self._store.transaction(StorePart.OUTBOX, StorePart.DECLARATIONS) as conn:
            row = conn.execute(
                "SELECT id, status, tax_code FROM declarations WHERE number = ?",
                (sheet.declaration_number,),
            ).fetchone()
            # A declaration of another enterprise is not one this enterprise may rate: its sheet
            # would go out under the wrong credentials.
            if row is None or row[2] != tax_code:
                raise ValidationFailed([unknown_declaration_error()])
            declaration_id, status, _owner = row
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
            enqueue(
                conn,
                OutboxKind.RATING_SHEET,
                sheet_id,
                sheet.idempotency_key,
                tax_code,
                payload,
                now=now,
                due=now,
            )
            refresh_rating_states(conn, [declaration_id])
        log.info(
            "sheet %s for declaration %s saved and queued",
            sheet.idempotency_key,
            sheet.declaration_number,
        )
        return sheet_id

    def count(self) -> int:
        return self._store.execute("SELECT count(*) FROM rating_sheets").fetchone()[0]

    def by_key(self, idempotency_key: str) -> SentSheet | None:
        """The sheet a response answers, as the declarant sent it (for reading side by side)."""
        row = self._store.execute(
            "SELECT s.id, d.number, s.stage, s.content, s.contact_name, s.created_at"
            " FROM rating_sheets s JOIN declarations d ON d.id = s.declaration_id"
            " WHERE s.idempotency_key = ?",
            (idempotency_key,),
        ).fetchone()
        if row is None:
            return None
        scores = tuple(
            TargetScore(
                Target(TargetKind(kind), code, name), Score(score), tuple(json.loads(reasons))
            )
            for kind, code, name, score, reasons in self._store.execute(
                "SELECT target_kind, target_code, target_name, score, reasons FROM sheet_scores"
                " WHERE sheet_id = ? ORDER BY position",
                (row[0],),
            )
        )
        return SentSheet(
            declaration_number=row[1],
            stage=RatingStage(row[2]),
            content=row[3],
            contact_name=row[4],
            created_at=row[5],
            scores=scores,
        )
