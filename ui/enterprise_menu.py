"""The enterprises in the *Hệ thống* menu: choose one, the list, the overview of all.

Built by the session (it knows who is logged in); every item is reachable from the keyboard
(Alt+H, then the numbers' underlined letters or the arrows): "5. Chọn doanh nghiệp" lists the
profile's enterprises as checkable items, "6. Danh sách doanh nghiệp…" (Ctrl+Shift+L) adds, logs
in and removes, "7. Tất cả doanh nghiệp…" (Ctrl+Shift+E) shows every one's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from app.store import StorePart
from ui.common import bring_to_front
from ui.enterprise_switcher import enterprise_label
from ui.protocols import AppWindow, as_widget

if TYPE_CHECKING:
    from ui.enterprise_list import EnterpriseListDialog
    from ui.enterprise_overview import EnterpriseOverview
    from ui.session import ClientSession


class EnterpriseMenu(QObject):
    """Owns the three menu items and the two windows they open."""

    def __init__(self, window: AppWindow, session: ClientSession, before: QAction):
        super().__init__(session)
        self._window = window
        self._session = session
        widget = as_widget(window)
        self.choose_menu = QMenu(self.tr("5. Chọn doanh nghiệp"), widget)
        self.choose_menu.aboutToShow.connect(self._fill)
        self._group = QActionGroup(self)
        self.list_action = QAction(self.tr("6. Danh sách doanh nghiệp…"), widget)
        self.list_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.list_action.triggered.connect(self.show_list)
        self.overview_action = QAction(self.tr("7. Tất cả doanh nghiệp…"), widget)
        self.overview_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.overview_action.triggered.connect(self.show_overview)
        menu = window.system_menu
        menu.insertMenu(before, self.choose_menu)
        menu.insertAction(before, self.list_action)
        menu.insertAction(before, self.overview_action)
        self.overview: EnterpriseOverview | None = None
        self.list_dialog: EnterpriseListDialog | None = None
        self._fill()
        window.store_events.changed.connect(self._store_changed)
        session.enterprises_changed.connect(self._refresh_windows)
        # Ctrl+E with one enterprise: the list, to add another.
        switcher = getattr(window, "enterprise_switcher", None)
        if switcher is not None:
            switcher.list_requested.connect(self.show_list)

    def _fill(self) -> None:
        """The submenu, read when it opens: one checkable item per enterprise."""
        store = self._window.store
        self.choose_menu.clear()
        for action in self._group.actions():
            self._group.removeAction(action)
        current = store.current_tax_code
        for entry in store.enterprises.all():
            action = QAction(enterprise_label(entry), self.choose_menu, checkable=True)
            action.setChecked(entry.tax_code == current)
            action.setData(entry.tax_code)
            action.triggered.connect(lambda _=False, t=entry.tax_code: self.choose(t))
            self._group.addAction(action)
            self.choose_menu.addAction(action)
        self.choose_menu.setEnabled(bool(self._group.actions()))

    def choose(self, tax_code: str) -> None:
        store = self._window.store
        if tax_code != store.current_tax_code:
            store.enterprises.set_current(tax_code)

    def show_overview(self) -> EnterpriseOverview:
        from ui.enterprise_overview import EnterpriseOverview

        if self.overview is None:
            self.overview = EnterpriseOverview(
                self._window.store, self._session, self._window.language, as_widget(self._window)
            )
        self.overview.refresh()
        bring_to_front(self.overview)
        return self.overview

    def show_list(self) -> EnterpriseListDialog:
        from ui.enterprise_list import EnterpriseListDialog

        if self.list_dialog is None:
            self.list_dialog = EnterpriseListDialog(
                self._window.store,
                self._session,
                self._window.dialogs,
                self._window.language,
                as_widget(self._window),
            )
        self.list_dialog.refresh()
        bring_to_front(self.list_dialog)
        return self.list_dialog

    def _store_changed(self, parts: frozenset[StorePart]) -> None:
        for view in (self.overview, self.list_dialog):
            if view is not None:
                view.store_changed(parts)

    def _refresh_windows(self) -> None:
        for view in (self.overview, self.list_dialog):
            if view is not None and view.isVisible():
                view.refresh()

    def close(self) -> None:
        for view in (self.overview, self.list_dialog):
            if view is not None:
                view.close()
