"""Runs the sync engine on a worker thread and reports to the window on the GUI thread.

The engine (``app.sync``) does the work; this module only decides *when*: every few minutes, at
"Đồng bộ ngay", soon after a sheet is saved, and by itself when a server that was down answers a
health probe again. The worker owns its own store connection; results cross back as queued
signals, so nothing here touches a widget from the wrong thread.

Two promises shape the scheduling. While the server is away (offline or degraded), a health
probe runs every ``probe_every`` seconds whatever the back-off says, and an answer starts a pass
(the server's own Retry-After still holds). And the controller is never stuck: every request to
the worker is answered by exactly one signal, whatever goes wrong there, so ``running`` always
falls back; a pass stopped by this computer's side (a full disk) is retried at the same interval.

Several enterprises (a customs broker's clients) each have a controller of their own: its own
engine, so its own login, token, cursors, back-off and errors. They share one worker thread
(``thread=``, owned by ``ui.session``), so the passes of different enterprises run one after
another, never side by side on the store.

The signals carry objects or strings, never a ``bool``: PySide6 6.12.0 lost a reference to
``True`` on every emit (the pin in pyproject.toml keeps that release out, and
tests/ui/test_cross_thread_signals.py guards every signal here).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from app.domain.states import ConnectionState
from app.store import Store
from app.sync.api_client import ApiClient
from app.sync.engine import SyncEngine, SyncReport, local_error_message
from ui.status_indicators import BarState

log = logging.getLogger(__name__)

TICK_MS = 1000
PROBE_EVERY_S = 10.0
#: Why a pass runs; a forced one ignores the back-off ("Đồng bộ ngay", the server answered again).
SCHEDULED = "scheduled"
FORCED = "forced"
#: States in which the server is away and a health probe looks for it.
AWAY = frozenset({ConnectionState.OFFLINE, ConnectionState.DEGRADED})


class SyncWorker(QObject):
    """Lives on the worker thread. Every slot runs there; every signal is queued to the GUI."""

    report_ready = Signal(object)  # SyncReport
    progress = Signal(int, int)
    probed = Signal(object)  # None: the server answered; else the exception that kept it away
    failed_to_start = Signal(object)  # ApiError (a bad server URL) or StoreError

    def __init__(
        self,
        store_path: object,
        server_url: str,
        tax_code: str,
        password: Callable[[], str | None],
        timeout: tuple[float, float] | None = None,
    ):
        super().__init__()
        self._store_path = store_path
        self._server_url = server_url
        self._tax_code = tax_code
        self._password = password
        self._timeout = timeout
        self.engine: SyncEngine | None = None
        self._store: Store | None = None
        #: Set from the GUI thread at shutdown (logout): a pass still queued does not run.
        self.retired = False

    @Slot()
    def start(self) -> None:
        try:
            # Attach, never open: only the start moves a damaged file, before any connection.
            self._store = Store.attach(self._store_path)  # type: ignore[arg-type]
            client = (
                ApiClient(self._server_url)
                if self._timeout is None
                else ApiClient(self._server_url, timeout=self._timeout)
            )
            self.engine = SyncEngine(
                self._store, client, tax_code=self._tax_code, password=self._password
            )
        except Exception as error:  # reported, never raised into Qt's event loop
            log.exception("sync could not start")
            self.engine = None
            if self._store is not None:  # opened, then the engine failed: "Đồng bộ ngay" retries
                with contextlib.suppress(Exception):
                    self._store.close()
                self._store = None
            self.failed_to_start.emit(error)

    @Slot(str)
    def run(self, why: str) -> None:
        """One pass; exactly one report goes back whatever happens (the controller waits for it)."""
        try:
            if self.engine is None or self.retired:
                report = SyncReport(started=False)
            else:
                report = self.engine.sync(force=why == FORCED, progress=self.progress.emit)
        except Exception as error:  # the engine reports its own errors; this is the last net
            log.exception("sync pass failed")
            report = SyncReport(
                local_error=local_error_message(error), connection=ConnectionState.LOCAL_ERROR
            )
        self.report_ready.emit(report)

    @Slot()
    def probe(self) -> None:
        """A health check; exactly one ``probed`` goes back whatever happens."""
        outcome: Exception | None
        try:
            if self.engine is None:
                outcome = RuntimeError("sync is not running")
            else:
                outcome = self.engine.check_health()
        except Exception as error:  # check_health answers ApiError itself; anything else is ours
            log.exception("health probe failed")
            outcome = error
        self.probed.emit(outcome)

    @Slot()
    def close(self) -> None:
        try:
            if self.engine is not None:
                self.engine.client.close()
            if self._store is not None:
                self._store.close()
        except Exception:  # closing is the last thing: log it, never raise into the event loop
            log.exception("closing the sync worker failed")
        self.engine = None
        self._store = None


class SyncController(QObject):
    """GUI-thread side: schedules passes and turns reports into window updates."""

    report_ready = Signal(object)  # SyncReport, after the window was updated
    progress = Signal(int, int)
    state_changed = Signal(str, str)  # connection state, detail in the user's language
    _run = Signal(str)  # SCHEDULED or FORCED
    _probe = Signal()
    _restart = Signal()
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
        timeout: tuple[float, float] | None = None,
        parent: QObject | None = None,
        thread: QThread | None = None,
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
        #: Seconds between health probes while the server is away, and between retries after a
        #: pass this computer's side stopped (a full disk).
        self.probe_every = PROBE_EVERY_S
        self._start_failed = False
        self._shut_down = False

        #: Without *thread*, the controller has a worker thread of its own and joins it at
        #: shutdown; with one, it only starts and closes its worker there.
        self._owns_thread = thread is None
        self._thread = thread if thread is not None else QThread()
        if self._owns_thread:
            self._thread.setObjectName("sync")
        # *timeout*: (connect, read) seconds; a support replay uses the declarant's (ui.replay).
        self.worker = SyncWorker(store_path, server_url, tax_code, password, timeout)
        self.worker.moveToThread(self._thread)
        if self._owns_thread:
            self._thread.started.connect(self.worker.start)
        self._restart.connect(self.worker.start)
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
        if self._owns_thread:
            self._thread.start()
        else:
            if not self._thread.isRunning():
                self._thread.start()
            self._restart.emit()  # queued behind whatever the shared worker thread is doing
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
        self.worker.retired = True
        engine = self.worker.engine
        if engine is not None:
            engine.stop()
        if not self._owns_thread:
            # The shared thread goes on for the other enterprises: the close is queued there,
            # after the pass it may be running; the thread's owner joins it at the end.
            self._close.emit()
            return
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait(30_000)

    # -- requests from the window ---------------------------------------------------------

    def sync_now(self) -> None:
        """ "Đồng bộ ngay": skip the back-off. During a pass, the presses make one more pass
        after it (never one beside it): what the user pressed for may have changed on the
        server after the running pass read its feed.

        If the worker could not start (its store would not open), it tries again first.
        """
        if self.worker.engine is not None:
            self.worker.engine.wake()
        elif self._start_failed and not self._shut_down:
            self._start_failed = False
            self._restart.emit()
        self._wanted = True
        self._tick()

    def sheet_saved(self) -> None:
        """A sheet was just committed: send it soon, unless the server is known to be away."""
        self._wanted = True

    # -- scheduling ------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.running or self._shut_down:
            return
        engine = self.worker.engine
        now = time.monotonic()
        if engine is None:
            return
        if self.state == ConnectionState.LOCAL_ERROR:
            # The disk or the store stopped the last pass, not the network: a probe would learn
            # nothing, so a pass at the probe interval finds out when the cause is gone.
            if self._wanted or now - self._last_pass >= self.probe_every:
                self._begin(force=True)
            return
        # While away, a cheap probe at a fixed interval notices the server coming back, whatever
        # the back-off's state; only a Retry-After the server asked for is waited out.
        if (
            self.state in AWAY
            and now - self._last_probe >= self.probe_every
            and engine.retry_after_in() <= 0
        ):
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
        self.state_changed.emit(BarState.SYNCING, "")
        self._run.emit(FORCED if force else SCHEDULED)

    @Slot(object)
    def _on_probed(self, outcome: object) -> None:
        self.running = False
        engine = self.worker.engine
        if outcome is not None or engine is None or self._shut_down:
            return
        log.info("the intake server answers again; syncing now")
        engine.server_back()
        self._wanted = True  # the next tick sends, once a Retry-After the server gave has run out
        if engine.due_in() <= 0:
            self._begin(force=False)

    @Slot(object)
    def _on_report(self, report: SyncReport) -> None:
        self.running = False
        self.last_report = report
        if report.started:
            self.state = report.connection
        message = report.message
        detail = message.text(self.language) if message is not None else ""  # type: ignore[arg-type]
        self.state_changed.emit(self.state, detail)
        self.report_ready.emit(report)

    @Slot(object)
    def _on_failed_to_start(self, error: object) -> None:
        """Shown at once; "Đồng bộ ngay" starts the worker again (a full disk may be freed)."""
        message = getattr(error, "message", None)
        detail = message.text(self.language) if message is not None else str(error)
        self.state = ConnectionState.OFFLINE
        self._start_failed = True
        self.state_changed.emit(BarState.ERROR, detail)
