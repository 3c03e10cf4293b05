"""Sizing top-level dialogs so they fit the screen they open on.

A size chosen in logical pixels grows with the display scale: 960 × 560 is 1440 × 840 physical
pixels at 150 %, larger than a 1366 × 768 laptop screen, and the buttons end up off-screen.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 0.9) -> None:
    """Resize to (width, height), but never beyond *share* of the available screen area."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    widget.resize(
        min(width, int(available.width() * share)), min(height, int(available.height() * share))
    )
