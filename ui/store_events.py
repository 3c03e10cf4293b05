"""One "the store changed" signal for every view of the window, instead of refreshes by hand.

Writes say which parts they touched (``app.store.changes``), whichever connection made them: the
window's own, or the sync worker's on its thread. Here the news is brought to the GUI thread and
merged: changes made on the GUI thread arrive at the next turn of the event loop, so one action's
several writes are one refresh; the worker's arrive at most every ``WORKER_COALESCE_MS``, so a
sync of ten thousand sheets does not repaint the grid twenty times a second. Only changes to the
file the window's store uses now count (after a mid-session rescue that is the rescue file).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from app.store import (
    ALL_PARTS,
    Store,
    StorePart,
    add_change_listener,
    remove_change_listener,
)

WORKER_COALESCE_MS = 250


class StoreEvents(QObject):
    """Lives on the GUI thread; ``changed`` carries the frozenset of ``StorePart``s touched."""

    changed = Signal(object)  # frozenset[StorePart]
    _arrived = Signal(str, object, bool)  # path, parts, from the GUI thread

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._pending: set[StorePart] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._deliver)
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._gui_thread = threading.current_thread()
        self._in_flight = 0  # queued to the GUI thread, not arrived yet
        self._in_flight_lock = threading.Lock()
        add_change_listener(self._listener)

    @property
    def pending(self) -> bool:
        """A change has arrived that the views have not been told of yet."""
        with self._in_flight_lock:
            in_flight = self._in_flight
        return bool(in_flight or self._pending) or self._timer.isActive()

    def notify(self, *parts: StorePart) -> None:
        """Tell the views something they cannot hear from the store (e.g. it switched files)."""
        self._merge(frozenset(parts) or ALL_PARTS, at_once=True)

    def shutdown(self) -> None:
        remove_change_listener(self._listener)
        self._timer.stop()

    def _listener(self, path: Path, parts: frozenset[StorePart]) -> None:
        # Any thread, right after a commit: only queue it.
        with self._in_flight_lock:
            self._in_flight += 1
        self._arrived.emit(str(path), parts, threading.current_thread() is self._gui_thread)

    @Slot(str, object, bool)
    def _on_arrived(self, path: str, parts: frozenset[StorePart], from_gui: bool) -> None:
        with self._in_flight_lock:
            self._in_flight -= 1
        if self._store.closed or Path(path).resolve() != self._store.path.resolve():
            return  # the damaged file a rescue left behind, or another profile's store
        self._merge(parts, at_once=from_gui)

    def _merge(self, parts: frozenset[StorePart], *, at_once: bool) -> None:
        self._pending |= parts
        if at_once:
            self._timer.start(0)
        elif not self._timer.isActive():
            self._timer.start(WORKER_COALESCE_MS)

    def _deliver(self) -> None:
        parts, self._pending = frozenset(self._pending), set()
        if parts and not self._store.closed:  # a window outliving its store repaints nothing
            self.changed.emit(parts)
