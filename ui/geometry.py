"""Keeping every window inside the part of the screen the user can see.

A size chosen in logical pixels grows with the display scale: 960 × 560 is 1440 × 840 physical
pixels at 150 %, larger than a 1366 × 768 laptop screen, and the buttons end up off-screen. What
counts is the screen's *available* geometry (without the taskbar) minus the window's frame (the
title bar is 30–45 physical pixels on Windows). The frame is known only once the window manager
has drawn it, so until then a generous estimate stands in for it.

One place for all of it: dialogs call ``fit_to_screen`` once, which sizes them and keeps them on
screen every time they are shown; the main window is placed by ``place_main_window`` (maximised
the first time on a small screen) and remembers its geometry with ``geometry_text``.
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: Room kept for a frame not drawn yet, in logical pixels: a Windows title bar is about 31 px
#: at every scale (45 physical at 150 %), a Linux one a little less; borders a few pixels.
ESTIMATED_FRAME = QMargins(8, 40, 8, 8)

_KEEPER_NAME = "screenKeeper"


def screen_of(widget: QWidget | None) -> QScreen:
    """The screen *widget* is on, or, not shown yet, the one its parent is on (a dialog opens
    over its parent)."""
    if widget is None:
        return QGuiApplication.primaryScreen()
    parent = widget.parentWidget()
    if not widget.isVisible() and parent is not None:
        return parent.screen()
    return widget.screen()


def available_area(widget: QWidget | None) -> QRect:
    """The part of *widget*'s screen that windows may use (without taskbar and docked panels)."""
    return screen_of(widget).availableGeometry()


def frame_margins(widget: QWidget) -> QMargins:
    """The window frame around *widget*'s client area: the real one once the window manager drew
    a title bar, else ``ESTIMATED_FRAME``."""
    handle = widget.windowHandle()
    if handle is not None and widget.isVisible():
        margins = handle.frameMargins()
        if margins.top() > ESTIMATED_FRAME.left():
            return margins
    return ESTIMATED_FRAME


def client_room(widget: QWidget) -> QSize:
    """The largest client size whose frame still fits the available area."""
    area = available_area(widget)
    margins = frame_margins(widget)
    return QSize(
        area.width() - margins.left() - margins.right(),
        area.height() - margins.top() - margins.bottom(),
    )


def clamp_client_rect(rect: QRect, area: QRect, margins: QMargins) -> QRect:
    """*rect* (a client rectangle) moved, and shrunk if it must be, so that it and its frame
    (*margins*) lie inside *area*."""
    inner = area.marginsRemoved(margins)
    width = min(rect.width(), inner.width())
    height = min(rect.height(), inner.height())
    x = min(max(rect.x(), inner.left()), inner.left() + inner.width() - width)
    y = min(max(rect.y(), inner.top()), inner.top() + inner.height() - height)
    return QRect(x, y, width, height)


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 0.96) -> None:
    """Resize a top-level window to (width, height) but at most *share* of the room its screen
    leaves beside the frame, and keep it on that screen each time it is shown."""
    room = client_room(widget)
    widget.resize(min(width, int(room.width() * share)), min(height, int(room.height() * share)))
    keep_on_screen(widget)


_CENTRED = "screenKeeperCentred"


class _ScreenKeeper(QObject):
    """Moves (and if need be shrinks) its window into the available area after each show, once
    Qt and the window manager have placed it.

    It keeps no Python state: while its window is being destroyed Qt may still hand it events
    after PySide has let go of its Python side, so everything it needs comes with the event
    (the watched window) or lives on the window (a dynamic property).
    """

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.setObjectName(_KEEPER_NAME)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            if not watched.property(_CENTRED):
                watched.setProperty(_CENTRED, True)
                centre_over_parent(watched)
            clamp_to_screen(watched)
            # The window manager may still move it, and the frame becomes known: once more.
            QTimer.singleShot(0, self, lambda: _clamp_if_alive(watched))
        return False


def _clamp_if_alive(widget: QWidget) -> None:
    if shiboken6.isValid(widget):
        clamp_to_screen(widget)


def centre_over_parent(widget: QWidget) -> None:
    """The first time, over the middle of the window it belongs to (Qt's own placement was seen
    in a corner when the parent had just been maximised)."""
    parent = widget.parentWidget()
    if parent is None or not parent.isVisible():
        return
    rect = widget.geometry()
    rect.moveCenter(parent.window().geometry().center())
    widget.setGeometry(rect)


def clamp_to_screen(widget: QWidget) -> None:
    """Move a shown, normal (not maximised) window and its frame into the available area."""
    states = Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
    if not widget.isVisible() or widget.windowState() & states:
        return
    wanted = clamp_client_rect(widget.geometry(), available_area(widget), frame_margins(widget))
    if wanted != widget.geometry():
        widget.setGeometry(wanted)


def keep_on_screen(widget: QWidget) -> None:
    """Install the keeper on a top-level window (once)."""
    if widget.findChild(_ScreenKeeper, _KEEPER_NAME, Qt.FindChildOption.FindDirectChildrenOnly):
        return
    _ScreenKeeper(widget)


# -- the main window -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SavedGeometry:
    """Where the main window was when it closed: its normal (not maximised) client rectangle in
    logical pixels, and whether it was maximised."""

    rect: QRect
    maximized: bool

    def text(self) -> str:
        r = self.rect
        return f"{r.x()},{r.y()},{r.width()},{r.height()},{int(self.maximized)}"

    @classmethod
    def parse(cls, text: str) -> SavedGeometry | None:
        """None for an empty or damaged value: the window then opens as on a first start."""
        try:
            x, y, width, height, maximized = (int(part) for part in text.split(","))
        except ValueError:
            return None
        if width <= 0 or height <= 0:
            return None
        return cls(QRect(x, y, width, height), bool(maximized))


def geometry_text(window: QWidget) -> str:
    """The text to save for *window* (its normal geometry when maximised)."""
    maximized = bool(window.windowState() & Qt.WindowState.WindowMaximized)
    rect = window.normalGeometry() if maximized else window.geometry()
    if not rect.isValid():
        rect = window.geometry()
    return SavedGeometry(rect, maximized).text()


def place_main_window(window: QWidget, wanted: QSize, saved: str = "") -> None:
    """Size and place the main window before it is shown.

    A saved geometry comes back clamped to the screen it is on now (the laptop may have left its
    big monitor), maximised if it was. Without one the window takes *wanted* when that fits,
    centred, and opens maximised on a smaller screen, where the status bar would otherwise end
    up behind the taskbar.
    """
    geometry = SavedGeometry.parse(saved) if saved else None
    margins = ESTIMATED_FRAME
    if geometry is not None:
        screen = QGuiApplication.screenAt(geometry.rect.center()) or screen_of(window)
        rect = clamp_client_rect(geometry.rect, screen.availableGeometry(), margins)
        window.setGeometry(rect)
        if geometry.maximized:
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    else:
        area = available_area(window)
        room = client_room(window)
        size = QSize(min(wanted.width(), room.width()), min(wanted.height(), room.height()))
        top_left = area.center() - QPoint(size.width() // 2, size.height() // 2)
        rect = clamp_client_rect(QRect(top_left, size), area, margins)
        window.setGeometry(rect)
        if size != wanted:
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    keep_on_screen(window)
