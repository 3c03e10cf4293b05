"""The support features in the menus: ask the help desk, search its answers, export a bundle.

Installed on the main window by ``ui.main`` once the session exists, so the dialogs can reach
the logged-in server and wake the sync after a request is queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from ui.support_files import FileDialogs

if TYPE_CHECKING:  # the dialogs pull in requests and the bundle writer: imported on first use
    from ui.bundle_export import BundleExporter
    from ui.support_request_dialog import SupportRequestDialog
    from ui.support_search import SupportSearchDialog


class SupportActions(QObject):
    def __init__(self, window: Any, session: Any, files: FileDialogs | None = None):
        super().__init__(window)
        self.window = window
        self.session = session
        self.files = files or FileDialogs()
        self.request_dialog: SupportRequestDialog | None = None
        self.search_dialog: SupportSearchDialog | None = None
        self._exporter: BundleExporter | None = None

        self.request_action = QAction(self.tr("6. Hỗ trợ vướng mắc (đặt câu hỏi)…"), window)
        self.request_action.setShortcut("Ctrl+H")
        self.request_action.triggered.connect(self.show_request)
        self.search_action = QAction(self.tr("7. Tra cứu vướng mắc đã trả lời…"), window)
        self.search_action.triggered.connect(self.show_search)
        self.export_action = QAction(self.tr("Xuất gói hỗ trợ…"), window)
        self.export_action.triggered.connect(lambda: self.exporter.export())
        window.other_menu.addSeparator()
        window.other_menu.addAction(self.request_action)
        window.other_menu.addAction(self.search_action)
        help_menu = window.help_menu
        help_menu.addSeparator()
        help_menu.addAction(self.request_action)
        help_menu.addAction(self.export_action)

    @property
    def exporter(self) -> BundleExporter:
        if self._exporter is None:
            from ui.bundle_export import BundleExporter

            self._exporter = BundleExporter(self.window, self.session.paths, self.files)
        return self._exporter

    def _tax_code(self) -> str:
        details = self.session.connection_details()
        return details[1] if details else (self.window.settings.tax_code or "")

    def show_request(self) -> SupportRequestDialog:
        if self.request_dialog is not None:
            self.request_dialog.raise_()
            self.request_dialog.activateWindow()
            return self.request_dialog
        from ui.support_request_dialog import SupportRequestDialog

        dialog = SupportRequestDialog(
            self.window.store,
            tax_code=self._tax_code(),
            language=self.window.language,
            connection=self.session.connection_details,
            capture_target=self.window,
            files=self.files,
            parent=self.window,
        )
        dialog.submitted.connect(self._submitted)
        dialog.finished.connect(self._request_closed)
        self.request_dialog = dialog
        dialog.show()
        return dialog

    def _request_closed(self) -> None:
        if self.request_dialog is not None:
            self.request_dialog.deleteLater()
            self.request_dialog = None

    def _submitted(self, request_id: int) -> None:
        self.window.set_outbox_waiting()
        self.window.statusBar().showMessage(
            self.tr("Đã ghi câu hỏi gửi Hải quan; câu hỏi sẽ được gửi khi có kết nối."), 10000
        )
        sync = getattr(self.session, "sync", None)
        if sync is not None:
            sync.sync_now()

    def show_search(self) -> SupportSearchDialog:
        if self.search_dialog is None:
            from ui.support_search import SupportSearchDialog

            self.search_dialog = SupportSearchDialog(
                tax_code=self._tax_code(),
                language=self.window.language,
                connection=self.session.connection_details,
                parent=self.window,
            )
        self.search_dialog.show()
        self.search_dialog.raise_()
        return self.search_dialog

    def shutdown(self) -> None:
        if self._exporter is not None:
            self._exporter.shutdown()


def install_support_actions(window: Any, session: Any) -> SupportActions:
    actions = SupportActions(window, session)
    window.support_actions = actions
    return actions
