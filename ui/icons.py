"""Icons from the ``resources`` package's ``icons/``: SVG, sharp at any Windows scaling."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

import resources


@cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (an empty icon if the file is missing).

    QIcon reads an SVG lazily, when it is first painted at a size, so it needs a file name that
    stays valid: ``resources.path`` gives the packaged file itself, never a temporary copy.
    """
    path = resources.path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()
