"""The support features in the menus: ask the help desk, search its answers, export a bundle.

Installed on the main window by ``ui.main`` once the session exists, so the dialogs can reach
the logged-in server and wake the sync after a request is queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from ui.common import bring_to_front
from ui.protocols import AppSession, AppWindow, as_widget
from ui.support_files import FileDialogs

if TYPE_CHECKING:  # the dialogs pull in requests and the bundle writer: imported on first use
    from ui.bundle_export import BundleExporter
    from ui.support_request_dialog import SupportRequestDialog
    from ui.support_search import SupportSearchDialog


class SupportActions(QObject):
    def __init__(self, window: AppWindow, session: AppSession, files: FileDialogs | None = None):
        super().__init__(as_widget(window))
        self.window = window
        self._widget = as_widget(window)  # the same window, as the parent of dialogs
        self.session = session
        self.files = files or FileDialogs()
        self.request_dialog: SupportRequestDialog | None = None
        self.search_dialog: SupportSearchDialog | None = None
        self._exporter: BundleExporter | None = None

        self.request_action = QAction(self.tr("6. Hỗ trợ vướng mắc (đặt câu hỏi)…"), self._widget)
        self.request_action.setShortcut("Ctrl+H")
        self.request_action.triggered.connect(self.show_request)
        self.search_action = QAction(self.tr("7. Tra cứu vướng mắc đã trả lời…"), self._widget)
        self.search_action.triggered.connect(self.show_search)
        self.export_action = QAction(self.tr("Xuất gói hỗ trợ…"), self._widget)
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
        # Not logged in: the enterprise the window works for, not the last one logged in.
        return details[1] if details else (self.window.store.current_tax_code or "")

    def show_request(self) -> SupportRequestDialog:
        if self.request_dialog is not None:
            bring_to_front(self.request_dialog)
            return self.request_dialog
        from ui.support_request_dialog import SupportRequestDialog

        dialog = SupportRequestDialog(
            self.window.store,
            tax_code=self._tax_code(),
            language=self.window.language,
            connection=self.session.connection_details,
            capture_target=self._widget,
            files=self.files,
            parent=self._widget,
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
                parent=self._widget,
            )
        bring_to_front(self.search_dialog)
        return self.search_dialog

    def shutdown(self) -> None:
        if self._exporter is not None:
            self._exporter.shutdown()


def install_support_actions(window: AppWindow, session: AppSession) -> SupportActions:
    """The support menu items; the object lives as long as the window (its Qt child)."""
    return SupportActions(window, session)
