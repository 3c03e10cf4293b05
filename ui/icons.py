"""Icons from ``resources/icons``: SVG, so they are sharp at any Windows scaling."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from app.resources import resources_dir


@cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (an empty icon if the file is missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()
