"""The declarant's session: which intake servers, which enterprises are logged in, and the sync.

With no server configured the client starts the intake server in-process (the demo default), so
a newcomer sees declarations arrive with nothing to set up: the first demo enterprise is logged
in at once. Every enterprise of the profile's list (``store.enterprises``: a customs broker's
clients, a firm's branches) logs in on its own, with its own keyring entry (server and tax code)
or the login box; each logged-in enterprise has its own sync controller, all on one worker
thread, so they sync one after another with their own cursors, back-off and errors, and a
failed login of one never holds up the others. The window shows the current enterprise; this
module turns each controller's reports into what the window and the overview show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
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
# The server part of the keyring entry of an enterprise on the built-in demo server, whose port
# changes at every start (its enterprises keep ``server_url`` "" in the list).
EMBEDDED_KEY = "built-in-demo-server"


def _start_embedded(paths: Paths, scenario: str | None) -> EmbeddedServer:
    # Imported here: the server (FastAPI, SQLAlchemy, uvicorn) costs start-up time the window
    # should not wait for, and a client configured for a real server never loads it.
    from server.embedded import DEMO_PORT, start_embedded

    return start_embedded(
        paths.data_dir / EMBEDDED_DIR, scenario=scenario or "normal", preferred_port=DEMO_PORT
    )


class ClientSession(QObject):
    """Owns the embedded server (if any), the credentials and a sync controller per enterprise."""

    # Who is logged in, or an enterprise's connection state, changed (the overview refreshes).
    enterprises_changed = Signal()

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
        # One controller per logged-in enterprise, by tax code.
        self.syncs: dict[str, SyncController] = {}
        # Each enterprise's last connection state and its reason (the overview's column).
        self.states: dict[str, tuple[str, str]] = {}
        # (server URL, password getter) of each logged-in enterprise; kept while the store is
        #  being rescued, so the same enterprises log in again afterwards.
        self._logins: dict[str, tuple[str, Callable[[], str | None]]] = {}
        self._session_passwords: dict[str, str] = {}
        self._thread: QThread | None = None
        self._retired: list[SyncController] = []
        self._shown_tax_code = window.store.current_tax_code
        self.outbox_panel: OutboxPanel | None = None
        self.inbox: InboxDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self._timeout: tuple[float, float] | None = None  # the API client's default unless set
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
        self.login_action.triggered.connect(lambda: self.show_login())
        self.logout_action.triggered.connect(lambda: self.logout())
        self.outbox_action.triggered.connect(self.show_outbox)
        self.inbox_action.triggered.connect(self.show_inbox)
        quit_action = window.quit_action
        window.system_menu.insertAction(quit_action, self.login_action)
        window.system_menu.insertAction(quit_action, self.logout_action)
        from ui.enterprise_menu import EnterpriseMenu

        self.enterprise_menu = EnterpriseMenu(window, self, quit_action)
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
        self.logout_action.setEnabled(False)

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

    # -- who is who ------------------------------------------------------------------------

    @property
    def current_tax_code(self) -> str:
        return self.window.store.current_tax_code

    @property
    def sync(self) -> SyncController | None:
        """The current enterprise's controller (None while it is not logged in)."""
        return self.syncs.get(self.current_tax_code)

    def is_logged_in(self, tax_code: str) -> bool:
        return tax_code in self._logins

    def state_of(self, tax_code: str) -> tuple[str, str]:
        """(connection state, reason) of an enterprise; "not logged in" for one that is not."""
        if tax_code not in self._logins:
            return (ConnectionState.NOT_LOGGED_IN, "")
        return self.states.get(tax_code, (BarState.UNKNOWN, ""))

    def server_url_of(self, tax_code: str) -> str:
        """The URL an enterprise syncs with: its own, or the built-in server's for "" ."""
        entry = self.window.store.enterprises.get(tax_code)
        url = entry.server_url if entry is not None else self.settings.server_url
        if not url and self.server is not None:
            return self.server.url
        return url

    def _key_url(self, url: str) -> str:
        """The server part of the keyring entry: the built-in server's is stable, not its port."""
        return EMBEDDED_KEY if self.server is not None and url == self.server.url else url

    def _password(self, key_url: str, tax_code: str) -> str | None:
        return self.credentials.get(key_url, tax_code) or self._session_passwords.get(tax_code)

    # -- starting ------------------------------------------------------------------------

    def start(self) -> None:
        store = self.window.store
        self._adopt_single_login()
        self._show_current()
        listed = store.enterprises.all()
        for entry in listed:
            if entry.server_url:
                self._resume(entry.server_url, entry.tax_code)
        uses_demo = any(not e.server_url for e in listed) or not (
            listed or self.settings.server_url
        )
        if not uses_demo:
            self._note_not_logged_in()
            if not self.is_logged_in(self.current_tax_code):
                self.window.set_connection_state(ConnectionState.NOT_LOGGED_IN, "")
                QTimer.singleShot(0, lambda: self.show_login())
            return
        self.window.set_connection_state(
            BarState.UNKNOWN, self.tr("Đang khởi động máy chủ thử nghiệm…")
        )
        store_file = self.window.store.path
        self._runner.submit(
            lambda: self._start_demo_server(store_file),
            self._embedded_ready,
            self._embedded_failed,
        )

    def _adopt_single_login(self) -> None:
        """A profile from before the list: its one enterprise keeps the server it logged in to."""
        store = self.window.store
        url, tax_code = self.settings.server_url, self.settings.tax_code
        entry = store.enterprises.get(tax_code) if tax_code else None
        if url and entry is not None and not entry.server_url:
            store.enterprises.add(tax_code, entry.name, url)
        elif url and tax_code and entry is None and not store.enterprises.all():
            store.enterprises.add(tax_code, "", url)

    def _resume(self, url: str, tax_code: str) -> None:
        """Log an enterprise in with its remembered password, if keyring has one."""
        key_url = self._key_url(url)
        if self.credentials.get(key_url, tax_code):
            self._start_sync(url, tax_code, partial(self._password, key_url, tax_code))

    def _start_demo_server(self, store_file: Path) -> EmbeddedServer:
        """On the runner's thread: the embedded server, told of the profile's demo declarations.

        ``--demo-data`` fills the profile with declarations of the first demo enterprise; the
        server takes them on, so sheets rated on them are delivered like any other.
        """
        from app.store.declarations import declarations_of

        server = self._start_server(self.paths, self.scenario)
        codes = [demo.tax_code for demo in server.demo_enterprises]
        taken = server.adopt_declarations(declarations_of(store_file, codes))
        if taken:
            log.info(
                "the embedded server took on %d demo declaration(s) of this profile", len(taken)
            )
        return server

    def _embedded_ready(self, server: EmbeddedServer) -> None:
        self.server = server
        log.info(
            "embedded intake server on %s (demo enterprise %s)", server.url, server.demo_tax_code
        )
        store = self.window.store
        listed = {e.tax_code: e for e in store.enterprises.all()}
        first = server.demo_enterprises[0]
        entry = listed.get(first.tax_code)
        if not listed or (entry is not None and not entry.server_url):
            # The first start works for the first demo enterprise (its password is public).
            store.enterprises.add(first.tax_code, first.name, "")
            password = first.password
            self._start_sync(server.url, first.tax_code, lambda: password)
        for other in listed.values():
            if not other.server_url and other.tax_code != first.tax_code:
                self._resume(server.url, other.tax_code)
        self._note_not_logged_in()
        if not self.is_logged_in(self.current_tax_code):
            self._show_current()

    def _embedded_failed(self, error: Exception) -> None:
        log.error("embedded intake server did not start: %s", error)
        self.window.set_connection_state(
            BarState.ERROR,
            self.tr("Không khởi động được máy chủ thử nghiệm ({error}); xem nhật ký.").format(
                error=type(error).__name__
            ),
        )

    def connection_details(self) -> tuple[str, str, Callable[[], str | None]] | None:
        """(server URL, tax code, password getter) of the current enterprise, if logged in.

        For features that call the server themselves, off the GUI thread (the support desk's
        search, support requests): they make their own ApiClient and log in with these.
        """
        tax_code = self.current_tax_code
        login = self._logins.get(tax_code)
        return (login[0], tax_code, login[1]) if login is not None else None

    # -- the sync controllers ------------------------------------------------------------

    def _sync_thread(self) -> QThread:
        """The one worker thread every enterprise's sync runs on, one pass after another."""
        if self._thread is None:
            self._thread = QThread()
            self._thread.setObjectName("sync")
            self._thread.start()
        return self._thread

    def start_replay(
        self,
        server: EmbeddedServer,
        tax_code: str,
        password: str,
        *,
        timeout: tuple[float, float] | None = None,
    ) -> None:
        """Support's replay of a bundle (``ui.replay``): sync against the server seeded from it."""
        if self.server is not None and self.server is not server:
            self.server.stop()
        self.server = server
        self._timeout = timeout
        self._start_sync(server.url, tax_code, lambda: password)

    def _start_sync(self, url: str, tax_code: str, password: Callable[[], str | None]) -> None:
        from ui.sync_controller import SyncController

        self._stop_sync(tax_code)
        self._logins[tax_code] = (url, password)
        controller = SyncController(
            # The file the window's store writes into now: a rescue file after mid-session damage.
            self.window.store.path,
            url,
            tax_code,
            password,
            language=self.language,
            interval_seconds=max(30, self.settings.sync_interval_seconds),
            timeout=self._timeout,
            parent=self,
            thread=self._sync_thread(),
        )
        controller.state_changed.connect(partial(self._on_state, tax_code))
        controller.report_ready.connect(partial(self._on_report, tax_code))
        controller.progress.connect(self._on_progress)
        self.syncs[tax_code] = controller
        controller.start()
        self._show_current()
        self.enterprises_changed.emit()

    def suspend_sync(self) -> None:
        """Stop every worker and close its connection, still logged in (the store is rescued)."""
        for tax_code in list(self.syncs):
            self._stop_sync(tax_code)
        self._join_thread()

    def resume_sync(self) -> None:
        """Start the workers again on the window's store file, for those that were logged in."""
        for tax_code, (url, password) in list(self._logins.items()):
            self._start_sync(url, tax_code, password)

    def _stop_sync(self, tax_code: str) -> None:
        controller = self.syncs.pop(tax_code, None)
        if controller is None:
            return
        # Reports already queued on the event loop must not reach a window being torn down.
        for signal in (controller.report_ready, controller.state_changed, controller.progress):
            signal.disconnect()
        controller.shutdown()
        # Its worker lives on the shared thread until that is joined; deleted after that.
        self._retired.append(controller)

    def _join_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(30_000)
            self._thread = None
        for controller in self._retired:
            controller.deleteLater()
        self._retired.clear()

    # -- reports -------------------------------------------------------------------------

    def _on_progress(self, done: int, total: int) -> None:
        self.window.statusBar().showMessage(
            self.tr("Đang gửi phiếu: {done}/{total}").format(done=done, total=total), 5000
        )

    def _on_state(self, tax_code: str, state: str, detail: str) -> None:
        self.states[tax_code] = (state, detail)
        if tax_code == self.current_tax_code:
            self.window.set_connection_state(state, detail)
        self.enterprises_changed.emit()

    def _name_of(self, tax_code: str) -> str:
        entry = self.window.store.enterprises.get(tax_code)
        return entry.label if entry is not None else tax_code

    def _on_report(self, tax_code: str, report: SyncReport) -> None:
        window = self.window
        if not report.started:
            return
        controller = self.syncs.get(tax_code)
        engine = controller.worker.engine if controller is not None else None
        if report.ok and engine is not None and engine.last_success is not None:
            when = engine.last_success.isoformat()
            window.store.enterprises.note_good_sync(tax_code, when)
            if tax_code == self.current_tax_code:
                window.set_last_sync(engine.last_success)
                window.store.meta.set(LAST_SYNC_KEY, when)
        current = tax_code == self.current_tax_code
        # The views refresh themselves from the store's change signal (ui.store_events).
        if report.new_responses:
            text = (
                self.tr("Có {count} phản hồi mới từ Hải quan về phiếu đánh giá của bạn.")
                if current
                else self.tr("Có {count} phản hồi mới từ Hải quan cho {enterprise}.")
            )
            window.statusBar().showMessage(
                text.format(count=report.new_responses, enterprise=self._name_of(tax_code)), 15000
            )
        if report.rejected:
            text = (
                self.tr("{count} phiếu bị từ chối: xem Hộp thư đi.")
                if current
                else self.tr("{count} phiếu của {enterprise} bị từ chối: xem Hộp thư đi.")
            )
            window.statusBar().showMessage(
                text.format(count=report.rejected, enterprise=self._name_of(tax_code)), 15000
            )
        if report.newly_completed:
            window.declarations_completed(report.newly_completed)
        self.enterprises_changed.emit()

    def _note_not_logged_in(self) -> None:
        """Queued items of an enterprise nobody is logged in for say so, and what to do."""
        from app.sync.engine import not_logged_in

        store = self.window.store
        for tax_code in store.outbox.waiting_tax_codes():
            if tax_code not in self._logins:
                entry = store.enterprises.get(tax_code)
                message = not_logged_in(tax_code, entry.name if entry is not None else "")
                store.outbox.note_waiting(tax_code, message, None)

    def sync_now(self) -> None:
        """ "Đồng bộ ngay": every logged-in enterprise, one after another on the worker."""
        if self.sync is None and self.server_url_of(self.current_tax_code):
            self.show_login()
        for controller in list(self.syncs.values()):
            controller.sync_now()

    def _sheet_saved(self, number: str) -> None:
        """A sheet was queued: its own enterprise's controller sends it, whichever is current."""
        tax_code = self.window.store.declarations.tax_codes_of([number]).get(
            number, self.current_tax_code
        )
        controller = self.syncs.get(tax_code)
        if controller is not None:
            controller.sheet_saved()
        else:
            self._note_not_logged_in()

    # -- the current enterprise ----------------------------------------------------------

    def _show_current(self) -> None:
        """The status bar and the menu show the current enterprise's connection and sync."""
        tax_code = self.current_tax_code
        self._shown_tax_code = tax_code
        state, detail = self.state_of(tax_code)
        self.window.set_connection_state(state, detail)
        entry = self.window.store.enterprises.get(tax_code) if tax_code else None
        last = entry.last_good_sync if entry is not None else None
        self.window.set_last_sync(datetime.fromisoformat(last) if last else None)
        self.logout_action.setEnabled(self.is_logged_in(tax_code))

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
            inbox = InboxDialog(
                self.window.store,
                self.current_tax_code,
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
        for controller in self.syncs.values():
            controller.sheet_saved()

    def _store_changed(self, parts: frozenset[StorePart]) -> None:
        if StorePart.RESPONSES in parts:
            self._show_unread()
        if self.current_tax_code != self._shown_tax_code:
            self._show_current()
            self.enterprises_changed.emit()

    def show_login(self, tax_code: str | None = None) -> LoginDialog:
        """The login box for an enterprise of the list (the current one unless named)."""
        from ui.login_dialog import LoginDialog

        if self.login_dialog is not None and self.login_dialog.isVisible():
            bring_to_front(self.login_dialog)
            return self.login_dialog
        tax_code = self.current_tax_code if tax_code is None else tax_code
        url = self.server_url_of(tax_code) if tax_code else self.settings.server_url
        dialog = LoginDialog(
            self.credentials,
            server_url=url or self.settings.server_url,
            tax_code=tax_code or self.settings.tax_code,
            language=self.language,
            parent=self._widget,
            keyring_url=self._key_url,
        )
        entry = self.window.store.enterprises.get(tax_code) if tax_code else None
        if entry is not None and self.credentials.available:
            dialog.remember_box.setChecked(entry.remember)  # "remember" is per enterprise
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        self.login_dialog = dialog
        dialog.open()
        return dialog

    def _logged_in(self, dialog: LoginDialog) -> None:
        login = dialog.result_login
        if login is None:
            return
        store = self.window.store
        on_demo = self.server is not None and login.server_url == self.server.url
        if not on_demo:
            self.settings.server_url = login.server_url
        self.settings.tax_code = login.tax_code
        self.settings.save(self.paths.settings_file)
        url, tax_code = login.server_url, login.tax_code
        store.enterprises.add(tax_code, login.enterprise_name, "" if on_demo else url)
        store.enterprises.set_remember(tax_code, login.remembered)
        # Kept in memory for this session when keyring cannot hold it (or was not asked to).
        self._session_passwords[tax_code] = login.password
        self._start_sync(url, tax_code, partial(self._password, self._key_url(url), tax_code))
        if tax_code != self.current_tax_code:
            store.enterprises.set_current(tax_code)
        self._stop_unused_server()

    def _stop_unused_server(self) -> None:
        """The built-in server goes once no enterprise of the list works with it."""
        if self.server is None:
            return
        if any(not e.server_url for e in self.window.store.enterprises.all()):
            return
        self.server.stop()
        self.server = None

    def logout(self, tax_code: str | None = None) -> None:
        """Stop syncing one enterprise (the current one unless named) and forget its password.

        The others go on syncing; its unsent sheets stay, marked as waiting for a login.
        """
        tax_code = self.current_tax_code if tax_code is None else tax_code
        login = self._logins.pop(tax_code, None)
        self._stop_sync(tax_code)
        if login is not None:
            self.credentials.forget(self._key_url(login[0]), tax_code)
        self._session_passwords.pop(tax_code, None)
        self.states.pop(tax_code, None)
        self._note_not_logged_in()
        self._show_current()
        self.enterprises_changed.emit()

    def forget_enterprise(self, tax_code: str) -> None:
        """Taken off the list: logged out, its password forgotten; its rows stay in the store."""
        url = self.server_url_of(tax_code)
        self.logout(tax_code)
        if url:
            self.credentials.forget(self._key_url(url), tax_code)

    def shutdown(self) -> None:
        self.enterprise_menu.close()
        for dialog in (self.outbox_panel, self.inbox, self.login_dialog):
            if dialog is not None:
                dialog.close()
        for tax_code in list(self.syncs):
            self._stop_sync(tax_code)
        self._join_thread()
        self._runner.shutdown()
        if self.server is not None:
            self.server.stop()
            self.server = None
