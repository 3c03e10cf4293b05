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
    parser.add_argument(
        "--demo-data",
        metavar="N",
        type=int,
        default=0,
        help="fill an empty store with N realistic demo declarations (for demos and support)",
    )
    parser.add_argument(
        "--demo-prompt",
        metavar="N",
        type=int,
        default=0,
        help="after start, raise the rating prompt for N unrated declarations, as a sync would",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def seed_demo_data(store: Store, count: int) -> int:
    """Fill an empty store with demo declarations; a store with data is left alone."""
    if count <= 0 or store.execute("SELECT 1 FROM declarations LIMIT 1").fetchone():
        return 0
    from app.demo_data import demo_declarations

    store.upsert_declarations(demo_declarations(count))
    return count


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    paths = resolve_paths(args.profile).ensure()
    configure_logging(paths.log_dir)
    settings = Settings.load(paths.settings_file)
    if args.language:
        settings.language = args.language
    log.info("customs-rating %s starting, profile data in %s", __version__, paths.data_dir)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.icons import icon
    from ui.translations import install_translators

    app = QApplication(sys.argv[:1])
    app.setApplicationName("customs-rating")
    app.setApplicationVersion(__version__)
    # Before any widget exists: constructors call tr().
    translators = install_translators(app, settings.language)
    app.setWindowIcon(icon("app"))

    from ui.main_window import MainWindow
    from ui.messages import Dialogs

    dialogs = Dialogs()
    try:
        store = Store.open(paths.store_file)
    except StoreError as error:
        dialogs.warning(None, "customs-rating", error.message.text(settings.language))  # type: ignore[arg-type]
        return 2
    if seed_demo_data(store, args.demo_data):
        log.info("seeded %d demo declarations", args.demo_data)
    window = MainWindow(store, settings, dialogs=dialogs, settings_path=paths.settings_file)
    window.show()
    if store.notice is not None:
        notice = store.notice.text(settings.language)  # type: ignore[arg-type]
        QTimer.singleShot(0, lambda: dialogs.warning(window, window.windowTitle(), notice))
    if args.demo_prompt:
        numbers = store.unrated_numbers(args.demo_prompt)
        QTimer.singleShot(300, lambda: window.declarations_completed(numbers))
    code = app.exec()
    window.shutdown()
    store.close()
    del translators
    return code


if __name__ == "__main__":
    sys.exit(main())
