"""Entry point of the ``customs-rating`` desktop program."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.logs import configure_logging
from app.paths import resolve_paths
from app.settings import Settings
from app.store import Store, StoreError

log = logging.getLogger(__name__)

#: Set by bench/startup.py: print "ready" once the window is usable, then quit.
STARTUP_PROBE_ENV = "CUSTOMS_RATING_STARTUP_PROBE"
SESSION_START_DELAY_MS = 250


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
    parser.add_argument(
        "--scenario",
        metavar="NAME",
        help="make the embedded intake server misbehave (offline, slow, flaky, throttled, "
        "maintenance, reject-all, captive-portal) to reproduce a declarant's problem",
    )
    parser.add_argument(
        "--open-bundle",
        metavar="FILE.zip",
        help="open a support bundle in a throwaway profile against the embedded intake server",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start, open the store, load the translations, build the main window, exit 0",
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
    bundle_dir = None
    if args.open_bundle:
        from app.support_bundle import BundleError, open_bundle_profile

        try:
            bundle_dir, profile = open_bundle_profile(Path(args.open_bundle))
        except BundleError as error:
            print(f"customs-rating: {error.message.vi} / {error.message.en}", file=sys.stderr)
            return 2
        args.profile = str(profile)
    paths = resolve_paths(args.profile).ensure()
    configure_logging(paths.log_dir)
    settings = Settings.load(paths.settings_file)
    if args.open_bundle:
        # The declarant's data, but never the declarant's server: support works offline.
        settings.server_url = ""
    if args.language:
        settings.language = args.language
    log.info("customs-rating %s starting, profile data in %s", __version__, paths.data_dir)
    if args.self_test:
        from ui.self_test import run_self_test

        try:
            return run_self_test(paths, settings)
        finally:
            if bundle_dir is not None:
                bundle_dir.cleanup()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.gc_policy import install_gc_policy
    from ui.icons import icon
    from ui.translations import install_translators

    app = QApplication(sys.argv[:1])
    install_gc_policy(app)  # cycles are freed on this thread only, from a timer (ui/gc_policy.py)
    app.setApplicationName("customs-rating")
    app.setApplicationVersion(__version__)
    # Before any widget exists: constructors call tr().
    translators = install_translators(app, settings.language)
    app.setWindowIcon(icon("app"))

    from ui.main_window import MainWindow
    from ui.messages import Dialogs
    from ui.session import ClientSession
    from ui.support_actions import install_support_actions

    dialogs = Dialogs()
    try:
        # The full integrity check reads the whole file (seconds at a million declarations):
        # it runs on a worker once the window is up, and a damaged file is dealt with then.
        store = Store.open(paths.store_file, deep_check=False)
    except StoreError as error:
        dialogs.warning(None, "customs-rating", error.message.text(settings.language))  # type: ignore[arg-type]
        return 2
    if seed_demo_data(store, args.demo_data):
        log.info("seeded %d demo declarations", args.demo_data)
    window = MainWindow(store, settings, dialogs=dialogs, settings_path=paths.settings_file)
    session = ClientSession(window, paths, settings, scenario=args.scenario)
    install_support_actions(window, session)
    if bundle_dir is not None:
        window.setWindowTitle(
            window.tr("{title} — gói hỗ trợ {name}").format(
                title=window.windowTitle(), name=Path(args.open_bundle).name
            )
        )
    window.show()
    # Everything built so far lives as long as the program: keep the cyclic garbage collector
    # from walking it again and again (its pauses showed up in every sync pass).
    gc.freeze()
    if store.notice is not None:
        notice = store.notice.text(settings.language)  # type: ignore[arg-type]
        QTimer.singleShot(0, lambda: dialogs.warning(window, window.windowTitle(), notice))
    # The network side starts once the window is painted and usable from the local store.
    QTimer.singleShot(SESSION_START_DELAY_MS, session.start)
    if os.environ.get(STARTUP_PROBE_ENV):
        QTimer.singleShot(0, lambda: report_ready_and_quit(app))
    QTimer.singleShot(2000, lambda: check_integrity_later(window, store, settings))
    if args.demo_prompt:
        numbers = store.unrated_numbers(args.demo_prompt)
        QTimer.singleShot(300, lambda: window.declarations_completed(numbers))
    code = app.exec()
    session.shutdown()
    window.shutdown()
    store.close()
    del translators
    if bundle_dir is not None:
        bundle_dir.cleanup()
    return code


def report_ready_and_quit(app: object) -> None:
    """For bench/startup.py: the window is shown and its first screen painted; say so, quit."""
    import resource

    app.processEvents()  # type: ignore[attr-defined]  # let the first paint through
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"ready peak_rss_kb={peak_kb}", flush=True)
    app.quit()  # type: ignore[attr-defined]


def check_integrity_later(window: object, store: Store, settings: Settings) -> None:
    """Run SQLite's quick_check off the GUI thread; warn at once if the file is damaged."""
    from ui.background import BackgroundRunner

    runner = BackgroundRunner(window)  # type: ignore[arg-type]

    def done(ok: object) -> None:
        if not ok:
            from app.store import DAMAGED_FOUND

            window.dialogs.warning(  # type: ignore[attr-defined]
                window,
                window.windowTitle(),
                DAMAGED_FOUND.text(settings.language),  # type: ignore[attr-defined,arg-type]
            )

    runner.submit(lambda: Store.check_integrity(store.path), done)


if __name__ == "__main__":
    sys.exit(main())
