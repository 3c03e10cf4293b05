"""A support bundle opened as the declarant had it: the banner, nothing that writes or sends.

``customs-rating --open-bundle FILE`` builds the ordinary window on the bundle's store, opened
read-only (``app.store.bundle_copy.BundleStore``), and installs this: a banner under the toolbar
saying whose bundle it is (tax code, when it was made, by which version) and that nothing is
sent; the actions that would write or go to a server (rate, report a problem, log in, sync) are
switched off; and a *Hỗ trợ* menu with what happened (the support view) and the replay. The
session is never started, so no server, no login, no sync, no demo world and no rating prompt.

*Trợ giúp → Mở gói hỗ trợ…* (``install_open_bundle_action``) is in every window: it starts the
program again on the chosen bundle, in a process and a throwaway profile of its own, so the
declarant's (or support's own) data in this window is not touched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QProcess
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QVBoxLayout, QWidget

from app.support.bundle_facts import BundleFacts
from ui.common import INFO, plain_label

if TYPE_CHECKING:
    from app.support.timeline import Timeline
    from ui.handback import HandbackDialog
    from ui.main_window import MainWindow
    from ui.replay import Prepared, ReplayController
    from ui.session import ClientSession
    from ui.support_view import SupportView

BANNER_STYLE = f"QLabel {{ background: #e8f0fe; color: {INFO}; padding: 6px; font-weight: 600; }}"


def created_label(created_at: str) -> str:
    """The manifest's ISO time as support reads it: ``02/12/2026 06:44 UTC``; as given if odd."""
    try:
        when = datetime.fromisoformat(created_at)
    except ValueError:
        return created_at or "?"
    return when.strftime("%d/%m/%Y %H:%M ") + (when.tzname() or "")


def banner_text(facts: BundleFacts) -> str:
    who = facts.tax_code or QCoreApplication.translate("BundleView", "(không rõ mã số thuế)")
    if facts.enterprise_name:
        who = f"{who} – {facts.enterprise_name}"
    several = ""
    if facts.several:
        # A broker's bundle: which of its enterprises is shown, and how to see the others.
        several = " " + QCoreApplication.translate(
            "BundleView",
            "Gói có {count} doanh nghiệp; chọn doanh nghiệp cần xem ở ô «Doanh nghiệp» (Ctrl+E).",
        ).format(count=len(facts.enterprises))
    return (
        QCoreApplication.translate(
            "BundleView",
            "Gói hỗ trợ của doanh nghiệp {who}, tạo lúc {created}, phiên bản {version}. "
            "Chỉ xem: không có gì được gửi đi và không ghi gì vào dữ liệu của gói.",
        ).format(
            who=who,
            created=created_label(facts.created_at),
            version=facts.app_version or "?",
        )
        + several
    )


