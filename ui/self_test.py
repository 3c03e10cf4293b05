"""``customs-rating --self-test``: prove an installed or frozen build can actually run.

A PyInstaller bundle fails in ways a source checkout never does (a Qt plugin or a translation
left out, a module imported by name at run time). So the self-test does, offscreen, what a start
does: opens the store, loads both catalogues, builds the main window, starts the embedded intake
server and asks its health. It prints one line per step and exits 0, or non-zero with the reason.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

from app import __version__
from app.paths import Paths
from app.settings import Settings
from app.store import StoreError


def run_self_test(paths: Paths, settings: Settings) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    step = "start"
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QCoreApplication, qVersion
        from PySide6.QtWidgets import QApplication

        from app.store.opening import open_store
        from ui.single_instance import SingleInstance
        from ui.translations import install_translators, remove_translators

        app = QApplication.instance() or QApplication(sys.argv[:1])
        print(
            f"self-test: customs-rating {__version__}, Qt {qVersion()}, PySide6 {pyside_version}, "
            f"Python {sys.version.split()[0]}"
        )

        step = "store"
        instance = SingleInstance(paths.data_dir)
        if not instance.acquire():
            raise RuntimeError(
                f"another copy of the program (pid {instance.holder_pid()}) has this profile open"
            )
        opened = open_store(paths.store_file, deep_check=True)
        for line in opened.repairs:
            print(f"self-test: store repaired: {line}")
        with opened.store as store:
            print(f"self-test: store ok (schema {store.schema_version}) at {paths.store_file}")

            step = "translations"
            english = install_translators(app, "en")
            translated = QCoreApplication.translate("MainWindow", "&Hệ thống")
            remove_translators(app, english)
            if not english or translated == "&Hệ thống":
                raise RuntimeError("the English catalogue did not load or does not translate")
            vietnamese = install_translators(app, "vi")
            print(f"self-test: translations ok (en: {translated!r})")

            step = "main window"
            from ui.main_window import MainWindow
            from ui.messages import Dialogs

            window = MainWindow(store, settings, dialogs=Dialogs(), background=False)
            window.show()
            app.processEvents()
            if not window.isVisible() or window.model.columnCount() == 0:
                raise RuntimeError("the main window did not come up")
            window.shutdown()
            window.close()
            remove_translators(app, vietnamese)
            print("self-test: main window ok")

        step = "embedded intake server"
        from app.sync.api_client import ApiClient
        from server.embedded import start_embedded

        with tempfile.TemporaryDirectory(prefix="customs-self-test-") as scratch:
            with start_embedded(Path(scratch), pace=None) as server:
                client = ApiClient(server.url, timeout=(5, 15))
                health = client.health()
                client.close()
            if health.status != "ok":  # read through the contract, which allows only "ok"
                raise RuntimeError(f"health answered {health!r}")
        print("self-test: embedded intake server ok")
    except StoreError as error:  # StartupFailure included: the reason in words
        print(f"self-test FAILED at {step}: {error.message.en}", file=sys.stderr)
        return 1
    except Exception as error:
        print(f"self-test FAILED at {step}: {error}", file=sys.stderr)
        traceback.print_exc()
        return 1
    print("self-test: all ok")
    return 0
