"""Which parts of a store file changed: told to whoever listens, after the commit.

The window has several views of one file (the declarations grid, the outbox, the inbox, the
status bar's counts) and two writers (its own store, the sync worker's). Instead of every action
refreshing the views it thinks are affected, each write says which parts it touched, and one
listener per window turns that into a single "store changed" signal the views subscribe to.
Listeners are per file, not per ``Store`` object, so a write by the sync worker's connection is
heard by the window too. A listener runs on the writing thread, after the commit, outside the
store's lock: it must only hand the news on (a queued Qt signal), never do the work there.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)


class StorePart(enum.StrEnum):
    """What a view shows from the store; a write names the parts it touched."""

    DECLARATIONS = "declarations"  # the rows, their statuses and rating states, the counts
    OUTBOX = "outbox"  # items waiting, their states and reasons
    RESPONSES = "responses"  # customs' answers, read or not, verdicts
    SUPPORT = "support"  # the enterprise's support requests


ALL_PARTS = frozenset(StorePart)

Listener = Callable[[Path, frozenset[StorePart]], None]

_lock = threading.Lock()
_listeners: list[Listener] = []


def add_change_listener(listener: Listener) -> None:
    with _lock:
        _listeners.append(listener)


def remove_change_listener(listener: Listener) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def notify_changed(path: Path, parts: Iterable[StorePart]) -> None:
    """Tell every listener that *parts* of the store at *path* changed (after a commit)."""
    touched = frozenset(parts)
    if not touched:
        return
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(path, touched)
        except Exception:
            log.exception("a store change listener failed")
