"""Measure every window on a simulated declarant's screen; print one JSON line per window.

Run by tests/ui/test_screen_fit.py in a process of its own per display scale, because
QT_SCALE_FACTOR is read once when the QApplication starts:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json QT_SCALE_FACTOR=1.5 \
        python -m tests.ui.screen_probe --taskbar 60 --language vi --profile DIR

The offscreen platform reports the whole screen as available, so the taskbar is simulated where
the client reads the available area (``ui.geometry.available_area``); a Windows frame (31 logical
pixels of title bar at every scale, 1 px borders) is added around each client rectangle, since
offscreen windows have none.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

from PySide6.QtCore import QMargins, QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QPushButton,
    QWidget,
)

#: A Windows 10/11 frame in logical pixels: the title bar keeps ~31 logical px at every scale.
WINDOWS_FRAME = QMargins(1, 31, 1, 1)


def inside_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of *widget* its ancestors up to *window* leave visible, in window coordinates."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def measure(name: str, window: QWidget, area: QRect) -> dict[str, object]:
    from tests.ui.screens import is_maximized

    problems: list[str] = []
    client = window.geometry()
    maximized = is_maximized(window)
    if maximized:
        # A window manager puts a maximised window into the work area; what must fit is the
        # layout's minimum.
        frame = QRect(area)
        need = window.minimumSizeHint()
        room = area.marginsRemoved(WINDOWS_FRAME)
        if need.width() > room.width() or need.height() > room.height():
            problems.append(f"minimum size {need.width()}×{need.height()} exceeds {room.size()}")
    else:
        frame = client.marginsAdded(WINDOWS_FRAME)
        if not area.contains(frame):
            problems.append(
                f"frame {frame.x()},{frame.y()} {frame.width()}×{frame.height()} outside the "
                f"available area {area.width()}×{area.height()}"
            )
    buttons = [
        b
        for b in window.findChildren(QAbstractButton)
        if b.isVisibleTo(window) and b.window() is window and not inside_scroll_area(b, window)
    ]
    for button in buttons:
        seen = clipped_rect(button, window)
        full = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        label = button.text().replace("&", "") or button.accessibleName() or button.objectName()
        # A push button below its minimum height has its text cut (a line edit's icon button
        # is sized by the line edit, so only the clipping counts for it).
        squashed = isinstance(button, QPushButton) and (
            button.height() < button.minimumSizeHint().height()
        )
        if seen != full or squashed:
            problems.append(f"button {label!r} clipped: {seen} of {full}")
    return {
        "name": name,
        "maximized": maximized,
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "area": [area.x(), area.y(), area.width(), area.height()],
        "buttons": len(buttons),
        "problems": problems,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--taskbar", type=int, default=60, help="physical pixels")
    parser.add_argument("--language", default="vi")
    parser.add_argument("--profile", type=Path, required=True)
    args = parser.parse_args(argv)

    app = QApplication(["screen-probe"])
    from app.settings import Settings
    from app.store import Store
    from tests.ui.conftest import FakeDialogs
    from tests.ui.screens import Screens, each_window, seed
    from ui import geometry
    from ui.translations import install_translators

    translators = install_translators(app, args.language)
    screen = app.primaryScreen()
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    whole = screen.geometry()
    taskbar = math.ceil(args.taskbar / scale)
    area = QRect(whole.x(), whole.y(), whole.width(), whole.height() - taskbar)
    geometry.available_area = lambda widget: QRect(area)  # type: ignore[assignment]

    args.profile.mkdir(parents=True, exist_ok=True)
    with Store.open(args.profile / "store.sqlite3") as store:
        seed(store)
        settings = Settings(language=args.language, tax_code="0100109106")
        screens = Screens(store, settings, FakeDialogs(), args.profile)
        for name, window in each_window(screens):
            print(json.dumps(measure(name, window, area), ensure_ascii=False), flush=True)
        screens.close_all()
    del translators
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
