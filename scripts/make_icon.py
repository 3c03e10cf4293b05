"""Render resources/icons/app.svg into a multi-size Windows .ico for the PyInstaller build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    source = root / "resources" / "icons" / "app.svg"
    target = root / "build" / "app.ico"
    if not source.exists():
        print(f"no {source}; building without an icon", file=sys.stderr)
        return 0
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - needed for QImage text/fonts
    renderer = QSvgRenderer(str(source))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        image = QImage(QSize(size, size), QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(QPixmap.fromImage(image))
    target.parent.mkdir(parents=True, exist_ok=True)
    pixmap = icon.pixmap(256, 256)
    if not pixmap.save(str(target), "ICO"):
        print("could not write the .ico", file=sys.stderr)
        return 1
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
