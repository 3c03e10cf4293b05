"""Damage found while the program runs: tell the user at once, stop writing, go on in a rescue file.

Any connection may be the one that finds the damage (the window's, the sync worker's, the table
loader's, the background integrity check), on any thread; ``app.store.report_damage`` records it,
which already makes every connection to that file refuse writes. This guard, on the GUI thread,
then stops the sync worker (closing its connection), salvages the readable rows into a rescue
file on a worker thread (``app.store.rescue``), moves the window's store onto it and starts the
sync again from there. The damaged file is never moved during the session; the next start does
that, before any connection exists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.domain.messages import Language
from app.store import (
    DAMAGED_FOUND,
    Store,
    add_damage_listener,
    damage_of,
    remove_damage_listener,
)
from app.store.rescue import RESCUE_FAILED, Rescue, rescue
from ui.background import BackgroundRunner

log = logging.getLogger(__name__)


class StoreGuard(QObject):
    """Owns the reaction to a damaged store for one window's session."""

    #: (damaged path, what was found), queued to the GUI thread from wherever it was found.
    _found = Signal(str, str)
    #: The window's store now writes into the rescue file.
    rescued = Signal(object)  # app.store.rescue.Rescue
    #: Salvage failed; the user was told to restart.
    rescue_failed = Signal(str)

    def __init__(
        self,
        store: Store,
        base_path: Path,
        language: Language,
        *,
        tell: Callable[[str], object],
        status: Callable[[str], None],
        stop_writers: Callable[[], None],
        restart_writers: Callable[[], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._base = base_path
        self._language: Language = language
        self._tell = tell
        self._status = status
        self._stop_writers = stop_writers
        self._restart_writers = restart_writers
        self._runner = BackgroundRunner(self)
        self._handling: str | None = None
        self._found.connect(self._on_found, Qt.ConnectionType.QueuedConnection)
        add_damage_listener(self._listener)
        # Damage found before this guard existed (the window's first loads): handle it now.
        if (detail := damage_of(store.path)) is not None:
            self._found.emit(str(store.path), detail)

    @property
    def busy(self) -> bool:
        return self._handling is not None

    def _listener(self, path: Path, detail: str) -> None:
        # Any thread, possibly inside the store's lock: only queue, never act here.
        self._found.emit(str(path), detail)

    @Slot(str, str)
    def _on_found(self, path: str, detail: str) -> None:
        damaged = Path(path)
        if self._handling is not None or damaged.resolve() != self._store.path.resolve():
            return
        self._handling = path
        log.error("the store in use is damaged (%s); rescuing it", detail)
        self._status(DAMAGED_FOUND.text(self._language))
        self._stop_writers()
        self._runner.submit(lambda: rescue(damaged, self._base), self._done, self._failed)

    def _done(self, result: Rescue) -> None:
        self._store.switch_to(result.path)
        self._handling = None
        self._restart_writers()
        self.rescued.emit(result)
        self._tell(result.message().text(self._language))

    def _failed(self, error: Exception) -> None:
        log.error("rescuing the damaged store failed: %s", error)
        self._handling = None
        self.rescue_failed.emit(str(error))
        self._tell(RESCUE_FAILED.text(self._language))

    def shutdown(self) -> None:
        remove_damage_listener(self._listener)
        self._runner.shutdown()
