"""Entry point of the ``customs-rating`` desktop program."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from app import __version__
from app.logs import configure_logging
from app.paths import resolve_paths
from app.settings import Settings
from app.store import Store, StoreError

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="customs-rating",
        description="Đánh giá mức độ hài lòng — declarant client for rating customs service.",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="keep data, settings and logs in DIR instead of the user's folders "
        "(also CUSTOMS_RATING_PROFILE)",
    )
    parser.add_argument("--language", choices=("vi", "en"), help="UI language for this run")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    paths = resolve_paths(args.profile).ensure()
    configure_logging(paths.log_dir)
    settings = Settings.load(paths.settings_file)
    if args.language:
        settings.language = args.language
    log.info("customs-rating %s starting, profile data in %s", __version__, paths.data_dir)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationName("customs-rating")
    app.setApplicationVersion(__version__)
    try:
        store = Store.open(paths.store_file)
    except StoreError as error:
        QMessageBox.critical(None, "customs-rating", error.message.text(settings.language))
        return 2
    window = MainWindow(store, settings)
    window.show()
    if store.notice is not None:
        QMessageBox.warning(window, window.windowTitle(), store.notice.text(settings.language))
    code = app.exec()
    store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
