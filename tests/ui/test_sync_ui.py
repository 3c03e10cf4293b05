"""The outbox panel, the inbox of customs' answers and the login box, driven as a user would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import keyring
import pytest
from PySide6.QtCore import Qt

from app.domain.messages import Message
from app.domain.model import Response
from app.domain.states import OutboxState
from app.store import SendOutcome, Store
from app.sync.credentials import Credentials
from server.embedded import EmbeddedServer, start_embedded
from tests.app.sync.test_units import BrokenKeyring
from tests.factories import TAX_CODE, declaration, low_sheet, sheet
from tests.ui.conftest import type_text
from ui.inbox import InboxDialog
from ui.login_dialog import LoginDialog
from ui.outbox_panel import OutboxPanel


@pytest.fixture
def filled(store: Store) -> Store:
    store.declarations.upsert([declaration(f"10451234567{i}") for i in range(3)])
    store.sheets.save(sheet("104512345670"), TAX_CODE)
    store.sheets.save(low_sheet("104512345671"), TAX_CODE)
    store.sheets.save(sheet("104512345672"), TAX_CODE)
    claimed = store.outbox.claim_batch(TAX_CODE, 10)
    store.outbox.apply_results(
        [
            SendOutcome(
                claimed[1][0],
                OutboxState.REJECTED,
                error=Message(
                    "not_completed", "Tờ khai chưa hoàn thành thủ tục.", "Not completed."
                ),
            ),
            SendOutcome(claimed[2][0], OutboxState.DELIVERED, "R-3", "2026-11-22T10:00:00+00:00"),
        ]
    )
    store.outbox.release_batch(
        [claimed[0][0]], Message("unreachable", "Mất kết nối.", "Offline."), None
    )
    return store


# --- outbox -----------------------------------------------------------------------------------


def test_the_outbox_lists_what_is_not_delivered_with_reasons(
    qtbot, qtmodeltester, filled, dialogs
) -> None:
    panel = OutboxPanel(filled, dialogs)
    qtbot.addWidget(panel)
    panel.show()
    qtmodeltester.check(panel.model)
    assert [i.state for i in panel.model.items] == [OutboxState.QUEUED, OutboxState.REJECTED]
    model = panel.model
    assert model.data(model.index(0, 3)) == "Mất kết nối."
    assert model.data(model.index(1, 2)) == "Bị từ chối"
    assert model.data(model.index(1, 3)) == "Tờ khai chưa hoàn thành thủ tục."
    assert model.data(model.index(0, 4)) == "1"
    assert "1 phiếu chờ gửi, 1 phiếu cần xử lý" in panel.summary.text()


def test_a_rejected_sheet_can_be_corrected(qtbot, filled, dialogs) -> None:
    panel = OutboxPanel(filled, dialogs)
    qtbot.addWidget(panel)
    panel.table.selectRow(1)
    assert panel.correct_button.isEnabled()
    with qtbot.waitSignal(panel.correct_requested) as blocker:
        qtbot.mouseClick(panel.correct_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["104512345671"]
    panel.table.selectRow(0)
    assert not panel.correct_button.isEnabled()  # only rejected sheets are corrected


def test_removal_needs_a_confirmation(qtbot, filled, dialogs) -> None:
    panel = OutboxPanel(filled, dialogs)
    qtbot.addWidget(panel)
    panel.table.selectRow(0)
    dialogs.answers = ["no"]
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert len(panel.model.items) == 2
    assert dialogs.shown[-1].kind == "question" and "104512345670" in dialogs.shown[-1].text
    dialogs.answers = ["yes"]
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert [i.payload["declaration_number"] for i in panel.model.items] == ["104512345671"]
    assert filled.declarations.rating_state("104512345670") == "unrated"


def test_retry_now_asks_for_a_sync(qtbot, filled, dialogs) -> None:
    panel = OutboxPanel(filled, dialogs)
    qtbot.addWidget(panel)
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.retry_requested):
        qtbot.keyClick(panel.retry_button, Qt.Key.Key_Space)


# --- inbox ------------------------------------------------------------------------------------


@pytest.fixture
def answered(store: Store) -> Store:
    store.declarations.upsert([declaration()])
    store.sheets.save(low_sheet(), TAX_CODE)
    key = store.outbox.items()[0].idempotency_key
    store.responses.upsert(
        [
            Response(
                "RESP-1",
                key,
                "104512345670",
                "upheld",
                "Đã xác minh; công chức đã được nhắc nhở. <b>Cảm ơn</b>",
                datetime.now(UTC),
            )
        ],
        "0100109106",
    )
    return store


def test_a_response_is_read_beside_its_sheet_and_marked_read(qtbot, answered) -> None:
    inbox = InboxDialog(answered, TAX_CODE)
    qtbot.addWidget(inbox)
    inbox.show()
    assert "Phản ánh đúng" in inbox.result_label.text()
    assert inbox.answer_label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Cảm ơn</b>" in inbox.answer_label.text()
    assert (
        "104512345670" in inbox.sheet_label.text() and "Không hài lòng" in inbox.sheet_label.text()
    )
    assert answered.responses.unread_count() == 0


def test_not_resolved_needs_words_and_is_queued_as_a_follow_up(qtbot, answered) -> None:
    inbox = InboxDialog(answered, TAX_CODE)
    qtbot.addWidget(inbox)
    inbox.show()
    qtbot.mouseClick(inbox.not_resolved_button, Qt.MouseButton.LeftButton)
    assert inbox.error_label.text()
    assert answered.responses.all()[0].verdict is None
    inbox.follow_up.setFocus()
    type_text(qtbot, inbox.follow_up, "Hàng vẫn bị giữ quá hạn.")
    qtbot.mouseClick(inbox.not_resolved_button, Qt.MouseButton.LeftButton)
    assert answered.responses.all()[0].verdict == "not_resolved"
    feedback = [i for i in answered.outbox.items() if i.kind == "response_feedback"]
    assert feedback[0].payload["content"] == "Hàng vẫn bị giữ quá hạn."
    assert not inbox.accept_button.isEnabled()


# --- login ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[EmbeddedServer]:
    with start_embedded(tmp_path_factory.mktemp("intake"), pace=None) as running:
        yield running


def login_box(qtbot, server: EmbeddedServer, credentials: Credentials) -> LoginDialog:
    box = LoginDialog(credentials, server_url=server.url, tax_code=server.demo_tax_code)
    qtbot.addWidget(box)
    box.show()
    return box


def test_a_wrong_password_is_marked_and_what_was_typed_stays(qtbot, server, memory_keyring) -> None:
    box = login_box(qtbot, server, Credentials())
    type_text(qtbot, box.password_edit, "sai-mat-khau")
    qtbot.keyClick(box.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.password_error.isVisible(), timeout=10_000)
    assert "không đúng" in box.password_error.text()
    assert box.tax_code_edit.text() == server.demo_tax_code
    assert box.password_edit.text() == "sai-mat-khau"
    assert memory_keyring.secrets == {}


def test_a_good_login_keeps_the_password_in_keyring_only(
    qtbot, server, memory_keyring, profile
) -> None:
    box = login_box(qtbot, server, Credentials())
    assert not box.remember_box.isChecked()  # kept only when the declarant asks
    box.remember_box.setChecked(True)
    type_text(qtbot, box.password_edit, server.demo_password)
    with qtbot.waitSignal(box.accepted, timeout=10_000):
        qtbot.mouseClick(box.login_button, Qt.MouseButton.LeftButton)
    assert box.result_login is not None and box.result_login.tax_code == server.demo_tax_code
    assert list(memory_keyring.secrets.values()) == [server.demo_password]
    for path in profile.data_dir.parent.rglob("*"):
        if path.is_file():
            assert server.demo_password.encode() not in path.read_bytes()


def test_local_mistakes_are_caught_before_calling_the_server(qtbot, server) -> None:
    box = login_box(qtbot, server, Credentials())
    box.tax_code_edit.setText("0100109107")
    box.password_edit.setText("x")
    box.submit()
    assert "chữ số kiểm tra" in box.tax_code_error.text()
    box.tax_code_edit.setText(server.demo_tax_code)
    box.server_edit.setText("http://intake.customs.gov.vn")
    box.submit()
    assert "https://" in box.server_error.text()


def test_without_a_keyring_the_login_still_works_and_says_why(qtbot, server) -> None:
    keyring.set_keyring(BrokenKeyring())
    credentials = Credentials()
    credentials.get(server.url, server.demo_tax_code)  # discovers there is no keyring
    box = login_box(qtbot, server, credentials)
    assert not box.remember_box.isEnabled() and box.keyring_note.isVisible()
    assert "mỗi lần" in box.keyring_note.text()
    box.password_edit.setText(server.demo_password)
    with qtbot.waitSignal(box.accepted, timeout=10_000):
        box.submit()
    assert box.result_login is not None
