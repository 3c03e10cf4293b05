"""Empty and stuck states explain themselves (issue 14): the outbox row that never leaves, the
empty inbox and outbox, the outbox's columns after "Gửi lại ngay", the login dialog's error."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.domain.states import OutboxState
from app.store import Store
from app.sync.credentials import Credentials
from tests.ui.conftest import FakeDialogs
from tests.ui.screens import seed
from ui.inbox import InboxDialog
from ui.login_dialog import LoginDialog
from ui.outbox_panel import OutboxPanel


def open_outbox(qtbot, store: Store) -> OutboxPanel:
    panel = OutboxPanel(store, FakeDialogs(), "vi")
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def row_texts(panel: OutboxPanel, row: int) -> list[str]:
    return [panel.model.index(row, c).data() for c in range(panel.model.columnCount())]


def test_a_row_that_never_left_says_why_and_when_it_goes(qtbot, store: Store) -> None:
    seed(store)  # a support request queued and never tried, next try "now" (soon the past)
    panel = open_outbox(qtbot, store)
    never = next(
        row
        for row, item in enumerate(panel.model.items)
        if item.state == OutboxState.QUEUED and item.attempts == 0
    )
    kind, subject, state, reason, attempts, next_try = row_texts(panel, never)
    assert (kind, subject) == ("Yêu cầu hỗ trợ", "IDA")
    assert state == "Chờ gửi" and attempts == "0"
    assert reason.startswith("Chưa gửi lần nào") and "đăng nhập" in reason
    assert next_try == "Ở lần đồng bộ tới"
    assert "Đăng nhập máy chủ hải quan" in panel.hint.text() and panel.hint.isVisible()
    assert "Sửa và gửi lại" in panel.hint.text()  # a rejected sheet is there too
    waiting = next(
        row
        for row, item in enumerate(panel.model.items)
        if item.state == OutboxState.QUEUED and item.attempts == 1
    )
    assert row_texts(panel, waiting)[3].startswith("Chưa kết nối được máy chủ hải quan")
    assert row_texts(panel, waiting)[5][:2].isdigit()  # a planned time, in the future


def test_the_columns_keep_their_shape_after_gui_lai_ngay(qtbot, store: Store) -> None:
    seed(store)
    panel = open_outbox(qtbot, store)
    header = panel.table.horizontalHeader()
    before = [header.sectionSize(i) for i in range(header.count())]
    panel.table.selectRow(1)
    panel.retry_selected()
    QApplication.processEvents()
    after = [header.sectionSize(i) for i in range(header.count())]
    # Sized by their contents (the next try's words may change), none collapsed, none pushed
    # out of view, the reason still the widest.
    for column, (old, new) in enumerate(zip(before, after, strict=True)):
        assert new >= header.sectionSizeFromContents(column).width(), column
        assert abs(new - old) <= old // 4, (column, old, new)
    assert sum(after) <= panel.table.viewport().width() + 1
    assert max(after) == after[3]


def test_an_empty_outbox_says_everything_was_sent(qtbot, store: Store) -> None:
    panel = open_outbox(qtbot, store)
    assert "Hộp thư đi trống" in panel.summary.text()
    assert not panel.hint.isVisible()
    assert not panel.retry_button.isEnabled()


def test_an_empty_inbox_says_what_it_is_for_and_offers_no_reply_box(qtbot, store: Store) -> None:
    inbox = InboxDialog(store, "0100109106", "vi")
    qtbot.addWidget(inbox)
    inbox.show()
    assert inbox.empty_label.isVisible()
    assert "1–2 sao" in inbox.empty_label.text()
    for hidden in (inbox.list, inbox.follow_up, inbox.accept_button, inbox.not_resolved_button):
        assert not hidden.isVisible()
    assert inbox.close_button.isVisible()
    seed(store)
    inbox.refresh()
    assert not inbox.empty_label.isVisible() and inbox.follow_up.isVisible()
    assert inbox.list.isVisible() and inbox.list.count() == 2


def test_the_login_error_has_room_and_nothing_is_remembered_by_default(qtbot) -> None:
    dialog = LoginDialog(Credentials(), server_url="ftp://máy-chủ", language="vi")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.remember_box.isChecked()
    assert dialog.tax_code_edit.placeholderText().startswith("ví dụ")
    assert dialog.minimumWidth() > dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
    dialog.submit()
    QApplication.processEvents()
    error = dialog.server_error
    assert error.isVisible() and error.text()
    # Every line of the message at full height: not squeezed to less than the text needs.
    assert error.height() >= error.heightForWidth(error.width())
    assert error.height() >= error.fontMetrics().height()


def test_an_error_stays_when_the_office_list_arrives_after_it(qtbot, store: Store) -> None:
    from ui.support_request_dialog import SupportRequestDialog

    seed(store)  # declarations with their offices: the list loads in the background
    dialog = SupportRequestDialog(
        store, tax_code="0100109106", language="vi", connection=lambda: None
    )
    qtbot.addWidget(dialog)
    dialog.submit()  # before the list arrived: the office is missing
    error = dialog.errors["office_code"]
    assert error.text() and not error.isHidden()
    qtbot.waitUntil(lambda: dialog.office_combo.count() > 0)
    assert error.text() and not error.isHidden()  # not wiped by the list loading
    dialog.office_combo.lineEdit().setText("")
    qtbot.keyClicks(dialog.office_combo.lineEdit(), "03CC")  # the user's own change clears it
    assert error.isHidden()
