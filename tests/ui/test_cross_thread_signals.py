"""Every signal that crosses a thread in the program leaves the interpreter's reference counts whole.

PySide6/shiboken6 6.12.0 drop a reference to ``True`` on every ``emit()``: a few hundred emits
later ``sys.getrefcount(True)`` reaches zero and the interpreter aborts (``Fatal Python error:
bool_dealloc``), taking the declarant's window with it. The sync worker's health probe alone
emits every 10 s while offline. pyproject.toml pins the binding below 6.12; these tests are the
guard on the next upgrade: each signal is emitted a few hundred times from a real QThread to a
receiver on the GUI thread (or the other way, for the requests the controller sends its worker),
and the counts of ``True`` and ``False`` must not fall.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal, Slot

from app.store import NOT_SAVED_DISK_FULL, StoreError
from app.sync.api_client import ApiError, ErrorKind
from app.sync.engine import SYNC_DISK_FULL, ConnectionState, SyncReport
from ui.background import BackgroundRunner, _Relay
from ui.bundle_export import _Progress
from ui.sync_controller import FORCED, SCHEDULED, SyncController, SyncWorker

EMITS = 300
#: Other threads of the test process may hold a few references to True/False for a moment; the
#: 6.12.0 loss is one per emit, so a fall of a tenth of the emits is far beyond any such noise.
NOISE = EMITS // 10


class _Leak:
    """Once a binding is caught losing references, emitting on would abort the whole test run
    (True's count reaches zero after some 570 emits): each emitter stops at the first fall past
    the noise, and every later case fails at once instead of emitting."""

    found = ""

    @classmethod
    def floor(cls) -> int:
        if cls.found:
            pytest.fail(f"not emitting: an earlier case already lost references ({cls.found})")
        return sys.getrefcount(True) - NOISE

    @staticmethod
    def reached(floor: int) -> bool:
        return sys.getrefcount(True) < floor


def _worker() -> SyncWorker:
    return SyncWorker("unused.sqlite3", "http://127.0.0.1:9", "0299987654", lambda: "pw")


def _controller() -> SyncController:
    controller = SyncController("unused.sqlite3", "http://127.0.0.1:9", "0299987654", lambda: "")
    for signal in (controller._run, controller._probe, controller._restart, controller._close):
        signal.disconnect()  # only the test's receiver, not the (never started) worker
    return controller


@dataclass(frozen=True)
class Case:
    """One signal: who owns it, what it carries, which way it crosses."""

    owner: type[QObject]
    make: Callable[[], QObject]
    signal: str
    args: tuple[Any, ...]
    to_gui: bool = True  # emitted on a worker thread, received on the GUI thread
    owner_on_worker: bool = False  # the owner lives on the worker thread, as SyncWorker does

    @property
    def id(self) -> str:
        return f"{self.owner.__name__}.{self.signal}{'' if self.to_gui else ' (to the worker)'}"


_REPORTS = (
    SyncReport(delivered=3, declarations=2, newly_completed=["104512345670"]),
    SyncReport(started=False, connection=ConnectionState.OFFLINE, retry_in=4.0),
    SyncReport(local_error=SYNC_DISK_FULL, connection=ConnectionState.LOCAL_ERROR),
)

CASES = [
    # The sync worker's answers (ui/sync_controller.py), from its thread to the controller.
    Case(SyncWorker, _worker, "report_ready", (_REPORTS[0],), owner_on_worker=True),
    Case(SyncWorker, _worker, "report_ready", (_REPORTS[1],), owner_on_worker=True),
    Case(SyncWorker, _worker, "report_ready", (_REPORTS[2],), owner_on_worker=True),
    Case(SyncWorker, _worker, "progress", (250, 500), owner_on_worker=True),
    Case(SyncWorker, _worker, "probed", (None,), owner_on_worker=True),
    Case(SyncWorker, _worker, "probed", (ApiError(ErrorKind.UNREACHABLE),), owner_on_worker=True),
    Case(
        SyncWorker,
        _worker,
        "failed_to_start",
        (StoreError(NOT_SAVED_DISK_FULL),),
        owner_on_worker=True,
    ),
    # The controller's requests, from the GUI thread to the worker's thread.
    Case(SyncController, _controller, "_run", (FORCED,), to_gui=False),
    Case(SyncController, _controller, "_run", (SCHEDULED,), to_gui=False),
    Case(SyncController, _controller, "_probe", (), to_gui=False),
    Case(SyncController, _controller, "_restart", (), to_gui=False),
    Case(SyncController, _controller, "_close", (), to_gui=False),
    # Background jobs (ui/background.py): results cross as objects; some are True or False
    # (the store's integrity check returns a bool).
    Case(_Relay, _Relay, "finished", (7, True)),
    Case(_Relay, _Relay, "finished", (7, False)),
    Case(_Relay, _Relay, "finished", (7, [1, 2, 3])),
    Case(_Relay, _Relay, "failed", (7, ValueError("boom"))),
    # The support bundle's progress (ui/bundle_export.py), from the job's thread.
    Case(_Progress, _Progress, "changed", (3, 9)),
]

#: The signals of each class that cross threads; a new one must get a case above.
CROSSING = {
    SyncWorker: lambda name: True,
    SyncController: lambda name: name.startswith("_"),  # the public ones stay on the GUI thread
    _Relay: lambda name: True,
    _Progress: lambda name: True,
}


class _Receiver(QObject):
    """Counts deliveries; lives on whichever thread the case receives on."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def hit(self, *_args: object) -> None:
        self.count += 1


class _Pump(QObject):
    """Emits on its own thread, when that thread starts; stops early on a leaking binding."""

    def __init__(self, emit: Callable[[], None], floor: int):
        super().__init__()
        self._emit = emit
        self._floor = floor
        self.emitted = 0
        self.done = False

    @Slot()
    def run(self) -> None:
        while self.emitted < EMITS and not _Leak.reached(self._floor):
            self._emit()
            self.emitted += 1
        self.done = True


@pytest.fixture
def worker_thread() -> Iterator[QThread]:
    thread = QThread()
    thread.setObjectName("signals-test")
    yield thread
    thread.quit()
    thread.wait(10_000)


def _counts() -> tuple[int, int]:
    """The counts once the process is quiet: what earlier tests left behind (widgets waiting for
    their deferred delete, cycles) is freed first, so only the emits can move them."""
    counts = (-1, -1)
    for _ in range(10):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()  # on this (GUI) thread
        previous, counts = counts, (sys.getrefcount(True), sys.getrefcount(False))
        if counts == previous:
            break
    return counts


def _assert_kept(before: tuple[int, int], after: tuple[int, int], what: str) -> None:
    if after[0] < before[0] - NOISE or after[1] < before[1] - NOISE:
        _Leak.found = what
    assert after[0] >= before[0] - NOISE, (
        f"{what}: sys.getrefcount(True) fell from {before[0]} to {after[0]} over {EMITS} emits"
    )
    assert after[1] >= before[1] - NOISE, (
        f"{what}: sys.getrefcount(False) fell from {before[1]} to {after[1]} over {EMITS} emits"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_cross_thread_signal_keeps_true_and_false_alive(
    qtbot, worker_thread: QThread, case: Case
) -> None:
    owner = case.make()
    receiver = _Receiver()
    signal = getattr(owner, case.signal)
    emit: Callable[[], None] = lambda: signal.emit(*case.args)  # noqa: E731
    if case.owner_on_worker:
        owner.moveToThread(worker_thread)
    before = _counts()
    floor = _Leak.floor()
    pump = _Pump(emit, floor)
    if case.to_gui:
        signal.connect(receiver.hit)  # receiver on the GUI thread: queued from the pump
        pump.moveToThread(worker_thread)
        worker_thread.started.connect(pump.run)
        worker_thread.start()
    else:
        receiver.moveToThread(worker_thread)
        signal.connect(receiver.hit)  # receiver on the worker thread: queued from here
        worker_thread.start()
        pump.run()
    qtbot.waitUntil(lambda: pump.done and receiver.count == pump.emitted, timeout=30_000)
    worker_thread.quit()
    assert worker_thread.wait(10_000)
    signal.disconnect(receiver.hit)
    if isinstance(owner, SyncController):
        owner.shutdown()
    _assert_kept(before, _counts(), case.id)


def test_every_cross_thread_signal_has_a_case() -> None:
    covered = {(case.owner, case.signal) for case in CASES}
    for owner, crosses in CROSSING.items():
        signals = {  # the class's own, not QObject's (destroyed, objectNameChanged)
            name
            for name, value in vars(owner).items()
            if isinstance(value, Signal) and crosses(name)
        }
        missing = {name for name in signals if (owner, name) not in covered}
        assert not missing, f"{owner.__name__}: no case for {sorted(missing)}"


def test_background_jobs_returning_bools_keep_them_alive(qtbot) -> None:
    """The real path: BackgroundRunner's pool thread hands True/False back to the GUI thread."""
    runner = BackgroundRunner()
    results: list[bool] = []
    before = _counts()
    floor = _Leak.floor()
    submitted = 0
    while submitted < EMITS and not _Leak.reached(floor):
        for index in range(submitted, submitted + 10):  # ten at a time, then look at the count
            runner.submit(lambda index=index: index % 2 == 0, results.append)
        submitted += 10
        qtbot.waitUntil(lambda total=submitted: len(results) == total, timeout=30_000)
    runner.shutdown()
    assert results.count(True) == submitted // 2
    results.clear()
    _assert_kept(before, _counts(), "BackgroundRunner results")


def test_a_signal_emitted_on_the_gui_thread_keeps_them_too(qtbot) -> None:
    """6.12.0 lost the reference in ``emit()`` itself, so even one thread showed it."""
    controller = _controller()
    receiver = _Receiver()
    controller.state_changed.connect(receiver.hit)
    before = _counts()
    pump = _Pump(lambda: controller.state_changed.emit(ConnectionState.OFFLINE, ""), _Leak.floor())
    pump.run()
    assert receiver.count == pump.emitted
    _assert_kept(before, _counts(), "SyncController.state_changed")
    controller.shutdown()
