"""A status bar whose texts end with "…" where they do not fit, the full text in a tooltip.

At 125–150 % on a 1366×768 screen the permanent fields (counts, connection, sheets waiting, last
sync, answers) and a temporary message ("Đã lưu phiếu tờ khai …") do not all fit: a plain
``QLabel`` was cut off mid-glyph by its neighbour or the window's edge, and ``QStatusBar`` draws
its temporary message clipped, without an ellipsis. Here each field is an ``ElidingLabel``, which
may be narrowed down to a few characters and then shows "…" and keeps the full text as its
tooltip, and the bar draws its temporary message elided the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QStatusBar,
    QStyle,
    QStyleOption,
    QToolTip,
    QWidget,
)

_ELLIPSIS = "…"


class ElidingLabel(QLabel):
    """One line of plain text, narrowed to "…" where it must be; ``text()`` is the full text.

    *min_chars*: how many characters it keeps at the least (its minimum width). A tooltip set
    with ``setToolTip`` is always shown; without one, the full text is the tooltip while elided.
    """

    def __init__(self, parent: QWidget | None = None, *, min_chars: int = 8):
        super().__init__(parent)
        self._full = ""
        self._tip = ""
        self._min_chars = min_chars
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    # -- the text ---------------------------------------------------------------------------

    def setText(self, text: str) -> None:
        self._full = text
        self.updateGeometry()
        self._elide()

    def text(self) -> str:
        """The full text, whatever part of it fits."""
        return self._full

    def shown_text(self) -> str:
        """What is drawn: the text, or its start and "…"."""
        return super().text()

    def is_elided(self) -> bool:
        return self.shown_text() != self._full

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        self._update_tip()

    # -- the size ---------------------------------------------------------------------------

    def _extra_width(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right() + 2 * self.margin() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance(self._full) + self._extra_width() + 1
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        start = self._full[: self._min_chars]
        shown = start if start == self._full else start + _ELLIPSIS
        width = self.fontMetrics().horizontalAdvance(shown) + self._extra_width() + 1
        return QSize(min(width, self.sizeHint().width()), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin()
        fits = self.fontMetrics().horizontalAdvance(self._full) <= room
        shown = (
            self._full
            if fits
            else self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        )
        if shown != super().text():
            super().setText(shown)
        self._update_tip()

    def _update_tip(self) -> None:
        super().setToolTip(self._tip or (self._full if self.is_elided() else ""))


class ElidingStatusBar(QStatusBar):
    """A ``QStatusBar`` that draws its temporary message elided, the full message its tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._permanent: list[QWidget] = []

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch or 0)

    def insertPermanentWidget(self, index: int, widget: QWidget, stretch: int | None = 0) -> int:
        self._permanent.append(widget)
        return super().insertPermanentWidget(index, widget, stretch or 0)

    def removeWidget(self, widget: QWidget) -> None:
        if widget in self._permanent:
            self._permanent.remove(widget)
        super().removeWidget(widget)

    def message_rect(self) -> QRect:
        """Where the temporary message goes: left of the permanent fields (as Qt computes it)."""
        left, right = 6, self.width() - 12
        for widget in self._permanent:
            if widget.isVisible():
                if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
                    left = max(left, widget.x() + widget.width() + 2)
                else:
                    right = min(right, widget.x() - 2)
        return QRect(left, 0, max(0, right - left), self.height())

    def shown_message(self) -> str:
        """The temporary message as drawn: whole, or its start and "…"."""
        message = self.currentMessage()
        room = self.message_rect().width()
        if self.fontMetrics().horizontalAdvance(message) <= room:
            return message
        return self.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        message = self.currentMessage()
        if not message:
            super().paintEvent(event)
            return
        # QStatusBar::paintEvent, with the message elided instead of cut off.
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for widget in self._permanent:
            if widget.isVisible():
                frame = QStyleOption()
                frame.rect = widget.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                frame.state = QStyle.StateFlag.State_None
                self.style().drawPrimitive(
                    QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, widget
                )
        painter.setPen(self.palette().windowText().color())
        painter.drawText(
            self.message_rect(),
            int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
            | int(Qt.TextFlag.TextSingleLine),
            self.shown_message(),
        )
        painter.end()

    def event(self, event: QEvent) -> bool:
        # The whole temporary message, where it was elided, on hovering it.
        if event.type() == QEvent.Type.ToolTip and self.currentMessage():
            pos = event.pos()  # type: ignore[attr-defined]
            if self.message_rect().contains(pos) and self.shown_message() != self.currentMessage():
                QToolTip.showText(event.globalPos(), self.currentMessage(), self)  # type: ignore[attr-defined]
                return True
        return super().event(event)
