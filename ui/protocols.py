"""What the session and the support actions may use of the main window, and of the session.

They used to take ``window: Any`` and reach for whatever they needed; a typo, or the window
renaming a menu, was found only when that code ran. These protocols list the surface they rely
on, so mypy checks both sides, and a test can hand in anything that has it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from app.paths import Paths
from app.settings import Settings
from app.store import Store

if TYPE_CHECKING:
    from ui.messages import Dialogs
    from ui.rating_dialog import QueueItem, RatingDialog
    from ui.store_events import StoreEvents

#: (server URL, tax code, password getter) of the logged-in session.
ConnectionDetails = tuple[str, str, Callable[[], str | None]]


class AppWindow(Protocol):
    """The main window as the session, the support actions and the bundle export see it."""

    store: Store
    settings: Settings
    language: str
    system_menu: QMenu
    other_menu: QMenu
    help_menu: QMenu
    quit_action: QAction

    @property
    def dialogs(self) -> Dialogs: ...
    @property
    def store_events(self) -> StoreEvents: ...
    @property
    def sync_requested(self) -> SignalInstance: ...
    @property
    def sheet_saved(self) -> SignalInstance: ...

    def statusBar(self) -> QStatusBar: ...
    def windowTitle(self) -> str: ...
    def set_connection_state(self, state: str, detail: str = "") -> None: ...
    def set_last_sync(self, when: datetime | None) -> None: ...
    def declarations_completed(self, numbers: Iterable[str]) -> None: ...
    def open_rating(self, items: list[QueueItem]) -> RatingDialog | None: ...


class SyncWaker(Protocol):
    def sync_now(self) -> None: ...


class AppSession(Protocol):
    """The session as the support actions see it."""

    paths: Paths

    @property
    def sync(self) -> SyncWaker | None: ...

    def connection_details(self) -> ConnectionDetails | None: ...


def as_widget(window: AppWindow) -> QWidget:
    """The window as a dialog's parent (every implementation is a QWidget)."""
    assert isinstance(window, QWidget)
    return window
