"""The declarant's session: which intake server, who is logged in, and the sync that follows.

With no server configured the client starts the intake server in-process (the demo default), so
a newcomer sees declarations arrive with nothing to set up. With a server configured, the
password comes from keyring or from the login box. Either way the sync engine then runs on its
worker thread, and this module turns its reports into what the window shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from app.domain.model import RatingStage
from app.domain.states import ConnectionState
from app.paths import Paths
from app.settings import Settings
from app.store import StorePart
from app.sync.credentials import Credentials
from ui.background import BackgroundRunner
from ui.common import bring_to_front
from ui.protocols import AppWindow, as_widget
from ui.rating_dialog import QueueItem
from ui.status_indicators import BarState

if TYPE_CHECKING:
    from app.sync.engine import SyncReport
    from server.embedded import EmbeddedServer
    from ui.inbox import InboxDialog
    from ui.login_dialog import LoginDialog
    from ui.outbox_panel import OutboxPanel
    from ui.sync_controller import SyncController

# The network side (requests, the sync engine, the login box) is imported when the session
# starts, after the window is on screen: ~150 ms the first paint does not wait for.
LAST_SYNC_KEY = "last_good_sync"

log = logging.getLogger(__name__)

EMBEDDED_DIR = "intake-server"


def _start_embedded(paths: Paths, scenario: str | None) -> EmbeddedServer:
    # Imported here: the server (FastAPI, SQLAlchemy, uvicorn) costs start-up time the window
    # should not wait for, and a client configured for a real server never loads it.
    from server.embedded import DEMO_PORT, start_embedded

    return start_embedded(
        paths.data_dir / EMBEDDED_DIR, scenario=scenario or "normal", preferred_port=DEMO_PORT
    )


class ClientSession(QObject):
    """Owns the embedded server (if any), the credentials and the sync controller."""

    def __init__(
        self,
        window: AppWindow,
        paths: Paths,
        settings: Settings,
        *,
        scenario: str | None = None,
        credentials: Credentials | None = None,
        start_server: Callable[[Paths, str | None], EmbeddedServer] = _start_embedded,
    ):
        super().__init__(as_widget(window))
        self.window = window
        self._widget = as_widget(window)  # the same window, as the parent of dialogs
        self.paths = paths
        self.settings = settings
        self.language = settings.language
        self.scenario = scenario
        self.credentials = credentials or Credentials()
        self._start_server = start_server
        self._runner = BackgroundRunner(self)
        self.server: EmbeddedServer | None = None
        self.sync: SyncController | None = None
        self.outbox_panel: OutboxPanel | None = None
        self.inbox: InboxDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self._session_password: str | None = None
        self._details: tuple[str, str, Callable[[], str | None]] | None = None
        self._build_actions()
        window.sync_requested.connect(self.sync_now)
        window.sheet_saved.connect(self._sheet_saved)
        window.store_events.changed.connect(self._store_changed)

    # -- menus ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        window = self.window
        self.login_action = QAction(self.tr("3. Đăng nhập máy chủ hải quan…"), self._widget)
        self.logout_action = QAction(self.tr("4. Đăng xuất"), self._widget)
        self.outbox_action = QAction(self.tr("4. Hộp thư đi (phiếu chưa gửi)…"), self._widget)
        self.outbox_action.setShortcut("Ctrl+O")
        self.inbox_action = QAction(self.tr("5. Kết quả xử lý phản ánh…"), self._widget)
        self.inbox_action.setShortcut("Ctrl+K")
        self.login_action.triggered.connect(self.show_login)
        self.logout_action.triggered.connect(self.logout)
        self.outbox_action.triggered.connect(self.show_outbox)
        self.inbox_action.triggered.connect(self.show_inbox)
        quit_action = window.quit_action
        window.system_menu.insertAction(quit_action, self.login_action)
        window.system_menu.insertAction(quit_action, self.logout_action)
        window.system_menu.insertSeparator(quit_action)
        window.other_menu.addSeparator()
        window.other_menu.addAction(self.outbox_action)
        window.other_menu.addAction(self.inbox_action)
        # A permanent, clickable count of unread answers: the notification that stays.
        self.inbox_button = QPushButton(window.statusBar())
        self.inbox_button.setFlat(True)
        self.inbox_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.inbox_button.clicked.connect(self.show_inbox)
        window.statusBar().addPermanentWidget(self.inbox_button)
        self._show_unread()

    def _show_unread(self) -> None:
        unread = self.window.store.responses.unread_count()
        self.inbox_button.setVisible(unread > 0)
        self.inbox_button.setText(self.tr("✉ {count} phản hồi mới").format(count=unread))
        self.inbox_button.setAccessibleName(self.inbox_button.text())
        self.inbox_action.setText(
            self.tr("5. Kết quả xử lý phản ánh ({count} chưa đọc)…").format(count=unread)
            if unread
            else self.tr("5. Kết quả xử lý phản ánh…")
        )

    # -- starting ------------------------------------------------------------------------

    def start(self) -> None:
        last = self.window.store.meta.get(LAST_SYNC_KEY)
        if last:
            # The status bar says when the last good sync was, even across restarts.
            self.window.set_last_sync(datetime.fromisoformat(last))
        if self.settings.server_url:
            self._resume_login()
            return
        self.window.set_connection_state(
            BarState.UNKNOWN, self.tr("Đang khởi động máy chủ thử nghiệm…")
        )
        self._runner.submit(
            lambda: self._start_server(self.paths, self.scenario),
            self._embedded_ready,
            self._embedded_failed,
        )

    def _embedded_ready(self, server: EmbeddedServer) -> None:
        self.server = server
        log.info(
            "embedded intake server on %s (demo enterprise %s)", server.url, server.demo_tax_code
        )
        password = server.demo_password
        self._start_sync(server.url, server.demo_tax_code, lambda: password)

    def _embedded_failed(self, error: Exception) -> None:
        log.error("embedded intake server did not start: %s", error)
        self.window.set_connection_state(
            BarState.ERROR,
            self.tr("Không khởi động được máy chủ thử nghiệm ({error}); xem nhật ký.").format(
                error=type(error).__name__
            ),
        )

    def _resume_login(self) -> None:
        url, tax_code = self.settings.server_url, self.settings.tax_code
        if tax_code and self.credentials.get(url, tax_code):
            self._start_sync(url, tax_code, lambda: self.credentials.get(url, tax_code))
        else:
            self.window.set_connection_state(ConnectionState.NOT_LOGGED_IN, "")
            QTimer.singleShot(0, self.show_login)

    def connection_details(self) -> tuple[str, str, Callable[[], str | None]] | None:
        """(server URL, tax code, password getter) of the logged-in session, or None.

        For features that call the server themselves, off the GUI thread (the support desk's
        search, support requests): they make their own ApiClient and log in with these.
        """
        return self._details

    def _start_sync(self, url: str, tax_code: str, password: Callable[[], str | None]) -> None:
        from ui.sync_controller import SyncController

        self._stop_sync()
        self._details = (url, tax_code, password)
        self.sync = SyncController(
            # The file the window's store writes into now: a rescue file after mid-session damage.
            self.window.store.path,
            url,
            tax_code,
            password,
            language=self.language,
            interval_seconds=max(30, self.settings.sync_interval_seconds),
            parent=self,
        )
        self.sync.state_changed.connect(self.window.set_connection_state)
        self.sync.report_ready.connect(self._on_report)
        self.sync.progress.connect(self._on_progress)
        self.sync.start()
        self.logout_action.setEnabled(True)

    def suspend_sync(self) -> None:
        """Stop the worker and close its connection, still logged in (the store is being rescued)."""
        self._stop_sync()

    def resume_sync(self) -> None:
        """Start the worker again on the window's store file, if a session was logged in."""
        if self._details is not None:
            self._start_sync(*self._details)

    def _stop_sync(self) -> None:
        if self.sync is not None:
            # Reports already queued on the event loop must not reach a window being torn down.
            self.sync.report_ready.disconnect(self._on_report)
            self.sync.state_changed.disconnect(self.window.set_connection_state)
            self.sync.progress.disconnect(self._on_progress)
            self.sync.shutdown()
            self.sync.deleteLater()
            self.sync = None

    # -- reports -------------------------------------------------------------------------

    def _on_progress(self, done: int, total: int) -> None:
        self.window.statusBar().showMessage(
            self.tr("Đang gửi phiếu: {done}/{total}").format(done=done, total=total), 5000
        )

    def _on_report(self, report: SyncReport) -> None:
        window = self.window
        if not report.started:
            return
        engine = self.sync.worker.engine if self.sync is not None else None
        if report.ok and engine is not None and engine.last_success is not None:
            window.set_last_sync(engine.last_success)
            window.store.meta.set(LAST_SYNC_KEY, engine.last_success.isoformat())
        # The views refresh themselves from the store's change signal (ui.store_events).
        if report.new_responses:
            window.statusBar().showMessage(
                self.tr("Có {count} phản hồi mới từ Hải quan về phiếu đánh giá của bạn.").format(
                    count=report.new_responses
                ),
                15000,
            )
        if report.rejected:
            window.statusBar().showMessage(
                self.tr("{count} phiếu bị từ chối: xem Hộp thư đi.").format(count=report.rejected),
                15000,
            )
        if report.newly_completed:
            window.declarations_completed(report.newly_completed)

    def sync_now(self) -> None:
        if self.sync is None:
            if self.settings.server_url:
                self.show_login()
            return
        self.sync.sync_now()

    def _sheet_saved(self, _number: str) -> None:
        if self.sync is not None:
            self.sync.sheet_saved()

    # -- windows -------------------------------------------------------------------------

    def show_outbox(self) -> OutboxPanel:
        from ui.outbox_panel import OutboxPanel

        if self.outbox_panel is None:
            panel = OutboxPanel(
                self.window.store,
                self.window.dialogs,
                self.language,
                self._widget,
                events=self.window.store_events,
            )
            panel.retry_requested.connect(self.sync_now)
            panel.correct_requested.connect(self._correct)
            self.outbox_panel = panel
        self.outbox_panel.refresh()
        bring_to_front(self.outbox_panel)
        return self.outbox_panel

    def _correct(self, number: str) -> None:
        self.window.open_rating([QueueItem(number, RatingStage.AFTER_COMPLETION)])

    def show_inbox(self) -> InboxDialog:
        from ui.inbox import InboxDialog

        if self.inbox is None:
            tax_code = self.sync.tax_code if self.sync is not None else self.settings.tax_code
            inbox = InboxDialog(
                self.window.store,
                tax_code,
                self.language,
                self._widget,
                events=self.window.store_events,
            )
            inbox.changed.connect(self._inbox_changed)
            self.inbox = inbox
        self.inbox.refresh()
        bring_to_front(self.inbox)
        return self.inbox

    def _inbox_changed(self) -> None:
        """A response read or a verdict queued: the verdict goes out soon."""
        if self.sync is not None:
            self.sync.sheet_saved()

    def _store_changed(self, parts: frozenset[StorePart]) -> None:
        if StorePart.RESPONSES in parts:
            self._show_unread()

    def show_login(self) -> LoginDialog:
        from ui.login_dialog import LoginDialog

        if self.login_dialog is not None and self.login_dialog.isVisible():
            bring_to_front(self.login_dialog)
            return self.login_dialog
        dialog = LoginDialog(
            self.credentials,
            server_url=self.settings.server_url,
            tax_code=self.settings.tax_code,
            language=self.language,
            parent=self._widget,
        )
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        self.login_dialog = dialog
        dialog.open()
        return dialog

    def _logged_in(self, dialog: LoginDialog) -> None:
        login = dialog.result_login
        if login is None:
            return
        if self.server is not None and login.server_url != self.server.url:
            self.server.stop()
            self.server = None
        self.settings.server_url = login.server_url
        self.settings.tax_code = login.tax_code
        self.settings.save(self.paths.settings_file)
        # Kept in memory for this session when keyring cannot hold it (or was not asked to).
        self._session_password = login.password
        url, tax_code = login.server_url, login.tax_code
        self._start_sync(
            url, tax_code, lambda: self.credentials.get(url, tax_code) or self._session_password
        )

    def logout(self) -> None:
        """Stop syncing and forget the password; unsent sheets stay for their own tax code."""
        self._stop_sync()
        if self.settings.server_url and self.settings.tax_code:
            self.credentials.forget(self.settings.server_url, self.settings.tax_code)
        self._session_password = None
        self._details = None
        self.logout_action.setEnabled(False)
        self.window.set_connection_state(ConnectionState.NOT_LOGGED_IN, "")

    def shutdown(self) -> None:
        for dialog in (self.outbox_panel, self.inbox, self.login_dialog):
            if dialog is not None:
                dialog.close()
        self._stop_sync()
        self._runner.shutdown()
        if self.server is not None:
            self.server.stop()
            self.server = None
