"""``store.prompts``: which declarations the rating prompt has already been raised for.

The prompt is raised once per declaration, not once per sync: the sync may report the same
completion again after a restart, a resend or a re-download of the declarations feed. The memory
lives in the store file (the ``rating_prompts`` table, schema version 5) and therefore survives
restarts and travels with support bundles.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.store import Store


class PromptLedger:
    """Which declaration numbers have been put in front of the declarant for rating."""

    def __init__(self, store: Store):
        self._store = store

    def claim(self, numbers: Iterable[str]) -> list[str]:
        """Record *numbers* as prompted; return those never prompted before, in the given order.

        One transaction, so two callers racing on the same numbers cannot both get them.
        """
        wanted = list(dict.fromkeys(numbers))
        if not wanted:
            return []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        fresh: list[str] = []
        with self._store.transaction() as conn:
            for number in wanted:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO rating_prompts(number, prompted_at) VALUES (?, ?)",
                    (number, now),
                )
                if cursor.rowcount:
                    fresh.append(number)
        return fresh

    def was_prompted(self, number: str) -> bool:
        row = self._store.execute(
            "SELECT 1 FROM rating_prompts WHERE number = ?", (number,)
        ).fetchone()
        return row is not None
