"""A keyboard focus everyone can see: a ring on push buttons, a solid frame on the current cell.

The platform styles draw focus faintly or not at all: Fusion draws a button's focus only after
a Tab press in that window and then as a thin line much like the default button's frame, so on
the rating dialog's confirm page a focused "Gửi" (the focus set there by the program) looked
exactly like the unfocused default "Ghi" of the first page; an item view's current cell is a
dotted line that vanishes on an already blue selected row. This proxy style keeps the
platform's look and adds, whenever a widget has the focus (however it got it):

- around a push button, a 2 px ring in the focus colour, outside the default button's frame,
  so "focused" and "default" never look alike;
- around an item view's current cell (and other ``PE_FrameFocusRect`` users), a 2 px solid
  frame, dark outside and white inside, visible on a white row and on a blue selected one.

Installed on the application once (``install_focus_style``); a widget's style sheet keeps it
underneath (Qt's style sheet style draws unstyled parts with the application's style).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

#: The ring's colour: the palette's focus blue, 7:1 on white (ui.common.INFO is the lighter one).
FOCUS = QColor("#0b3fb3")
_RING = 2


class FocusStyle(QProxyStyle):
    """The application's style with a focus ring that can be seen (see the module's text)."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_PushButton and has_focus(option):
            draw_ring(painter, option.rect)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            draw_cell_frame(painter, option.rect)
            return
        super().drawPrimitive(element, option, painter, widget)


def has_focus(option: QStyleOption) -> bool:
    return bool(option.state & QStyle.StateFlag.State_HasFocus)


def draw_ring(painter: QPainter, rect: QRect) -> None:
    """A 2 px rounded ring just inside *rect* (the button's whole rectangle)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(FOCUS, _RING)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = _RING / 2
    painter.drawRoundedRect(rect.toRectF().adjusted(half, half, -half, -half), 3, 3)
    painter.restore()


def draw_cell_frame(painter: QPainter, rect: QRect) -> None:
    """A dark 1 px frame with a white 1 px one inside it: seen on white and on blue rows."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor("#111111"), 1))
    painter.drawRect(rect.adjusted(0, 0, -1, -1))
    painter.setPen(QPen(QColor("#ffffff"), 1))
    painter.drawRect(rect.adjusted(1, 1, -2, -2))
    painter.restore()


def install_focus_style(app: QApplication) -> FocusStyle:
    """Wrap the application's style (once) and return the wrapper."""
    current = app.style()
    if isinstance(current, FocusStyle):
        return current
    style = FocusStyle(current.name())
    app.setStyle(style)
    return style
