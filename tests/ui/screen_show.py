"""Open one window of tests/ui/screens.py with its real content and leave it open, for a look
or a screenshot under a real window manager (the README's screenshots, issue 14's checks):

    /work/shared/tools/shoot out.png --scale 1.5 --taskbar 60 -- \
        .venv/bin/python -m tests.ui.screen_show rating-confirm --language en

Unlike the probe nothing is simulated: the window manager's work area and frames are real.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication


def main(argv: list[str]) -> int:
    from tests.ui.screens import WINDOWS

    parser = argparse.ArgumentParser()
    parser.add_argument("window", choices=list(WINDOWS))
    parser.add_argument("--language", default="vi")
    args = parser.parse_args(argv)
    app = QApplication(["customs-rating"])
    from app.settings import Settings
    from app.store import Store
    from tests.ui.conftest import FakeDialogs
    from tests.ui.screens import Screens, seed
    from ui.translations import install_translators

    translators = install_translators(app, args.language)
    with tempfile.TemporaryDirectory(prefix="screen-show-") as folder:
        profile = Path(folder)
        with Store.open(profile / "store.sqlite3") as store:
            seed(store)
            screens = Screens(store, Settings(language=args.language), FakeDialogs(), profile)
            window = WINDOWS[args.window](screens)
            window.raise_()
            window.activateWindow()
            code = app.exec()
            screens.close_all()
    del translators
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
