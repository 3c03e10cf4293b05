"""Small named values the store keeps for the program: feed cursors, the last sync's time."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.store import Store


class Meta:
    """``store.meta``: text values by key, each written in its own transaction."""

    def __init__(self, store: Store):
        self._store = store

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._store.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        with self._store.transaction() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
