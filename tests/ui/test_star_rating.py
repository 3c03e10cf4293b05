"""The star widget: mouse, keyboard, words, accessibility, painting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QAccessible, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from ui.star_rating import StarRating, star_path


@pytest.fixture
def stars(qtbot) -> StarRating:
    widget = StarRating()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def centre(widget: StarRating, index: int) -> QPoint:
    return widget.star_centre(index).toPoint()


def test_click_sets_the_score_and_says_it_in_words(qtbot, stars: StarRating) -> None:
    with qtbot.waitSignal(stars.valueChanged) as signal:
        qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=centre(stars, 4))
    assert signal.args == [4]
    assert stars.value() == 4
    assert stars.value_text() == "4 / 5 sao – Hài lòng"
    assert stars.accessibleDescription() == "4 / 5 sao – Hài lòng"
    assert stars.hasFocus()


def test_hover_previews_without_changing_the_score(qtbot, stars: StarRating) -> None:
    stars.setValue(2)
    qtbot.mouseMove(stars, centre(stars, 5))
    qtbot.waitUntil(lambda: stars._hover == 5)
    assert stars.value() == 2
    image_preview = stars.grab().toImage()
    qtbot.mouseMove(stars, QPoint(stars.width() - 1, 1))  # over the words, not a star
    qtbot.waitUntil(lambda: stars._hover == 0)
    assert stars.grab().toImage() != image_preview


@pytest.mark.parametrize(
    ("start", "key", "expected"),
    [
        (0, Qt.Key.Key_Right, 1),
        (3, Qt.Key.Key_Right, 4),
        (5, Qt.Key.Key_Right, 5),
        (3, Qt.Key.Key_Up, 4),
        (3, Qt.Key.Key_Left, 2),
        (1, Qt.Key.Key_Left, 1),
        (3, Qt.Key.Key_Down, 2),
        (3, Qt.Key.Key_Home, 1),
        (1, Qt.Key.Key_End, 5),
        (0, Qt.Key.Key_3, 3),
        (4, Qt.Key.Key_1, 1),
        (4, Qt.Key.Key_Delete, 0),
        (4, Qt.Key.Key_0, 0),
    ],
)
def test_keyboard(qtbot, stars: StarRating, start: int, key: Qt.Key, expected: int) -> None:
    stars.setValue(start)
    qtbot.keyClick(stars, key)
    assert stars.value() == expected


def test_every_level_has_its_words(qapp) -> None:
    stars = StarRating()
    words = [stars.value_text(v) for v in range(6)]
    assert words == [
        "Chưa chọn",
        "1 / 5 sao – Rất không hài lòng",
        "2 / 5 sao – Không hài lòng",
        "3 / 5 sao – Bình thường",
        "4 / 5 sao – Hài lòng",
        "5 / 5 sao – Rất hài lòng",
    ]
    assert StarRating(language="en").value_text(5).endswith("Very satisfied")


def test_read_only_takes_no_input_but_is_read_by_tab(qtbot, stars: StarRating) -> None:
    stars.setValue(3)
    stars.setReadOnly(True)
    qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=centre(stars, 5))
    for key in (Qt.Key.Key_5, Qt.Key.Key_Right, Qt.Key.Key_PageUp, Qt.Key.Key_End):
        qtbot.keyClick(stars, key)
    assert stars.value() == 3
    assert stars.focusPolicy() == Qt.FocusPolicy.TabFocus


def test_a_screen_reader_sees_a_slider_with_its_value_and_words(qtbot, stars: StarRating) -> None:
    stars.setAccessibleName("Công chức: Nguyễn Văn An")
    stars.setValue(2)
    iface = QAccessible.queryAccessibleInterface(stars)
    assert iface.role() == QAccessible.Role.Slider
    value = iface.valueInterface()
    assert (value.minimumValue(), value.maximumValue(), value.currentValue()) == (0, 5, 2)
    assert iface.text(QAccessible.Text.Name) == "Công chức: Nguyễn Văn An"
    assert iface.text(QAccessible.Text.Description) == "2 / 5 sao – Không hài lòng"
    value.setCurrentValue(4)  # a screen reader may set it too
    assert stars.value() == 4


def test_the_wheel_scrolls_the_sheet_instead_of_changing_the_score(qtbot, stars) -> None:
    stars.setValue(3)
    event = QWheelEvent(
        QPointF(5, 5),
        QPointF(5, 5),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(stars, event)
    assert stars.value() == 3
    assert not event.isAccepted()


def test_focus_is_visible(qtbot, stars: StarRating) -> None:
    stars.clearFocus()
    qtbot.waitUntil(lambda: not stars.hasFocus())
    without = stars.grab().toImage()
    stars.setFocus()
    qtbot.waitUntil(stars.hasFocus)
    assert stars.grab().toImage() != without


def test_has_an_accessible_name_and_a_size_from_the_font(qapp) -> None:
    stars = StarRating()
    assert stars.accessibleName()
    hint = stars.sizeHint()
    assert hint.height() >= stars.fontMetrics().height()
    assert hint.width() > 5 * hint.height()


def test_stars_are_vector_paths_sharp_at_150_percent(qtbot) -> None:
    """Painted at device pixel ratio 1.5 the star edge is antialiased, not a scaled bitmap."""
    widget = StarRating()
    widget.setValue(5)
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    image = QImage(
        round(widget.width() * 1.5), round(widget.height() * 1.5), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(1.5)
    image.fill(Qt.GlobalColor.white)
    widget.render(image)
    colours = {image.pixel(x, image.height() // 2) for x in range(image.width() // 2)}
    assert len(colours) > 6  # fill, edge and antialiased steps between them
    assert star_path(QRectF(0, 0, 20, 20)).elementCount() >= 10
