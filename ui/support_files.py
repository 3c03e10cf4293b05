"""File choosers behind one small service, so tests can answer them.

A native QFileDialog blocks in exec() and nobody clicks it in a test; the support dialogs take
this service and tests pass a stand-in that returns a path.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


class FileDialogs:
    """Open an image, save a bundle: the two file choices of the support features."""

    def open_image(self, parent: QWidget | None) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("FileDialogs", "Chọn ảnh chụp màn hình"),
            str(Path.home()),
            QCoreApplication.translate("FileDialogs", "Ảnh (*.png *.jpg *.jpeg)"),
        )
        return Path(path) if path else None

    def save_bundle(self, parent: QWidget | None, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("FileDialogs", "Xuất gói hỗ trợ"),
            str(suggested),
            QCoreApplication.translate("FileDialogs", "Gói hỗ trợ (*.zip)"),
        )
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == ".zip" else target.with_suffix(".zip")
