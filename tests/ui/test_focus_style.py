"""The keyboard focus can be seen: a ring on a focused push button, also the default one, that
an unfocused default button does not have; a solid frame on a focused view's current row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTreeView, QVBoxLayout

from ui.focus_style import FOCUS, install_focus_style


@pytest.fixture
def focus_style(qapp: QApplication) -> Iterator[None]:
    saved = qapp.style().name()
    install_focus_style(qapp)
    yield
    qapp.setStyle(saved)


def _count(image: QImage, colour: QColor, tolerance: int = 40) -> int:
    found = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red())
                + abs(pixel.green() - colour.green())
                + abs(pixel.blue() - colour.blue())
                <= tolerance
            ):
                found += 1
    return found


def _dialog(qtbot, *texts: str) -> tuple[QDialog, list[QPushButton]]:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    buttons = [QPushButton(text, dialog) for text in texts]
    for button in buttons:
        layout.addWidget(button)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    return dialog, buttons


def test_a_focused_default_button_is_ringed_and_an_unfocused_default_one_is_not(
    qtbot, focus_style
) -> None:
    # The rating dialog's two pages: "Ghi" the default, the focus in a field; "Gửi" focused.
    _, (other, record) = _dialog(qtbot, "Sửa", "Ghi")
    record.setDefault(True)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    unfocused = record.grab().toImage()
    record.setFocus()
    qtbot.waitUntil(record.hasFocus)
    focused = record.grab().toImage()
    ring = 2 * (focused.width() + focused.height())  # about one pixel line round the button
    assert _count(focused, FOCUS) >= ring
    assert _count(unfocused, FOCUS) < ring / 4
    plain = other.grab().toImage()
    assert _count(plain, FOCUS) < ring / 4


def test_a_focused_views_current_row_has_a_frame_on_its_blue_selection(qtbot, focus_style) -> None:
    model = QStandardItemModel()
    for text in ("Tất cả tờ khai", "Chưa đánh giá", "Chờ gửi"):
        model.appendRow(QStandardItem(text))
    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setModel(model)
    tree.setHeaderHidden(True)
    tree.show()
    tree.activateWindow()
    qtbot.waitExposed(tree)
    tree.setCurrentIndex(model.index(1, 0))
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    row = tree.visualRect(model.index(1, 0))
    image = tree.viewport().grab(row).toImage()
    # The dark frame on the blue row (the selected row's text is white: nothing else is dark).
    assert _count(image, QColor("#111111"), tolerance=30) >= row.width()
