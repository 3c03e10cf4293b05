"""Cyclic garbage is freed on the GUI thread only (ui/gc_policy.py), wherever it was made.

The suite runs under the program's policy (tests/conftest.py installs it); these tests check the
policy itself: a worker thread that makes far more cycles than the collector's threshold never
collects them, the GUI thread's timer does, and automatic collection stays off.
"""

from __future__ import annotations

import gc
import os
import threading
import weakref

from PySide6.QtCore import QObject, QThread

from tests.conftest import GC_INTERVAL_ENV, GC_THRESHOLD_ENV
from ui.gc_policy import INTERVAL_MS, GuiThreadCollector, install_gc_policy

CYCLES = 20_000  # some thirty times the default threshold of generation 0


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_made_on_a_worker_thread_are_freed_on_the_gui_thread(
    qtbot, gui_thread_gc: GuiThreadCollector
) -> None:
    freed_on: list[str] = []

    def make_garbage() -> None:
        for _ in range(CYCLES):
            weakref.finalize(_Cycle(), lambda: freed_on.append(threading.current_thread().name))

    assert not gc.isenabled()
    worker = threading.Thread(target=make_garbage, name="garbage-maker")
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert freed_on == []  # made on the worker, past every threshold, and not collected there
    qtbot.waitUntil(lambda: len(freed_on) == CYCLES, timeout=30_000)  # the GUI thread's timer
    assert set(freed_on) == {threading.main_thread().name}
    assert gui_thread_gc.off_thread == []


def test_a_collection_started_on_another_thread_is_noticed(
    gui_thread_gc: GuiThreadCollector,
) -> None:
    """What the tests' teardown fails on, and the program logs: e.g. a library's gc.collect()."""
    seen = len(gui_thread_gc.off_thread)
    worker = threading.Thread(target=gc.collect, name="collects-by-itself")
    worker.start()
    worker.join(timeout=60)
    assert gui_thread_gc.off_thread[seen:] == ["collects-by-itself"]
    del gui_thread_gc.off_thread[seen:]  # expected here; the teardown check must not see it


def test_the_policy_is_installed_from_the_gui_thread_only(qapp) -> None:
    errors: list[Exception] = []

    class Installer(QThread):
        def run(self) -> None:
            try:
                GuiThreadCollector(QObject())
            except RuntimeError as error:
                errors.append(error)

    installer = Installer()
    installer.start()
    assert installer.wait(10_000)
    assert len(errors) == 1 and "GUI thread" in str(errors[0])


def test_the_run_uses_the_thresholds_and_interval_it_was_given(
    gui_thread_gc: GuiThreadCollector,
) -> None:
    """The stress run (test_gc_stress.py) sets both; this proves they took effect there."""
    thresholds = os.environ.get(GC_THRESHOLD_ENV)
    if thresholds:
        assert gc.get_threshold() == tuple(int(part) for part in thresholds.split(","))
    assert gui_thread_gc.interval_ms == int(os.environ.get(GC_INTERVAL_ENV) or INTERVAL_MS)


def test_installing_twice_keeps_one_collector(qapp, gui_thread_gc: GuiThreadCollector) -> None:
    """ui.main.main run inside the tests finds the conftest's collector and keeps it."""
    assert install_gc_policy(qapp) is gui_thread_gc
