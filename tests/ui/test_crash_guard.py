"""An unexpected error in a slot: logged with its traceback, shown once, and the program goes on."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QTimer

from app.store import damage_of
from ui.crash_guard import CrashGuard


def test_an_error_in_a_slot_is_shown_logged_and_survived(qtbot, caplog, tmp_path: Path) -> None:
    shown: list[str] = []
    guard = CrashGuard(shown.append, "vi", tmp_path / "customs-rating.log", lambda: None)
    guard.install()
    try:

        def broken() -> None:
            raise ValueError("a bug in a slot")

        with caplog.at_level(logging.CRITICAL, logger="customs_rating.crash"):
            QTimer.singleShot(0, broken)
            QTimer.singleShot(0, broken)  # the same error again is not a second box
            qtbot.waitUntil(lambda: bool(shown))
            qtbot.wait(50)
        assert len(shown) == 1
        assert "lỗi không mong muốn (ValueError)" in shown[0]
        assert "Xuất gói hỗ trợ" in shown[0] and "customs-rating.log" in shown[0]
        assert "a bug in a slot" in caplog.text  # the traceback is in the log
        ran_after: list[bool] = []
        QTimer.singleShot(0, lambda: ran_after.append(True))
        qtbot.waitUntil(lambda: bool(ran_after))  # the event loop goes on
    finally:
        guard.uninstall()


def test_an_error_on_a_worker_thread_reaches_the_gui_thread_as_a_message(
    qtbot, tmp_path: Path
) -> None:
    shown: list[str] = []
    guard = CrashGuard(shown.append, "en", tmp_path / "customs-rating.log", lambda: None)
    guard.install()
    try:
        worker = threading.Thread(target=lambda: 1 / 0, name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(shown))
        assert "An unexpected error occurred (ZeroDivisionError)" in shown[0]
    finally:
        guard.uninstall()


def test_a_damaged_database_error_goes_to_the_store_guard_not_a_generic_box(
    qtbot, tmp_path: Path
) -> None:
    shown: list[str] = []
    store_file = tmp_path / "store.sqlite3"
    guard = CrashGuard(shown.append, "vi", tmp_path / "log", lambda: store_file)
    guard.install()
    try:

        def damaged() -> None:
            raise sqlite3.DatabaseError("database disk image is malformed")

        QTimer.singleShot(0, damaged)
        qtbot.waitUntil(lambda: damage_of(store_file) is not None)
        qtbot.wait(50)
        assert shown == []
    finally:
        guard.uninstall()
