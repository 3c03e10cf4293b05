"""A status bar whose texts end with "…" where they do not fit, the full text in a tooltip.

At 125–150 % on a 1366×768 screen the permanent fields (counts, connection, sheets waiting, last
sync, answers) and a temporary message ("Đã lưu phiếu tờ khai …") do not all fit: a plain
``QLabel`` was cut off mid-glyph by its neighbour or the window's edge, and ``QStatusBar`` draws
its temporary message clipped, without an ellipsis. Here each field is an ``ElidingLabel``, which
may be narrowed down to a few characters and then shows "…" and keeps the full text as its
tooltip, and the bar draws its temporary message elided the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QStatusBar,
    QStyle,
    QStyleOption,
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
        self._compact = False
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

    def full_width(self) -> int:
        """The width the whole text needs."""
        return self.fontMetrics().horizontalAdvance(self._full) + self._extra_width() + 1

    def set_compact(self, compact: bool) -> None:
        """Ask for no more than the minimum (the bar is short while a message shows)."""
        if compact != self._compact:
            self._compact = compact
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        if self._compact:
            return self.minimumSizeHint()
        return QSize(self.full_width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        start = self._full[: self._min_chars]
        shown = start if start == self._full else start + _ELLIPSIS
        width = self.fontMetrics().horizontalAdvance(shown) + self._extra_width() + 1
        return QSize(min(width, self.full_width()), hint.height())

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
    """A ``QStatusBar`` whose temporary message is an ``ElidingLabel`` left of the fields.

    ``QStatusBar`` draws its message in whatever room the permanent fields leave, clipped: at
    150 % they left none (Ctrl+E's word never showed) or half a word ("Đã lưu phiếu tờ kha" at
    125 %). Here the message is a field of its own, first and stretching, so the layout takes
    room from every field alike when they do not all fit, and each ends with "…".
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self.message_label = ElidingLabel(self, min_chars=16)
        self.message_label.setObjectName("statusMessage")
        self.message_label.setContentsMargins(2, 0, 6, 0)
        super().addPermanentWidget(self.message_label, 1)
        self.message_label.hide()
        self.messageChanged.connect(self._show_message)

    def _show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """While a message shows on a bar too short for it and every field, the fields keep to
        their minimum width: the message is what the user is to read for those seconds."""
        fields = [w for w in self._permanent if isinstance(w, ElidingLabel)]
        needed = self.message_label.full_width() + sum(
            w.full_width() if isinstance(w, ElidingLabel) else w.sizeHint().width()
            for w in self._permanent
            if not w.isHidden()
        )
        compact = bool(self.currentMessage()) and needed > self.width() - 24
        for field in fields:
            field.set_compact(compact)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch or 0)

    def insertPermanentWidget(self, index: int, widget: QWidget, stretch: int | None = 0) -> int:
        # Index 0 stays the message's: the fields come after it.
        self._permanent.append(widget)
        return super().insertPermanentWidget(index + 1, widget, stretch or 0)

    def removeWidget(self, widget: QWidget) -> None:
        if widget in self._permanent:
            self._permanent.remove(widget)
        super().removeWidget(widget)

    def shown_message(self) -> str:
        """The temporary message as drawn: whole, or its start and "…"."""
        return self.message_label.shown_text() if self.currentMessage() else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        # QStatusBar::paintEvent without its own drawing of the message (the label shows it).
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
        painter.end()
