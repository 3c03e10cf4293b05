"""Focus in the rating dialog is always visible and on screen (issue 14).

The dialog is made small, as on a 1366 × 768 screen at 150 %, so the sheet scrolls.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from app.settings import Settings
from app.store import Store
from tests.factories import declaration
from tests.ui.conftest import FakeDialogs, type_text
from tests.ui.screens import MANY_TARGETS, NUMBER
from ui.rating_dialog import QueueItem, RatingDialog


@pytest.fixture
def dialog(qtbot, store: Store, settings: Settings, dialogs: FakeDialogs) -> RatingDialog:
    store.declarations.upsert([declaration(NUMBER, targets=MANY_TARGETS)])
    built = RatingDialog(store, settings, dialogs, [QueueItem(NUMBER)])
    qtbot.addWidget(built)
    built.resize(620, 360)
    built.show()
    qtbot.waitExposed(built)
    built.activateWindow()
    qtbot.waitUntil(built.isActiveWindow)
    return built


def in_view(scroll: QScrollArea, widget: QWidget) -> bool:
    """The whole of *widget* is inside the scroll area's viewport."""
    viewport = scroll.viewport()
    rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(rect)


def settle(qtbot) -> None:
    qtbot.wait(20)
    QApplication.processEvents()


def test_the_first_error_after_ghi_is_focused_and_in_view_with_its_message(qtbot, dialog) -> None:
    form = dialog.form
    form.rows[0].stars.setFocus()
    settle(qtbot)
    assert dialog.edit_scroll.verticalScrollBar().value() == 0
    form.rows[-1].stars.setValue(1)  # the last row: low, so content, name and phone are needed
    form.rows[0].stars.setFocus()
    settle(qtbot)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert QApplication.focusWidget() is form.content_edit
    assert dialog.edit_scroll.verticalScrollBar().value() > 0, "the sheet should have scrolled"
    assert in_view(dialog.edit_scroll, form.content_edit)
    assert in_view(dialog.edit_scroll, form.content_error)
    assert form.content_error.isVisible() and form.content_error.text()


def test_a_field_reached_by_tab_or_mnemonic_scrolls_into_view(qtbot, dialog) -> None:
    form = dialog.form
    form.phone_edit.setFocus()
    settle(qtbot)
    assert in_view(dialog.edit_scroll, form.phone_edit)
    form.rows[0].stars.setFocus()
    settle(qtbot)
    assert in_view(dialog.edit_scroll, form.rows[0].stars)


def test_sua_comes_back_to_the_field_left_and_shows_it(qtbot, dialog) -> None:
    form = dialog.form
    for row in form.rows:
        row.stars.setValue(4)
    form.name_edit.setFocus()
    type_text(qtbot, form.name_edit, "Nguyễn Văn Bình")
    settle(qtbot)
    dialog.edit_scroll.verticalScrollBar().setValue(0)  # as if the user scrolled back up
    QTest.keyClick(form.name_edit, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.on_confirm_page)  # a mnemonic clicks after 100 ms
    QTest.keyClick(dialog.send_button, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.on_confirm_page)
    settle(qtbot)
    assert QApplication.focusWidget() is form.name_edit
    assert in_view(dialog.edit_scroll, form.name_edit)


def border_colour(widget: QWidget) -> QColor:
    image = widget.grab().toImage()
    return image.pixelColor(1, image.height() // 2)


def test_an_invalid_field_still_shows_when_it_has_the_focus(qtbot, dialog) -> None:
    form = dialog.form
    form.rows[0].stars.setValue(1)
    dialog.record()
    settle(qtbot)
    assert form.phone_edit.property("invalid") and form.name_edit.property("invalid")
    form.phone_edit.setFocus()
    settle(qtbot)
    unfocused, focused = border_colour(form.name_edit), border_colour(form.phone_edit)
    assert unfocused.red() > 150 and unfocused.blue() < 80, unfocused.name()  # red: an error
    assert focused.blue() > 150 and focused.red() < 80, focused.name()  # the focus colour


def test_the_default_button_is_ghi_then_gui_and_sua_never_looks_like_gui(qtbot, dialog) -> None:
    form = dialog.form
    assert dialog.record_button.isDefault() and dialog.record_button.font().bold()
    for row in form.rows:
        row.stars.setValue(5)
    assert dialog.record()
    settle(qtbot)
    assert dialog.send_button.isDefault()
    assert QApplication.focusWidget() is dialog.send_button
    dialog.edit_button.setFocus()
    settle(qtbot)
    assert dialog.send_button.font().bold() and not dialog.edit_button.font().bold()
    # Enter on the focused "Sửa" goes back, it does not send.
    qtbot.keyClick(dialog.edit_button, Qt.Key.Key_Return)
    assert not dialog.on_confirm_page


def test_the_confirm_page_is_read_by_tab_from_top_to_bottom(qtbot, dialog) -> None:
    form = dialog.form
    for row in form.rows:
        row.stars.setValue(2)
    form.content_edit.setPlainText("Hồ sơ bị yêu cầu bổ sung nhiều lần.")
    form.name_edit.setText("Nguyễn Văn Bình")
    form.phone_edit.setText("0912 345 678")
    assert dialog.record()
    settle(qtbot)
    view = dialog.confirm_view
    visited = []
    for _ in range(len(view.focus_chain()) + 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        settle(qtbot)
        focused = QApplication.focusWidget()
        visited.append(focused)
        if view.isAncestorOf(focused):
            assert in_view(dialog.confirm_scroll, focused), focused.accessibleName()
            assert focused.accessibleName()
    chain = view.focus_chain()
    assert visited[: len(chain)] == chain  # from the top, every line, in order
    assert visited[len(chain)] is dialog.edit_button
    names = [w.accessibleName() for w in chain]
    assert any("104512345670" in n for n in names)  # the declaration number is read
    assert any(n.endswith("+84912345678") or "0912" in n for n in names)  # the phone
    assert all(s in chain for s in view.score_views)
