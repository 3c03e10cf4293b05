"""The main window: menus, filters, the rating prompt raised by a sync, the status bar."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.model import DeclarationStatus
from app.domain.states import RatingState
from app.settings import Settings
from app.store import Store
from tests.factories import declaration
from tests.ui.conftest import FakeDialogs, type_text, wait_idle
from ui.declaration_model import NumberRole
from ui.group_tree import COMPLETED
from ui.main_window import MainWindow
from ui.rating_dialog import RatingDialog

# The offscreen platform has no window stacking; raising the prompt or the window is a no-op.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def numbers(n: int, start: int = 0, prefix: str = "1045") -> list[str]:
    return [f"{prefix}{i:08d}" for i in range(start, start + n)]


def clear_at_once(store: Store, chosen: list[str]) -> list[str]:
    """What a sync does: declarations in clearance, then all of them cleared in one batch."""
    store.declarations.upsert([declaration(n, status=DeclarationStatus.INSPECTION) for n in chosen])
    return store.declarations.upsert([declaration(n) for n in chosen])


def open_prompts() -> list[RatingDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, RatingDialog) and w.isVisible()
    ]


def shown_numbers(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(r, 0).data(NumberRole) for r in range(model.rowCount())]


def select_number(window: MainWindow, number: str) -> None:
    row = shown_numbers(window).index(number)
    window.table.setCurrentIndex(window.model.index(row, 0))


def test_menus_are_laid_out_like_the_declarants_customs_software(make_window) -> None:
    window = make_window()
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["Hệ thống", "Tờ khai xuất nhập khẩu", "Nghiệp vụ khác", "Trợ giúp"]
    other = [a.text() for a in window.other_menu.actions()]
    assert other[0] == "1. Đánh giá mức độ hài lòng"
    assert any("Phản ánh vướng mắc" in text for text in other)
    assert window.windowTitle().startswith("Đánh giá mức độ hài lòng")
    assert not window.windowIcon().isNull()


def test_twelve_cleared_at_once_give_one_prompt_with_a_queue(
    qtbot,
    make_window,
    store: Store,
) -> None:
    window = make_window()
    newly = clear_at_once(store, numbers(12))
    assert len(newly) == 12
    window.declarations_completed(newly)
    (prompt,) = open_prompts()
    assert prompt.position_label.text() == "Tờ khai 1 / 12"
    assert prompt.isModal() or prompt.windowModality() != Qt.WindowModality.NonModal

    window.declarations_completed(clear_at_once(store, numbers(3, start=100)))
    assert open_prompts() == [prompt]  # new completions join the open prompt
    assert prompt.position_label.text() == "Tờ khai 1 / 15"

    window.declarations_completed(newly)  # the same ones again: never prompted twice
    assert prompt.position_label.text() == "Tờ khai 1 / 15"
    wait_idle(qtbot, window)


def test_f9_in_the_open_prompt_syncs(qtbot, make_window, store: Store) -> None:
    window = make_window()
    window.show()
    window.declarations_completed(clear_at_once(store, numbers(2)))
    (prompt,) = open_prompts()
    qtbot.waitExposed(prompt)
    prompt.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is prompt)
    with qtbot.waitSignal(window.sync_requested, timeout=5_000):
        qtbot.keyClick(QApplication.focusWidget() or prompt, Qt.Key.Key_F9)
    assert open_prompts() == [prompt]  # the prompt stays where it was
    wait_idle(qtbot, window)


def test_the_prompt_is_raised_once_per_declaration_across_restarts(
    qtbot,
    make_window,
    store: Store,
    dialogs: FakeDialogs,
) -> None:
    window = make_window()
    newly = clear_at_once(store, numbers(1))
    window.declarations_completed(newly)
    (prompt,) = open_prompts()
    prompt.skip_button.click()
    assert open_prompts() == []
    window.close()

    again = make_window()
    again.declarations_completed(newly)
    assert open_prompts() == []
    assert again.notice.isVisible()  # still listed as unrated, without nagging


def test_skip_then_view_opens_the_unrated_list(
    qtbot,
    make_window,
    store: Store,
    dialogs: FakeDialogs,
) -> None:
    store.declarations.upsert([declaration("304500000001", status=DeclarationStatus.INSPECTION)])
    window = make_window()
    newly = clear_at_once(store, numbers(2))
    window.declarations_completed(newly)
    (prompt,) = open_prompts()
    dialogs.answers.append("view")
    qtbot.mouseClick(prompt.skip_button, Qt.MouseButton.LeftButton)

    warning = dialogs.shown[-1]
    assert warning.kind == "warning" and newly[0] in warning.text
    # The list opens behind the prompt, which goes on with the rest of its queue.
    assert open_prompts() == [prompt]
    assert prompt.declaration.number == newly[1]
    wait_idle(qtbot, window)
    assert window.rating_filter.currentData() == RatingState.UNRATED
    assert sorted(shown_numbers(window)) == newly
    assert window.tree.currentIndex().data().startswith("Chưa đánh giá")
    dialogs.answers.append("view")
    qtbot.mouseClick(prompt.skip_button, Qt.MouseButton.LeftButton)  # the last one: it closes
    assert open_prompts() == []
    assert prompt.result() == QDialog.DialogCode.Rejected


def test_at_start_a_quiet_notice_counts_the_unrated(
    qtbot,
    make_window,
    store: Store,
    dialogs: FakeDialogs,
) -> None:
    store.declarations.upsert([declaration(n) for n in numbers(3)])
    store.declarations.upsert([declaration("304500000001", status=DeclarationStatus.INSPECTION)])
    window = make_window()
    assert window.notice.isVisible()
    assert "Có 3 tờ khai" in window.notice.label.text()
    assert dialogs.shown == []  # no modal box at start
    assert open_prompts() == []
    assert "4 tờ khai, 3 chưa đánh giá" in window.summary.text()
    qtbot.mouseClick(window.notice.view_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert len(shown_numbers(window)) == 3
    qtbot.mouseClick(window.notice.hide_button, Qt.MouseButton.LeftButton)
    assert not window.notice.isVisible()


def test_rating_from_the_menu_then_the_grid_and_status_bar_follow(
    qtbot,
    make_window,
    store: Store,
) -> None:
    store.declarations.upsert([declaration(n) for n in numbers(2)])
    window = make_window()
    select_number(window, numbers(2)[1])
    window.rate_action.trigger()
    (prompt,) = open_prompts()
    assert prompt.declaration.number == numbers(2)[1]
    prompt.form.rows[0].stars.setValue(5)
    prompt.record_button.click()
    with qtbot.waitSignal(window.sheet_saved):
        prompt.send_button.click()
    wait_idle(qtbot, window)
    assert window.indicators.outbox_label.text() == "Chờ gửi: 1 phiếu"
    assert "2 tờ khai, 1 chưa đánh giá" in window.summary.text()
    row = shown_numbers(window).index(numbers(2)[1])
    assert window.model.index(row, 6).data() == "Chờ gửi"
    assert window.table.currentIndex().row() == row  # the selection stayed on it


def test_the_rating_menu_without_a_ratable_row_shows_the_unrated_list(
    qtbot,
    make_window,
    store: Store,
) -> None:
    store.declarations.upsert([declaration("304500000001", status=DeclarationStatus.INSPECTION)])
    window = make_window()
    select_number(window, "304500000001")
    window.rate_action.trigger()
    wait_idle(qtbot, window)
    assert open_prompts() == []
    assert window.rating_filter.currentData() == RatingState.UNRATED


def test_during_clearance_the_row_opens_a_problem_report(
    qtbot,
    make_window,
    store: Store,
) -> None:
    store.declarations.upsert([declaration("304500000001", status=DeclarationStatus.INSPECTION)])
    window = make_window()
    select_number(window, "304500000001")
    assert window.feedback_action.isEnabled()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)  # Enter on the row
    (prompt,) = open_prompts()
    assert prompt.windowTitle() == "Phản ánh vướng mắc"
    prompt.close_button.click()
    assert open_prompts() == []


def test_status_bar_setters_for_the_sync_engine(make_window) -> None:
    window = make_window()
    assert "Chưa kết nối" in window.indicators.connection_label.text()
    window.set_connection_state("offline", "Máy chủ không phản hồi")
    assert window.indicators.connection_label.text() == "● Mất kết nối – Máy chủ không phản hồi"
    window.set_connection_state("online")
    assert window.indicators.connection_label.text() == "● Đã kết nối"
    window.set_connection_state("degraded", "HTTP 503")
    assert window.indicators.connection_label.text() == "● Máy chủ tạm chưa nhận – HTTP 503"
    window.set_outbox_waiting(1234)
    assert window.indicators.outbox_label.text() == "Chờ gửi: 1.234 phiếu"
    window.set_last_sync(datetime(2026, 11, 23, 14, 5))
    assert window.indicators.last_sync_label.text() == "Đồng bộ lần cuối: 23/11/2026 14:05"
    window.set_last_sync(None)
    assert window.indicators.last_sync_label.text() == "Chưa đồng bộ"


def test_search_by_number_prefix(qtbot, make_window, store: Store) -> None:
    store.declarations.upsert([declaration(n) for n in numbers(5)])
    store.declarations.upsert([declaration(n) for n in numbers(2, prefix="3045")])
    window = make_window()
    type_text(qtbot, window.search_edit, "3045 0000")
    qtbot.waitUntil(lambda: len(shown_numbers(window)) == 2 and window.is_idle, timeout=10_000)
    window.search_edit.clear()
    type_text(qtbot, window.search_edit, "số")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0 and window.is_idle, timeout=10_000)
    assert window.search_hint.isVisible()


def test_sort_by_clicking_a_column_header(qtbot, make_window, store: Store) -> None:
    store.declarations.upsert([declaration(n) for n in numbers(3)])
    window = make_window()
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    wait_idle(qtbot, window)
    first = window.model.query
    assert first.sort == 0
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    wait_idle(qtbot, window)
    assert window.model.query.descending != first.descending
    shown = shown_numbers(window)
    assert shown == sorted(shown, reverse=window.model.query.descending)


def test_picking_a_group_in_the_tree_sets_the_filter(qtbot, make_window, store: Store) -> None:
    store.declarations.upsert([declaration(n) for n in numbers(2)])
    store.declarations.upsert([declaration("304500000001", status=DeclarationStatus.INSPECTION)])
    window = make_window()
    window.tree.setCurrentIndex(window.tree.group_model.index_for(COMPLETED, "all"))
    wait_idle(qtbot, window)
    assert window.status_filter.currentData() == COMPLETED
    assert sorted(shown_numbers(window)) == numbers(2)


def test_the_language_menu_saves_the_setting(make_window, profile) -> None:
    window = make_window(settings_path=profile.settings_file)
    window.language_actions["en"].trigger()
    assert Settings.load(profile.settings_file).language == "en"
