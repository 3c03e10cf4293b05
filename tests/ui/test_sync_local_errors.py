"""What the user reads when this computer's side stops a sync pass (see test_sync_disk_full.py for
the real full disk): a bilingual message per cause, and a state of its own in the status bar."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from app.store import NOT_SAVED_DISK_FULL, NOT_SAVED_IO, Store, StoreError, StoreFull
from app.sync.engine import (
    SYNC_DISK_FULL,
    SYNC_STORE_FAILED,
    SYNC_UNEXPECTED,
    ConnectionState,
    SyncReport,
    local_error_message,
)
from server.embedded import EmbeddedServer
from ui.sync_controller import SyncController
from ui.translations import install_translators, remove_translators


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StoreFull(NOT_SAVED_DISK_FULL), SYNC_DISK_FULL),
        (sqlite3.OperationalError("database or disk is full"), SYNC_DISK_FULL),
        (OSError(errno.ENOSPC, "No space left on device"), SYNC_DISK_FULL),
        (StoreError(NOT_SAVED_IO), SYNC_STORE_FAILED),
        (sqlite3.DatabaseError("database disk image is malformed"), SYNC_STORE_FAILED),
        (OSError(errno.EIO, "Input/output error"), SYNC_STORE_FAILED),
        (KeyError("status"), SYNC_UNEXPECTED),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else value.code,
)
def test_each_local_cause_has_its_message(error: Exception, expected) -> None:
    message = local_error_message(error)
    assert message == expected
    assert message.vi and message.en and message.vi != message.en
    report = SyncReport(local_error=message, connection=ConnectionState.LOCAL_ERROR)
    assert not report.ok and report.message == message


def test_the_status_bar_names_a_local_error_in_both_languages(
    qtbot, make_window, qapp: QApplication
) -> None:
    window = make_window()
    window.set_connection_state(ConnectionState.LOCAL_ERROR, SYNC_DISK_FULL.vi)
    label = window.indicators.connection_label
    assert label.text().startswith("● Lỗi trên máy tính này – Chưa lưu được: ổ đĩa đã đầy")
    assert label.toolTip() == SYNC_DISK_FULL.vi  # the whole message, where the label cuts it
    locale = QLocale()
    translators = install_translators(qapp, "en")
    try:
        window.set_connection_state(ConnectionState.LOCAL_ERROR, SYNC_DISK_FULL.en)
        assert label.text().startswith("● Problem on this computer – Not saved: the disk is full")
    finally:
        remove_translators(qapp, translators)  # back to the Vietnamese source texts
        QLocale.setDefault(locale)


def test_a_worker_that_could_not_start_starts_again_at_sync_now(
    qtbot, intake_server: EmbeddedServer, tmp_path: Path
) -> None:
    """Its store would not open (here: a file stands where its folder should be); once the cause
    is gone and the store is there again, "Đồng bộ ngay" starts the worker again and the first
    pass runs, no restart."""
    blocked = tmp_path / "profile-folder"
    blocked.write_text("not a folder")
    controller = SyncController(
        blocked / "store.sqlite3",
        intake_server.url,
        intake_server.demo_tax_code,
        lambda: intake_server.demo_password,
        interval_seconds=3600,
    )
    try:
        with qtbot.waitSignal(
            controller.state_changed, timeout=30_000, check_params_cb=lambda s, _d: s == "error"
        ):
            controller.start()
        assert controller.worker.engine is None and not controller.running
        controller.sync_now()  # the cause is still there: it fails again, and says so
        qtbot.waitUntil(lambda: controller._start_failed, timeout=30_000)
        blocked.unlink()
        Store.open(blocked / "store.sqlite3").close()  # as the window, the store's owner, makes it
        with qtbot.waitSignal(
            controller.report_ready, timeout=30_000, check_params_cb=lambda r: r.ok
        ) as blocker:
            controller.sync_now()  # starts the worker; the next tick runs the pass it asked for
        assert blocker.args[0].declarations > 0
    finally:
        controller.shutdown()
