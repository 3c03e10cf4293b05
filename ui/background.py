"""Runs slow work off the GUI thread and hands the result back on it.

The window must never freeze: loading a million ids, counting groups and (later) syncing happen
on a worker thread. Results come back through a queued signal, so the callback runs on the GUI
thread where it may touch widgets and models. Each job gets a token; a callback whose owner has
since asked for newer work simply compares tokens and drops the stale result.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the worker are queued to it."""

    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, token: int, work: Callable[[], Any]):
        super().__init__()
        self._relay = relay
        self._token = token
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread, which decides what to show
            log.exception("background job failed")
            self._relay.failed.emit(self._token, error)
        else:
            self._relay.finished.emit(self._token, result)


class BackgroundRunner(QObject):
    """A one-thread pool: jobs run in the order given, never two at once on the store."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._tokens = itertools.count(1)
        self._callbacks: dict[
            int, tuple[Callable[[Any], None], Callable[[Exception], None] | None]
        ] = {}

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> int:
        token = next(self._tokens)
        self._callbacks[token] = (on_done, on_error)
        self._pool.start(_Job(self._relay, token, work))
        return token

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued jobs ran (their callbacks still arrive through the event loop)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop jobs not started yet, wait for the running one, forget every callback."""
        self._pool.clear()
        self._pool.waitForDone()
        self._callbacks.clear()

    @Slot(int, object)
    def _on_finished(self, token: int, result: object) -> None:
        callbacks = self._callbacks.pop(token, None)
        if callbacks is not None:
            callbacks[0](result)

    @Slot(int, object)
    def _on_failed(self, token: int, error: object) -> None:
        callbacks = self._callbacks.pop(token, None)
        if callbacks is not None and callbacks[1] is not None:
            callbacks[1](error)  # type: ignore[arg-type]
