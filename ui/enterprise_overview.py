"""Tất cả doanh nghiệp: every enterprise of the profile on one screen, and Enter opens one.

A broker works for one client at a time, but must not miss what waits elsewhere: per enterprise
the declarations still unrated, the sheets waiting to be sent, customs' new answers, the
connection and the last good sync. Each row's counts come from ``store.enterprises.summary``
(one index range per enterprise); the connection from the session, which keeps each
enterprise's last state. Enter or a double click makes that enterprise the current one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.store import Store, StorePart
from app.store.enterprises import Summary
from ui import texts
from ui.enterprise_switcher import enterprise_label
from ui.geometry import fit_to_screen
from ui.status_indicators import connection_text

ModelIndex = QModelIndex | QPersistentModelIndex


class KnowsConnections(Protocol):
    """What the overview asks of the session: each enterprise's connection state."""

    def state_of(self, tax_code: str) -> tuple[str, str]: ...


class _Row:
    __slots__ = ("detail", "label", "last_sync", "state", "summary", "tax_code")

    def __init__(
        self,
        tax_code: str,
        label: str,
        summary: Summary,
        state: tuple[str, str],
        last_sync: str | None,
    ):
        self.tax_code = tax_code
        self.label = label
        self.summary = summary
        self.state, self.detail = state
        self.last_sync = last_sync


class OverviewModel(QAbstractTableModel):
    """One row per enterprise: name and tax code, unrated, waiting, new answers, connection,
    last good sync."""

    def __init__(
        self,
        store: Store,
        connections: KnowsConnections,
        language: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._connections = connections
        self._language = language
        self.rows: list[_Row] = []
        self._headers = (
            self.tr("Doanh nghiệp"),
            self.tr("Chưa đánh giá"),
            self.tr("Chờ gửi"),
            self.tr("Phản hồi mới"),
            self.tr("Kết nối"),
            self.tr("Đồng bộ tốt lần cuối"),
        )
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = [
            _Row(
                entry.tax_code,
                enterprise_label(entry),
                self._store.enterprises.summary(entry.tax_code, with_total=False),
                self._connections.state_of(entry.tax_code),
                entry.last_good_sync,
            )
            for entry in self._store.enterprises.all()
        ]
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return row.tax_code
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        words, colour = connection_text(row.state)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor(colour)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return row.detail or words
        if role == Qt.ItemDataRole.FontRole and row.tax_code == self._store.current_tax_code:
            font = QFont()
            font.setBold(True)
            return font
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        counts = {1: row.summary.unrated, 2: row.summary.waiting, 3: row.summary.unread_responses}
        if column == 0:
            return row.label
        if column in counts:
            return texts.format_count(counts[column], self._language)
        if column == 4:
            return f"{words} – {row.detail}" if row.detail else words
        if row.last_sync:
            return texts.format_time(datetime.fromisoformat(row.last_sync))
        return self.tr("Chưa đồng bộ")


class _Table(QTableView):
    """Enter opens the enterprise of the current row (a table eats Enter otherwise)."""

    open_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class EnterpriseOverview(QDialog):
    """Tất cả doanh nghiệp. Refreshes from the store's change signal and the session's."""

    # An enterprise was opened (made current): its tax code.
    opened = Signal(str)

    def __init__(
        self,
        store: Store,
        connections: KnowsConnections,
        language: str = "vi",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tất cả doanh nghiệp"))
        self._store = store
        self.model = OverviewModel(store, connections, language, self)
        self.table = _Table(self)
        self.table.setObjectName("enterpriseOverview")
        self.table.setAccessibleName(self.tr("Tất cả doanh nghiệp"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.open_requested.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        # Tab leaves the table for the buttons (the arrows move between rows): no keyboard trap.
        self.table.setTabKeyNavigation(False)
        hint = QLabel(self.tr("Chọn một dòng và bấm Enter để làm việc cho doanh nghiệp đó."), self)
        hint.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Mở doanh nghiệp"), self)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex()))
        close_button = QPushButton(self.tr("Đó&ng"), self)
        close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        fit_to_screen(self, 860, 320)
        self.refresh()

    def refresh(self) -> None:
        chosen = self.table.currentIndex().data(Qt.ItemDataRole.UserRole)
        self.model.refresh()
        wanted = chosen or self._store.current_tax_code
        row = next((i for i, r in enumerate(self.model.rows) if r.tax_code == wanted), 0)
        if self.model.rows:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.open_button.setEnabled(bool(self.model.rows))

    def store_changed(self, parts: frozenset[StorePart]) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.isValid():
            return
        tax_code = str(self.model.rows[index.row()].tax_code)
        if tax_code != self._store.current_tax_code:
            self._store.enterprises.set_current(tax_code)
        self.opened.emit(tax_code)
        self.accept()
