"""Entry point of the ``customs-rating`` desktop program."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.domain.messages import Language, Message
from app.logs import configure_logging
from app.paths import Paths, resolve_paths
from app.settings import Settings
from app.store import Store, check_integrity

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from app.store.opening import OpenedStore
    from ui.bundle_view import BundleView
    from ui.main_window import MainWindow
    from ui.messages import Dialogs
    from ui.session import ClientSession
    from ui.single_instance import SingleInstance
    from ui.store_guard import StoreGuard

log = logging.getLogger(__name__)

DAMAGED_AT_START = Message(
    "store_damaged_at_start",
    "Tệp dữ liệu bị hỏng và chưa thể chuyển sang một bên lúc này. Hãy mở lại chương trình: tệp hỏng "
    "sẽ được giữ lại riêng và dữ liệu còn đọc được sẽ được cứu.",
    "The data file is damaged and cannot be moved aside right now. Start the program again: the "
    "damaged file will be kept aside and what can still be read will be saved.",
)

#: Set by bench/startup.py: print "ready" once the window is usable, then quit.
STARTUP_PROBE_ENV = "CUSTOMS_RATING_STARTUP_PROBE"
SESSION_START_DELAY_MS = 250
#: In an opened bundle's throwaway profile, the folder of support's own log (not the bundle's).
BUNDLE_SESSION_LOGS = "support-logs"


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
        help="open a support bundle as the declarant had it, read-only, in a throwaway profile "
        "(nothing is sent; Hỗ trợ → Phát lại replays it against the embedded intake server)",
    )
    parser.add_argument(
        "--replay",
        action="store_true",
        help="with --open-bundle: replay it at once on the embedded intake server, under "
        "--scenario or else the scenario its diagnosis names",
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
    if count <= 0 or not store.declarations.is_empty():
        return 0
    from app.demo_data import demo_declarations

    store.declarations.upsert(demo_declarations(count))
    return count


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    bundle_dir = None
    if args.open_bundle:
        from app.support.bundle import BundleError, open_bundle_profile

        try:
            bundle_dir, profile = open_bundle_profile(Path(args.open_bundle))
        except BundleError as error:
            print(f"customs-rating: {error.message.vi} / {error.message.en}", file=sys.stderr)
            return 2
        args.profile = str(profile)
    try:
        return _run(args)
    finally:
        if bundle_dir is not None:
            bundle_dir.cleanup()


def session_log_dir(args: argparse.Namespace, paths: Paths) -> Path:
    """Where this run logs: a bundle's own logs are evidence, so support's lines go beside them."""
    if args.open_bundle:
        return Path(args.profile) / BUNDLE_SESSION_LOGS
    return paths.log_dir


def _language(settings: Settings) -> Language:
    return "en" if settings.language == "en" else "vi"


def _run(args: argparse.Namespace) -> int:
    paths = resolve_paths(args.profile)
    folder_problem: Message | None = None
    try:
        paths.ensure()
        configure_logging(session_log_dir(args, paths))
    except OSError as error:
        from app.store.opening import folder_unusable

        folder_problem = folder_unusable(paths.data_dir, error)
    settings = Settings.load(paths.settings_file)
    if args.open_bundle:
        # The declarant's data, but never the declarant's server: support works offline.
        settings.server_url = ""
    if args.language:
        settings.language = args.language
    log.info("customs-rating %s starting, profile data in %s", __version__, paths.data_dir)
    if args.self_test:
        if folder_problem is not None:
            print(f"self-test FAILED at profile: {folder_problem.en}", file=sys.stderr)
            return 2
        from ui.self_test import run_self_test

        return run_self_test(paths, settings)

    from PySide6.QtWidgets import QApplication

    from ui.focus_style import install_focus_style
    from ui.gc_policy import install_gc_policy
    from ui.icons import icon
    from ui.translations import install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_gc_policy(app)  # cycles are freed on this thread only, from a timer (ui/gc_policy.py)
    install_focus_style(
        app
    )  # a focus ring on buttons and cells that can be seen (ui/focus_style.py)
    app.setApplicationName("customs-rating")
    app.setApplicationVersion(__version__)
    # Before any widget exists: constructors call tr().
    translators = install_translators(app, settings.language)
    app.setWindowIcon(icon("app"))

    from app.store import StoreError
    from ui.crash_guard import CrashGuard
    from ui.messages import Dialogs
    from ui.single_instance import ALREADY_RUNNING, SingleInstance

    language = _language(settings)
    dialogs = Dialogs()
    title = "customs-rating"
    if folder_problem is not None:
        dialogs.warning(None, title, folder_problem.text(language))
        return 2
    instance = SingleInstance(paths.data_dir)
    if not instance.acquire(listen=False):
        log.info(
            "another copy (pid %s) holds this profile; asking it to show", instance.holder_pid()
        )
        instance.ask_running_copy_to_show()
        dialogs.information(None, title, ALREADY_RUNNING.text(language))
        return 3
    started = _Started()
    guard = CrashGuard(
        lambda text: dialogs.warning(started.window, title, text),
        language,
        session_log_dir(args, paths) / paths.log_file.name,
        lambda: started.window.store.path if started.window is not None else paths.store_file,
    )
    guard.install()
    try:
        return _run_window(args, app, paths, settings, dialogs, instance, started)
    except StoreError as failure:  # StartupFailure included: a message, never a silent exit
        log.error("start failed: %s", failure)
        dialogs.warning(started.window, title, failure.message.text(language))
        return 2
    except Exception as error:  # a bug on the way up: said and logged, not a vanished window
        from ui.crash_guard import unexpected_error

        log.exception("start failed unexpectedly")
        text = unexpected_error(type(error).__name__, paths.log_file).text(language)
        dialogs.warning(started.window, title, text)
        return 1
    finally:
        guard.uninstall()
        instance.release()
        del translators


class _Started:
    """The window once it exists, for the crash guard that is installed before it."""

    window: MainWindow | None = None


@dataclass
class Running:
    """Everything a start builds around the window, so tests can drive it without ``exec()``."""

    window: MainWindow
    session: ClientSession
    store_guard: StoreGuard
    store: Store
    notices: list[Message]
    #: Set when a support bundle is open (``--open-bundle``).
    bundle_view: BundleView | None = None

    def shutdown(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        if self.bundle_view is not None:
            self.bundle_view.shutdown()
        self.store_guard.shutdown()
        self.session.shutdown()
        self.window.shutdown()
        self.window.close()
        # Timers still pending (the deferred integrity check, say) die with the window.
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.store.close()


def start_window(
    args: argparse.Namespace,
    paths: Paths,
    settings: Settings,
    dialogs: Dialogs,
    instance: SingleInstance | None = None,
) -> Running:
    """Open the store (repairing it if need be), build the window and schedule the session.

    Raises ``StartupFailure`` when the store cannot be opened; the caller says so and exits.
    """
    from PySide6.QtCore import QTimer

    from ui.bundle_view import install_open_bundle_action
    from ui.handback import install_handback_import
    from ui.session import ClientSession
    from ui.status_indicators import BarState
    from ui.store_guard import StoreGuard
    from ui.support_actions import install_support_actions

    language = _language(settings)
    if args.open_bundle:
        return _start_bundle_window(args, paths, settings, dialogs, instance)
    # The full integrity check reads the whole file (seconds at a million declarations): it runs
    # on a worker once the window is up, and damage found then is handled by the store guard.
    opened, window = _open_with_window(paths, settings, dialogs, args.demo_data)
    store = opened.store
    session = ClientSession(window, paths, settings, scenario=args.scenario)
    install_support_actions(window, session)
    install_open_bundle_action(window)
    install_handback_import(window)
    store_guard = StoreGuard(
        store,
        paths.store_file,
        language,
        tell=lambda text: dialogs.warning(window, window.windowTitle(), text),
        status=lambda text: window.set_connection_state(BarState.ERROR, text),
        stop_writers=session.suspend_sync,
        restart_writers=session.resume_sync,
        parent=window,
    )
    store_guard.rescued.connect(lambda _rescue: window.store_events.notify())
    if instance is not None:
        instance.raise_requested.connect(lambda: bring_forward(window))
        QTimer.singleShot(SESSION_START_DELAY_MS, window, instance.listen)
    window.show()
    if opened.notices:
        notice = "\n\n".join(n.text(language) for n in opened.notices)
        QTimer.singleShot(0, window, lambda: dialogs.warning(window, window.windowTitle(), notice))
    # The network side starts once the window is painted and usable from the local store.
    QTimer.singleShot(SESSION_START_DELAY_MS, session, session.start)
    QTimer.singleShot(2000, window, lambda: check_integrity_later(window, store))
    if args.demo_prompt:
        numbers = store.declarations.unrated_numbers(args.demo_prompt)
        QTimer.singleShot(300, window, lambda: window.declarations_completed(numbers))
    return Running(window, session, store_guard, store, opened.notices)


def _start_bundle_window(
    args: argparse.Namespace,
    paths: Paths,
    settings: Settings,
    dialogs: Dialogs,
    instance: SingleInstance | None,
) -> Running:
    """A support bundle as the declarant had it: its store read-only, the session never started.

    No server, no login, no sync, no demo world, no rating prompt: nothing writes into the
    bundle's copy or sends anything until support asks for a replay (``ui.bundle_view``).
    """
    from PySide6.QtCore import QCoreApplication, QTimer

    from app.store.bundle_copy import open_bundle_store
    from app.support.bundle_facts import read_facts
    from ui.bundle_view import BundleView
    from ui.main_window import MainWindow
    from ui.session import ClientSession
    from ui.store_guard import StoreGuard
    from ui.support_actions import install_support_actions

    language = _language(settings)
    root = Path(args.profile)
    store, notices = open_bundle_store(paths.store_file, root / "working")
    # The declarant's own settings (their server, their tax code) are what the banner tells.
    declarant = Settings.load(paths.settings_file)
    try:
        window = MainWindow(store, settings, dialogs=dialogs, settings_path=None)
    except BaseException:
        store.close()
        raise
    session = ClientSession(window, paths, settings, scenario=args.scenario)
    install_support_actions(window, session)
    facts = read_facts(Path(args.open_bundle), root, declarant, store, paths.log_dir)
    view = BundleView(window, session, facts, root, scenario=args.scenario)
    window.setWindowTitle(
        QCoreApplication.translate("BundleView", "{title} — gói hỗ trợ {name}").format(
            title=window.windowTitle(), name=Path(args.open_bundle).name
        )
    )
    store_guard = StoreGuard(
        store,
        store.path,
        language,
        tell=lambda text: dialogs.warning(window, window.windowTitle(), text),
        status=lambda text: window.statusBar().showMessage(text),
        stop_writers=session.suspend_sync,
        restart_writers=session.resume_sync,
        parent=window,
    )
    if instance is not None:
        instance.raise_requested.connect(lambda: bring_forward(window))
        QTimer.singleShot(SESSION_START_DELAY_MS, window, instance.listen)
    window.show()
    if notices:
        notice = "\n\n".join(n.text(language) for n in notices)
        QTimer.singleShot(0, window, lambda: dialogs.warning(window, window.windowTitle(), notice))
    log.info("support bundle %s opened read-only (tax code %s)", facts.bundle_name, facts.tax_code)
    if args.replay:
        QTimer.singleShot(SESSION_START_DELAY_MS, window, view.start_replay)
    return Running(window, session, store_guard, store, notices, view)


def _open_with_window(
    paths: Paths, settings: Settings, dialogs: Dialogs, demo_data: int
) -> tuple[OpenedStore, MainWindow]:
    """Open the store and build the window on it; damage the window's first reads run into
    makes one more start, which moves the file aside and salvages it, as the next start would."""
    from app.store import StoreDamaged, open_connections
    from app.store.opening import StartupFailure, open_store
    from ui.main_window import MainWindow

    notices: list[Message] = []
    for attempt in (1, 2):
        opened = open_store(paths.store_file, deep_check=False)
        opened.notices[:0] = notices
        for line in opened.repairs:
            log.warning("store repaired at start: %s", line)
        try:
            if seed_demo_data(opened.store, demo_data):
                log.info("seeded %d demo declarations", demo_data)
            window = MainWindow(
                opened.store, settings, dialogs=dialogs, settings_path=paths.settings_file
            )
        except StoreDamaged:
            if attempt == 2:
                raise
            log.error("the store is damaged where the window reads; opening it again")
            notices = opened.notices
            opened.store.close()
            if not _released(paths.store_file, open_connections):
                raise StartupFailure(opened.store.notice or DAMAGED_AT_START) from None
            continue
        return opened, window
    raise AssertionError("unreachable")


def _released(path: Path, open_connections: Callable[[Path], int]) -> bool:
    """Wait (a few seconds at most) until no connection of this process holds *path*."""
    import time

    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + 10
    while open_connections(path):
        gc.collect()
        QCoreApplication.processEvents()
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _run_window(
    args: argparse.Namespace,
    app: QApplication,
    paths: Paths,
    settings: Settings,
    dialogs: Dialogs,
    instance: SingleInstance,
    started: _Started,
) -> int:
    from PySide6.QtCore import QTimer

    running = start_window(args, paths, settings, dialogs, instance)
    started.window = running.window
    # Everything built so far lives as long as the program: keep the cyclic garbage collector
    # from walking it again and again (its pauses showed up in every sync pass).
    gc.freeze()
    if os.environ.get(STARTUP_PROBE_ENV):
        QTimer.singleShot(0, lambda: report_ready_and_quit(app))
    code = app.exec()
    running.shutdown()
    return code


def bring_forward(window: QWidget) -> None:
    """A second start asked for this window: show it, un-minimised, in front."""
    from ui.common import bring_to_front

    log.info("brought the window forward: another start of the program asked for it")
    bring_to_front(window)


def report_ready_and_quit(app: QApplication) -> None:
    """For bench/startup.py: the window is shown and its first screen painted; say so, quit."""
    import resource

    app.processEvents()  # let the first paint through
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"ready peak_rss_kb={peak_kb}", flush=True)
    app.quit()


def check_integrity_later(window: QObject, store: Store) -> None:
    """Run SQLite's quick_check off the GUI thread; damage it finds goes to the store guard."""
    from ui.background import BackgroundRunner

    runner = BackgroundRunner(window)
    path = store.path
    runner.submit(lambda: check_integrity(path), lambda _ok: None)


if __name__ == "__main__":
    sys.exit(main())
