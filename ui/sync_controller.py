"""Runs the sync engine on a worker thread and reports to the window on the GUI thread.

The engine (``app.sync``) does the work; this module only decides *when*: every few minutes, at
"Đồng bộ ngay", soon after a sheet is saved, and by itself when a server that was down answers a
health probe again. The worker owns its own store connection; results cross back as queued
signals, so nothing here touches a widget from the wrong thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from app.api_client import ApiClient
from app.store import Store
from app.sync import ConnectionState, SyncEngine, SyncReport

log = logging.getLogger(__name__)

TICK_MS = 1000
PROBE_EVERY_S = 10.0


class SyncWorker(QObject):
    """Lives on the worker thread. Every slot runs there; every signal is queued to the GUI."""

    report_ready = Signal(object)  # SyncReport
    progress = Signal(int, int)
    probed = Signal(bool)
    failed_to_start = Signal(object)  # ApiError (a bad server URL) or StoreError

    def __init__(
        self,
        store_path: object,
        server_url: str,
        tax_code: str,
        password: Callable[[], str | None],
    ):
        super().__init__()
        self._store_path = store_path
        self._server_url = server_url
        self._tax_code = tax_code
        self._password = password
        self.engine: SyncEngine | None = None
        self._store: Store | None = None

    @Slot()
    def start(self) -> None:
        try:
            # Attach, never open: only the start moves a damaged file, before any connection.
            self._store = Store.attach(self._store_path)  # type: ignore[arg-type]
            client = ApiClient(self._server_url)
            self.engine = SyncEngine(
                self._store, client, tax_code=self._tax_code, password=self._password
            )
        except Exception as error:  # reported, never raised into Qt's event loop
            log.exception("sync could not start")
            self.failed_to_start.emit(error)

    @Slot(bool)
    def run(self, force: bool) -> None:
        if self.engine is None:
            self.report_ready.emit(SyncReport(started=False))
            return
        report = self.engine.sync(force=force, progress=self.progress.emit)
        self.report_ready.emit(report)

    @Slot()
    def probe(self) -> None:
        if self.engine is None:
            return
        reachable = self.engine.probe()
        if reachable:
            self.engine.wake()
        self.probed.emit(reachable)

    @Slot()
    def close(self) -> None:
        if self.engine is not None:
            self.engine.client.close()
        if self._store is not None:
            self._store.close()
        self.engine = None
        self._store = None


class SyncController(QObject):
    """GUI-thread side: schedules passes and turns reports into window updates."""

    report_ready = Signal(object)  # SyncReport, after the window was updated
    progress = Signal(int, int)
    state_changed = Signal(str, str)  # connection state, detail in the user's language
    _run = Signal(bool)
    _probe = Signal()
    _close = Signal()

    def __init__(
        self,
        store_path: object,
        server_url: str,
        tax_code: str,
        password: Callable[[], str | None],
        *,
        language: str = "vi",
        interval_seconds: float = 180.0,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.server_url = server_url
        self.tax_code = tax_code
        self.language = language
        self.interval_seconds = interval_seconds
        self.running = False
        self.state = ConnectionState.NOT_LOGGED_IN
        self.last_report: SyncReport | None = None
        self._last_pass = float("-inf")
        self._last_probe = float("-inf")
        self._wanted = True  # the first pass runs at once
        self.probe_every = PROBE_EVERY_S
        self._shut_down = False

        self._thread = QThread()
        self._thread.setObjectName("sync")
        self.worker = SyncWorker(store_path, server_url, tax_code, password)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.start)
        self._run.connect(self.worker.run)
        self._probe.connect(self.worker.probe)
        self._close.connect(self.worker.close)
        self.worker.report_ready.connect(self._on_report)
        self.worker.progress.connect(self.progress)
        self.worker.probed.connect(self._on_probed)
        self.worker.failed_to_start.connect(self._on_failed_to_start)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._thread.start()
        self._timer.start()
        QTimer.singleShot(0, self._tick)

    def shutdown(self) -> None:
        """Stop between batches, close the worker's connection, and join the thread."""
        if self._shut_down:
            return
        self._shut_down = True
        self._timer.stop()
        for signal, slot in (
            (self.worker.report_ready, self._on_report),
            (self.worker.probed, self._on_probed),
            (self.worker.failed_to_start, self._on_failed_to_start),
        ):
            signal.disconnect(slot)
        engine = self.worker.engine
        if engine is not None:
            engine.stop()
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait(30_000)

    # -- requests from the window ---------------------------------------------------------

    def sync_now(self) -> None:
        """ "Đồng bộ ngay": skip the back-off; if a pass is running, it is that pass."""
        if self.worker.engine is not None:
            self.worker.engine.wake()
        self._wanted = True
        self._tick()

    def sheet_saved(self) -> None:
        """A sheet was just committed: send it soon, unless the server is known to be away."""
        self._wanted = True

    # -- scheduling ------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.running:
            return
        engine = self.worker.engine
        now = time.monotonic()
        if engine is None:
            return
        # While away, a cheap probe notices the server coming back long before the back-off
        # would have tried again.
        away = self.state in (ConnectionState.OFFLINE, ConnectionState.DEGRADED)
        if away and now - self._last_probe >= self.probe_every and engine.due_in() > 0:
            self._last_probe = now
            self.running = True
            self._probe.emit()
            return
        due = self._wanted or now - self._last_pass >= self.interval_seconds
        if due and engine.due_in() <= 0:
            self._begin(force=False)

    def _begin(self, *, force: bool) -> None:
        self.running = True
        self._wanted = False
        self._last_pass = time.monotonic()
        self.state_changed.emit("syncing", "")
        self._run.emit(force)

    @Slot(bool)
    def _on_probed(self, reachable: bool) -> None:
        self.running = False
        if reachable:
            log.info("the intake server answers again; syncing now")
            self._begin(force=True)

    @Slot(object)
    def _on_report(self, report: SyncReport) -> None:
        self.running = False
        self.last_report = report
        if report.started:
            self.state = report.connection
        detail = report.error.message.text(self.language) if report.error else ""  # type: ignore[arg-type]
        self.state_changed.emit(self.state, detail)
        self.report_ready.emit(report)

    @Slot(object)
    def _on_failed_to_start(self, error: object) -> None:
        message = getattr(error, "message", None)
        detail = message.text(self.language) if message is not None else str(error)
        self.state = ConnectionState.OFFLINE
        self.state_changed.emit("error", detail)
