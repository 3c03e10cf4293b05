"""The whole loop in the window: embedded server → sync → prompt → Gửi → delivered → answer back."""

from __future__ import annotations

import pytest
import requests
from PySide6.QtCore import Qt

from app.domain.states import OutboxState, RatingState
from app.sync.engine import ConnectionState
from server.embedded import start_embedded
from ui.session import ClientSession


@pytest.fixture
def session(qtbot, make_window, profile, settings, tmp_path):
    servers = []

    def start(paths, scenario):
        server = start_embedded(tmp_path / "intake", pace=None, scenario=scenario or "normal")
        servers.append(server)
        return server

    window = make_window()
    settings.server_url = ""
    client = ClientSession(window, profile, settings, start_server=start)
    client.start()
    qtbot.waitUntil(
        lambda: client.sync is not None and client.sync.last_report is not None, timeout=30_000
    )
    yield window, client, servers[0]
    client.shutdown()
    if window.rating_dialog is not None:
        window.rating_dialog.close()


def test_a_newcomer_sees_declarations_arrive_and_is_asked_to_rate(qtbot, session) -> None:
    window, client, _server = session
    report = client.sync.last_report
    assert report.ok and report.declarations > 0
    assert window.indicators.state == ConnectionState.ONLINE
    assert window.indicators.last_sync is not None
    assert window.store.meta.get("last_good_sync") == window.indicators.last_sync.isoformat()
    # The demo enterprise starts with completed declarations: one prompt with a queue.
    qtbot.waitUntil(lambda: window.rating_dialog is not None and window.rating_dialog.isVisible())
    completed = len(report.newly_completed)
    assert completed > 1
    assert f"1 / {completed}" in window.rating_dialog.position_label.text()


def test_gui_send_reaches_the_server_and_the_answer_comes_back(qtbot, session) -> None:
    window, client, server = session
    qtbot.waitUntil(lambda: window.rating_dialog is not None and window.rating_dialog.isVisible())
    dialog = window.rating_dialog
    number = dialog.current.number
    for star in [row.stars for row in dialog.form.rows]:
        star.setFocus()
        qtbot.keyClick(star, Qt.Key.Key_1)
    dialog.form.content_edit.setPlainText("Hồ sơ bị giữ quá lâu không rõ lý do.")
    dialog.form.name_edit.setText("Phạm Thị Dung")
    dialog.form.phone_edit.setText("0987 654 321")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    store = window.store
    assert store.declarations.rating_state(number) in (RatingState.QUEUED, RatingState.SENT)
    qtbot.waitUntil(
        lambda: store.declarations.rating_state(number) == RatingState.SENT, timeout=20_000
    )
    receipt = next(
        i.receipt_id for i in store.outbox.items() if i.payload.get("declaration_number") == number
    )
    official = requests.post(
        f"{server.url}/api/v1/auth/token",
        json={"username": server.official_username, "password": server.official_password},
        timeout=10,
    ).json()["access_token"]
    requests.post(
        f"{server.url}/api/v1/official/low-sheets/{receipt}/response",
        json={"result": "upheld", "content": "Đã xác minh và chấn chỉnh."},
        headers={"Authorization": f"Bearer {official}"},
        timeout=10,
    ).raise_for_status()
    window.sync_requested.emit()  # "Đồng bộ ngay"
    qtbot.waitUntil(lambda: store.responses.unread_count() == 1, timeout=20_000)
    qtbot.waitUntil(lambda: client.inbox_button.isVisible())
    inbox = client.show_inbox()
    assert "Đã xác minh" in inbox.answer_label.text()
    assert store.responses.unread_count() == 0


def test_offline_sheets_wait_in_the_outbox_and_leave_when_the_server_is_back(
    qtbot, session
) -> None:
    window, client, server = session
    qtbot.waitUntil(lambda: window.rating_dialog is not None and window.rating_dialog.isVisible())
    server.set_scenario("offline")
    dialog = window.rating_dialog
    number = dialog.current.number
    for star in [row.stars for row in dialog.form.rows]:
        star.setFocus()
        qtbot.keyClick(star, Qt.Key.Key_5)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    window.sync_requested.emit()
    qtbot.waitUntil(lambda: window.indicators.state == ConnectionState.OFFLINE, timeout=20_000)
    panel = client.show_outbox()
    assert any(i.payload.get("declaration_number") == number for i in panel.model.items)
    assert window.indicators.outbox_count >= 1
    client.sync.probe_every = 0.2
    server.set_scenario("normal")
    qtbot.waitUntil(
        lambda: window.store.declarations.rating_state(number) == RatingState.SENT, timeout=30_000
    )
    assert all(i.state != OutboxState.QUEUED for i in window.store.outbox.items())