class BundleView(QObject):
    """Installed on the window of an opened bundle; lives as long as the window."""

    def __init__(
        self,
        window: MainWindow,
        session: ClientSession,
        facts: BundleFacts,
        profile_root: Path,
        *,
        scenario: str | None = None,
    ):
        super().__init__(window)
        #: The replay's scenario given on the command line (``--scenario``); else the diagnosis's.
        self.scenario = scenario
        self.window = window
        self.session = session
        self.facts = facts
        self.profile_root = profile_root
        self.support_view: SupportView | None = None
        self._timelines: dict[str, Timeline] = {}
        self._replay: ReplayController | None = None
        self._shown_tax_code = window.store.current_tax_code

        self.banner = plain_label(banner_text(self.shown_facts), wrap=True)
        self.banner.setObjectName("bundleBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setAccessibleName(self.banner.text())
        # Above everything the window shows, the full width: the window's own widgets move
        # into a frame under it (QMainWindow's public takeCentralWidget, no change to the window).
        frame = QWidget(window)
        frame.setObjectName("bundleFrame")
        column = QVBoxLayout(frame)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        central = window.takeCentralWidget()
        assert central is not None  # the window always has its splitter
        column.addWidget(central, 1)
        window.setCentralWidget(frame)

        # What would write into the copy or reach a server is off; looking is all there is.
        self._writers: tuple[QAction, ...] = (
            window.rate_action,
            window.feedback_action,
            window.sync_action,
            session.login_action,
            session.logout_action,
        )
        # The toolbar's buttons are actions of their own that trigger these: greyed out too.
        tips = {action.text().split(". ", 1)[-1] for action in self._writers}
        self._writers += tuple(a for a in window.toolbar.actions() if a.toolTip() in tips)
        for action in self._writers:
            # The window enables some of them again as the selection moves: held off whoever does.
            action.changed.connect(self._hold_writers_off)
        self._hold_writers_off()

        menu = window.menuBar().addMenu(self.tr("Hỗ t&rợ"))
        self.view_action = QAction(self.tr("1. Diễn biến và chẩn đoán…"), window)
        self.view_action.setShortcut("Ctrl+Shift+D")
        self.view_action.triggered.connect(self.show_support_view)
        self.replay_action = QAction(self.tr("2. Phát lại trên máy chủ thử nghiệm…"), window)
        self.replay_action.triggered.connect(self.show_support_view)
        self.handback_action = QAction(self.tr("3. Xuất thiết lập đã sửa cho người khai…"), window)
        self.handback_action.triggered.connect(self.show_handback)
        menu.addAction(self.view_action)
        menu.addAction(self.replay_action)
        menu.addAction(self.handback_action)
        self.menu = menu
        self.handback_dialog: HandbackDialog | None = None
        # A broker's bundle: the switcher moves between its enterprises (read-only, in memory).
        window.store_events.changed.connect(self._store_changed)

    @property
    def shown_facts(self) -> BundleFacts:
        """The facts told for the enterprise the window shows (a broker's bundle has several)."""
        return self.facts.for_enterprise(self.window.store.current_tax_code)

    def _store_changed(self, parts: frozenset[object]) -> None:
        tax_code = self.window.store.current_tax_code
        if tax_code == self._shown_tax_code or not self.facts.several:
            return
        self._shown_tax_code = tax_code
        if not self.replay_running:
            self.set_banner(banner_text(self.shown_facts))
        # The support view tells of one enterprise: built again for the one shown now.
        if self.support_view is not None:
            visible = self.support_view.isVisible()
            self.support_view.shutdown()
            self.support_view.deleteLater()
            self.support_view = None
            if visible:
                self.show_support_view()
        if self.handback_dialog is not None:  # it is made for one enterprise too
            self.handback_dialog.close()
            self.handback_dialog.deleteLater()
            self.handback_dialog = None

    @property
    def replay_running(self) -> bool:
        return self._replay is not None and (self._replay.running or self._replay.starting)

    def _hold_writers_off(self) -> None:
        for action in self._writers:
            if action.isEnabled():
                action.setEnabled(False)

    def set_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setAccessibleName(text)

    @property
    def timeline(self) -> Timeline:
        """What happened to the enterprise shown, read once from the bundle's logs and outbox."""
        facts = self.shown_facts
        if facts.tax_code not in self._timelines:
            self._timelines[facts.tax_code] = facts.timeline()
        return self._timelines[facts.tax_code]

    @property
    def replay(self) -> ReplayController:
        if self._replay is None:
            from ui.replay import ReplayController

            self._replay = ReplayController(self)
            self._replay.scenario_changed.connect(self._replaying)
        return self._replay

    def _replaying(self, scenario: str) -> None:
        self.set_banner(
            self.tr(
                "Đang phát lại gói {name} trên máy chủ thử nghiệm trong máy này, kịch bản "
                "{scenario}: chỉ gửi tới máy chủ đó, không gửi tới hải quan. Dữ liệu của gói "
                "không bị ghi: phát lại dùng một bản sao riêng."
            ).format(name=self.facts.bundle_name, scenario=scenario)
        )

    @property
    def replay_prepared(self) -> Prepared | None:
        return self._replay.prepared if self._replay is not None else None

    def show_support_view(self) -> SupportView:
        from ui.common import bring_to_front
        from ui.support_view import SupportView

        if self.support_view is None:
            self.support_view = SupportView(self, parent=self.window)
        bring_to_front(self.support_view)
        return self.support_view

    def show_handback(self) -> HandbackDialog:
        from ui.common import bring_to_front
        from ui.handback import HandbackDialog

        if self.handback_dialog is None:
            self.handback_dialog = HandbackDialog(self)
        bring_to_front(self.handback_dialog)
        return self.handback_dialog

    def start_replay(self) -> None:
        """``--replay``: the support view, and the replay under the scenario chosen there."""
        self.show_support_view().start_replay()

    def shutdown(self) -> None:
        if self.support_view is not None:
            self.support_view.shutdown()
        if self._replay is not None:
            self._replay.shutdown()


# -- Trợ giúp → Mở gói hỗ trợ… ---------------------------------------------------------------


def choose_bundle(parent: QWidget | None) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("BundleView", "Mở gói hỗ trợ"),
        str(Path.home()),
        QCoreApplication.translate("BundleView", "Gói hỗ trợ (*.zip)"),
    )
    return Path(path) if path else None


def bundle_command(bundle: Path) -> tuple[str, list[str]]:
    """How to start this program on *bundle*: the frozen .exe itself, or ``python -m ui``."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["--open-bundle", str(bundle)]
    return sys.executable, ["-m", "ui", "--open-bundle", str(bundle)]


def launch_bundle(bundle: Path) -> bool:
    program, arguments = bundle_command(bundle)
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)


class OpenBundleAction(QObject):
    def __init__(
        self,
        window: MainWindow,
        choose: Callable[[QWidget | None], Path | None] = choose_bundle,
        launch: Callable[[Path], bool] = launch_bundle,
    ):
        super().__init__(window)
        self.window = window
        self._choose = choose
        self._launch = launch
        self.action = QAction(self.tr("Mở gói hỗ trợ…"), window)
        self.action.triggered.connect(self.open)
        window.help_menu.addAction(self.action)

    def open(self) -> Path | None:
        bundle = self._choose(self.window)
        if bundle is None:
            return None
        if not self._launch(bundle):
            self.window.dialogs.warning(
                self.window,
                self.window.windowTitle(),
                self.tr("Không mở được gói hỗ trợ {name}. Hãy thử lại.").format(name=bundle.name),
            )
            return None
        self.window.statusBar().showMessage(
            self.tr("Đang mở gói hỗ trợ {name} trong một cửa sổ riêng…").format(name=bundle.name),
            10000,
        )
        return bundle


def install_open_bundle_action(window: MainWindow) -> OpenBundleAction:
    return OpenBundleAction(window)
