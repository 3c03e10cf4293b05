"""Damage found while the program runs, on the default first start (embedded intake server).

The window, the session, the sync worker and the store guard are built by ``ui.main.start_window``
exactly as a start builds them. The live store file is then damaged under the running program,
the background integrity check finds it, and a sheet the user sends afterwards must reach the
server once; after a restart its declaration reads "đã gửi".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from app.domain.states import RatingState
from app.paths import Paths
from app.settings import Settings
from app.store import check_integrity
from server.schema import rating_sheets
from tests.ui.conftest import FakeDialogs
from ui.main import Running, parse_args, start_window

PAGE = 4096


def start(profile: Paths, dialogs: FakeDialogs) -> Running:
    root = profile.data_dir.parent
    return start_window(parse_args(["--profile", str(root)]), profile, Settings(), dialogs)


def damage_declaration_pages(path: Path) -> None:
    """Scribble over the status history's root page, in the running file."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'status_history'"
        ).fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * PAGE)
        file.write(b"\xee" * PAGE)


def sheets_on_server(running: Running, number: str) -> int:
    server = running.session.server
    c = rating_sheets.c
    with server.runtime.db.read() as conn:
        return conn.execute(
            sa.select(sa.func.count()).where(c.declaration_number == number, c.status == "accepted")
        ).scalar_one()


def rate_in_the_dialog(qtbot, running: Running) -> str:
    window = running.window
    qtbot.waitUntil(
        lambda: window.rating_dialog is not None and window.rating_dialog.isVisible(),
        timeout=30_000,
    )
    dialog = window.rating_dialog
    for star in [row.stars for row in dialog.form.rows]:
        star.setFocus()
        qtbot.keyClick(star, Qt.Key.Key_4)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    return dialog.current.number


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_a_sheet_sent_after_damage_mid_session_reaches_the_server_once(
    qtbot, profile: Paths
) -> None:
    dialogs = FakeDialogs()
    running = start(profile, dialogs)
    try:
        qtbot.waitUntil(
            lambda: (
                running.session.sync is not None and running.session.sync.last_report is not None
            ),
            timeout=60_000,
        )
        number = rate_in_the_dialog(qtbot, running)
        path = running.store.path
        damage_declaration_pages(path)
        assert not check_integrity(path)  # what the deferred check finds, on its worker

        # "Gửi" before the rescue is done: refused in words, what was typed kept on screen.
        dialog = running.window.rating_dialog
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        assert any("đang được cứu" in m.text for m in dialogs.shown)
        assert dialog.isVisible() and dialog.current.number == number
        qtbot.waitUntil(lambda: running.store.path != path, timeout=60_000)
        assert any("từ giờ ghi vào tệp mới" in m.text for m in dialogs.shown)
        if dialog.stack.currentWidget() is not dialog.confirm_page:
            qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        assert running.store.declarations.rating_state(number) in (
            RatingState.QUEUED,
            RatingState.SENT,
        )
        running.window.sync_requested.emit()
        qtbot.waitUntil(lambda: sheets_on_server(running, number) == 1, timeout=60_000)
        qtbot.waitUntil(
            lambda: running.store.declarations.rating_state(number) == RatingState.SENT,
            timeout=30_000,
        )
    finally:
        running.shutdown()

    # The next start moves the damaged file aside and carries on in the rescue file.
    dialogs.shown.clear()
    again = start(profile, dialogs)
    try:
        assert [n.code for n in again.notices] == ["store_rescue_promoted"]
        assert again.store.path == profile.store_file
        assert again.store.declarations.rating_state(number) == RatingState.SENT
        assert list(profile.data_dir.glob("store.corrupt-*.sqlite3"))
    finally:
        again.shutdown()
