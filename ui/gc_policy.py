"""The cyclic garbage collector runs on the GUI thread only, from a timer.

CPython starts a collection on whichever thread happens to allocate when generation 0 crosses its
threshold: the sync worker, a background job, the embedded intake server's uvicorn thread. If
the cycles it frees hold a Qt wrapper, the C++ object is destroyed on that thread, while its GUI
thread may be using it; a full test run once died that way, in a segmentation fault with the
collector running on an intake-server thread (``server/database.py``, ``_on_begin``).

So, as pyqtgraph's ``GarbageCollector`` and Orange do: automatic collection is switched off and a
``QTimer`` on the GUI thread collects each generation once the interpreter's own thresholds say it
is due. Reference counting still frees everything outside cycles at once, on any thread; only
cyclic garbage waits for the next tick. ``gc.freeze()`` keeps working as before: frozen objects
are skipped by these collections as by automatic ones.

A ``gc.callbacks`` hook counts every collection that still starts on another thread (some library
calling ``gc.collect()`` there); the tests fail on any, and the program logs them.
"""

from __future__ import annotations

import gc
import logging
import threading
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

log = logging.getLogger(__name__)

#: How often the GUI thread looks at the collector's counts. pyqtgraph uses one second too: cyclic
#: garbage made meanwhile is held at most that long.
INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Owns the policy while installed: automatic collection off, a GUI-thread timer collects."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            raise RuntimeError("the garbage-collection policy must be installed on the GUI thread")
        super().__init__(parent)
        self._gui_thread = threading.get_ident()
        self._was_enabled = gc.isenabled()
        #: Names of the threads on which a collection started anyway (should stay empty).
        self.off_thread: list[str] = []
        self._reported = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        gc.callbacks.append(self._watch)
        self._timer.start()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def collect_due(self) -> int:
        """Collect what the interpreter would have by now; call it on the GUI thread only.

        The interpreter's own rule: the oldest generation whose count passed its threshold (each
        generation's count grows with the collections of the one below it), with the younger ones.
        """
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [g for g in (2, 1, 0) if counts[g] > thresholds[g]]
        found = gc.collect(due[0]) if due else 0
        if len(self.off_thread) > self._reported:
            log.warning(
                "garbage collection ran off the GUI thread, on: %s",
                ", ".join(sorted(set(self.off_thread[self._reported :]))),
            )
            self._reported = len(self.off_thread)
        return found

    def uninstall(self) -> None:
        """Back to the interpreter's own policy (for tests and embedding; the program keeps it)."""
        global _installed
        if _installed is self:
            _installed = None
        self._timer.stop()
        if self._watch in gc.callbacks:
            gc.callbacks.remove(self._watch)
        if self._was_enabled:
            gc.enable()

    def _watch(self, phase: str, _info: dict[str, Any]) -> None:
        # Runs inside the collector, on the collecting thread: record only, log later.
        if phase == "start" and threading.get_ident() != self._gui_thread:
            self.off_thread.append(threading.current_thread().name)


_installed: GuiThreadCollector | None = None


def install_gc_policy(app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> GuiThreadCollector:
    """Switch automatic collection off and collect on *app*'s thread; call right after creating it.

    Once per application: a second call (``ui.main.main`` run by a test, under the policy the
    tests' conftest installed) returns the collector already there.
    """
    global _installed
    if _installed is None or not shiboken6.isValid(_installed) or _installed.parent() is not app:
        _installed = GuiThreadCollector(app, interval_ms)
    return _installed
