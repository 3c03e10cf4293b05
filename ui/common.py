"""The small pieces several windows repeated: colours, labels that never read HTML, the red
error line under a field, and bringing an already open window back to the front.

Kept together so a change of the error style (issue 14 asks for a visible focus ring beside it)
or of the palette reaches every window at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

#: The palette every window uses; each passes WCAG AA contrast on white.
ERROR = "#b71c1c"
OK = "#1b5e20"
WARNING = "#b45309"
INFO = "#1d4ed8"
MUTED = "#616161"
SECONDARY = "#555555"


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    """A label that never interprets its text as HTML: data and user input are shown as typed."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def error_label(parent: QWidget) -> QLabel:
    """Red text under a field, hidden until there is something to say; plain text, because a
    message may quote what the user typed."""
    label = plain_label("", parent, wrap=True)
    label.setStyleSheet(f"color: {ERROR};")
    label.setVisible(False)
    return label


def bring_to_front(window: QWidget) -> None:
    """Show a window that may be hidden, minimised or behind others, and give it the focus."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
