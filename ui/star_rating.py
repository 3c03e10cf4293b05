"""Five stars to give a score, by mouse or keyboard, with the level's words beside them.

Painted as vector paths (no bitmaps) so the stars stay sharp at 125% and 150% Windows scaling, and
sized from the font so they grow with it. One widget is one tab stop: arrows, Home/End and the
digits 1–5 change the score, Delete or 0 clears it (a target may be left unrated).

A slider underneath (``QAbstractSlider``, 0–5): screen readers get Qt's own slider interface, a
slider role with its value and range, and one value-changed event per change (UI Automation's
RangeValue on Windows, AT-SPI's Value on Linux); the accessible name says whose row it is
("Công chức: Nguyễn Văn An") and the description the level in words ("2 / 5 sao – Không hài
lòng"). The mouse wheel is left to the scroll area around the sheet: scrolling never changes a
score.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractSlider, QSizePolicy, QWidget

from app.domain.model import Score
from ui import common, texts

STARS = 5
_FILLED = QColor("#f4b400")
_FILLED_EDGE = QColor("#a86b00")
_PREVIEW = QColor("#ffd966")
_EMPTY = QColor("#eceff1")
_EMPTY_EDGE = QColor("#78909c")
_LOW_TEXT = QColor(common.ERROR)


def star_path(rect: QRectF) -> QPainterPath:
    """A five-pointed star filling *rect* (a square), point up."""
    centre = rect.center()
    outer = rect.width() / 2
    inner = outer * 0.45
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(
            QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
        )
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


class StarRating(QAbstractSlider):
    """A 0–5 score (0 = not rated yet); ``valueChanged(int)`` is the slider's."""

    def __init__(self, parent: QWidget | None = None, *, language: str = "vi"):
        super().__init__(parent)
        self._language = language
        self._hover = 0
        self._read_only = False
        self.setRange(0, STARS)
        self.setSingleStep(1)
        self.setPageStep(1)
        self.setOrientation(Qt.Orientation.Horizontal)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Mức độ hài lòng"))
        self._update_accessible_text()

    # -- value -----------------------------------------------------------------------------

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        super().sliderChange(change)  # the slider's value-changed event for screen readers
        if change == QAbstractSlider.SliderChange.SliderValueChange:
            self._update_accessible_text()

    def clear(self) -> None:
        self.setValue(0)

    def setReadOnly(self, read_only: bool) -> None:
        """For the confirm page: shows a score and takes no input, but stays a Tab stop so the
        confirmation can be read by Tab."""
        self._read_only = read_only
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus if read_only else Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(not read_only)
        self._hover = 0
        self.update()

    def isReadOnly(self) -> bool:
        return self._read_only

    def value_text(self, value: int | None = None) -> str:
        """What the stars mean in words: "4 sao – Hài lòng", or "Chưa chọn"."""
        value = self.value() if value is None else value
        if not value:
            return self.tr("Chưa chọn")
        return self.tr("{count} / {total} sao – {label}").format(
            count=value, total=STARS, label=texts.score_label(value, self._language)
        )

    def _update_accessible_text(self) -> None:
        # Setting it sends the one description-changed event; the value event is the slider's.
        self.setAccessibleDescription(self.value_text())

    # -- geometry --------------------------------------------------------------------------

    def _star_size(self) -> int:
        return max(16, round(self.fontMetrics().height() * 1.45))

    def _gap(self) -> int:
        return max(2, self._star_size() // 6)

    def _margin(self) -> int:
        return 4

    def _stars_width(self) -> int:
        return STARS * self._star_size() + (STARS - 1) * self._gap()

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        words = [self.value_text(v) for v in range(STARS + 1)]
        return max(metrics.horizontalAdvance(w) for w in words) + 4

    def sizeHint(self) -> QSize:
        m = self._margin()
        width = 2 * m + self._stars_width() + 2 * self._gap() + self._label_width()
        return QSize(width, 2 * m + self._star_size())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _star_rect(self, index: int) -> QRectF:
        """The square of star *index* (1-based)."""
        size = self._star_size()
        x = self._margin() + (index - 1) * (size + self._gap())
        y = (self.height() - size) / 2
        return QRectF(x, y, size, size)

    def star_at(self, x: float) -> int:
        """Which star (1–5) is under horizontal position *x*; 0 if none."""
        size, gap, m = self._star_size(), self._gap(), self._margin()
        if x < m or x > m + self._stars_width():
            return 0
        return min(STARS, int((x - m) // (size + gap)) + 1)

    def star_centre(self, index: int) -> QPointF:
        return self._star_rect(index).center()

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shown = self._hover or self.value()
        preview = bool(self._hover) and self._hover != self.value()
        edge_width = max(1.0, self._star_size() / 18)
        for index in range(1, STARS + 1):
            path = star_path(self._star_rect(index).adjusted(1, 1, -1, -1))
            if index <= shown:
                fill = _PREVIEW if preview else _FILLED
                edge = _FILLED_EDGE
            else:
                fill, edge = _EMPTY, _EMPTY_EDGE
            if not self.isEnabled():
                fill = fill.lighter(120)
            painter.setPen(QPen(edge, edge_width))
            painter.setBrush(fill)
            painter.drawPath(path)
        text_x = self._margin() + self._stars_width() + 2 * self._gap()
        text_rect = QRectF(text_x, 0, self.width() - text_x, self.height())
        colour = _LOW_TEXT if shown and Score(shown).is_low else self.palette().windowText().color()
        painter.setPen(colour)
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            self.value_text(shown),
        )
        if self.hasFocus():
            # Our own focus ring: some styles draw a faint dotted line or none at all.
            ring = QRectF(1, 1, self._margin() + self._stars_width() + 2, self.height() - 2)
            pen = QPen(self.palette().highlight().color(), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(ring, 3, 3)
        painter.end()

    # -- input -----------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._read_only:
            return
        hover = self.star_at(event.position().x())
        if hover != self._hover:
            self._hover = hover
            self.update()

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover:
            self._hover = 0
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._read_only or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        star = self.star_at(event.position().x())
        if star:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.setValue(star)
            event.accept()
        else:
            super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._read_only:
            event.ignore()
            return
        key = event.key()
        new: int | None = None
        value = self.value()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            new = min(STARS, value + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            new = max(1, value - 1) if value else 0
        elif key == Qt.Key.Key_Home:
            new = 1
        elif key == Qt.Key.Key_End:
            new = STARS
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0):
            new = 0
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            new = key - Qt.Key.Key_0
        if new is None:
            # Not the slider's own keys (Page Up/Down...): only ours change a score.
            event.ignore()
            return
        self._hover = 0
        self.setValue(new)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # to the scroll area: a wheel over the stars scrolls the sheet

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)
