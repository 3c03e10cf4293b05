"""Trợ giúp → Xuất gói hỗ trợ: write the support bundle on a worker, with progress.

The store copy and the logs can take seconds on a big profile; the window keeps painting while
a progress dialog counts the steps. The bundle itself (what goes in, what is masked, how a
damaged store goes in) is ``app.support.bundle``'s business; a failure comes back here and is
always shown, in the user's language.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtWidgets import QProgressDialog

from app.domain.messages import Language
from app.paths import Paths
from app.support.bundle import BUNDLE_FAILED, BundleError, write_bundle
from ui.background import BackgroundRunner
from ui.bundle_enterprises import Chooser, ask_enterprises
from ui.protocols import AppWindow, as_widget
from ui.support_files import FileDialogs

log = logging.getLogger(__name__)


class _Progress(QObject):
    """Emitted from the worker; Qt queues it to the GUI thread where the dialog lives."""

    changed = Signal(int, int)


def suggested_bundle_path(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M")
    folder = Path.home() / "Documents"
    return (folder if folder.is_dir() else Path.home()) / f"customs-rating-ho-tro-{stamp}.zip"


class BundleExporter(QObject):
    """One export at a time, owned by the main window."""

    def __init__(self, window: AppWindow, paths: Paths, files: FileDialogs | None = None):
        super().__init__(as_widget(window))
        self.window = window
        self._widget = as_widget(window)
        self.paths = paths
        self.files = files or FileDialogs()
        self._runner = BackgroundRunner(self)
        self._progress = _Progress(self)
        self.dialog: QProgressDialog | None = None
        self.written: Path | None = None
        # Asks which enterprises the bundle is for (a broker's clients never see each other's).
        self.choose_enterprises: Chooser = ask_enterprises

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def export(self) -> None:
        if self.busy:
            return
        enterprises = self.choose_enterprises(self._widget, self.window.store)
        if enterprises is not None and not enterprises:
            return  # cancelled
        target = self.files.save_bundle(self._widget, suggested_bundle_path())
        if target is None:
            return
        self.start(target, enterprises)

    def start(self, target: Path, enterprises: list[str] | None = None) -> None:
        dialog = QProgressDialog(
            self.tr("Đang xuất gói hỗ trợ…"), "", 0, 0, self._widget, Qt.WindowType.Dialog
        )
        dialog.setWindowTitle(self.tr("Xuất gói hỗ trợ"))
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setValue(0)
        self._progress.changed.connect(self._advance)
        self.dialog = dialog
        dialog.show()
        paths = self.paths
        versions = {"qt": qVersion(), "pyside6": pyside_version}
        emit = self._progress.changed.emit
        self._runner.submit(
            lambda: write_bundle(
                paths, target, versions=versions, progress=emit, enterprises=enterprises
            ),
            self._done,
            self._failed,
        )

    def _advance(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _finish(self) -> None:
        self._progress.changed.disconnect(self._advance)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, target: Path) -> None:
        self._finish()
        self.written = target
        self.window.dialogs.information(
            self._widget,
            self.tr("Xuất gói hỗ trợ"),
            self.tr(
                "Đã ghi gói hỗ trợ vào:\n{path}\n\nGửi tệp này cho cán bộ hỗ trợ. Gói không chứa "
                "mật khẩu; số điện thoại đã được che."
            ).format(path=target),
        )

    def _failed(self, error: Exception) -> None:
        """Say why in the user's language; never raise (this runs from a queued signal).

        ``write_bundle`` turns what the user can act on (a full disk, a folder that cannot be
        written) into a ``BundleError`` with its message; anything else is a bug, whose details
        the background runner has already logged, so the user gets the generic message rather
        than an English exception text.
        """
        try:
            self._finish()
        except RuntimeError:  # the dialog or signal already gone with the window: still say it
            log.exception("closing the bundle export progress failed")
        language: Language = "en" if getattr(self.window, "language", "vi") == "en" else "vi"
        message = error.message if isinstance(error, BundleError) else BUNDLE_FAILED
        self.window.dialogs.warning(
            self._widget,
            self.tr("Xuất gói hỗ trợ"),
            self.tr("Không ghi được gói hỗ trợ: {error}").format(error=message.text(language)),
        )

    def shutdown(self) -> None:
        self._runner.shutdown()
