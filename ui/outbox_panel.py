"""Hộp thư đi: every sheet not yet delivered, why, and what the declarant can do about it.

Nothing is dropped silently: a sheet that waits shows its reason, attempts and next try; one the
server rejected shows the server's words and can be corrected and sent again as a new sheet;
removal exists, but only after a confirmation, and never for what the server may already count.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
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

from app.domain.states import OutboxState
from app.store import OutboxItem, OutboxKind, Store, StorePart
from ui import texts
from ui.common import INFO, plain_label
from ui.enterprise_switcher import owner_heading, show_owner
from ui.geometry import fit_to_screen
from ui.qt_noop import QT_TRANSLATE_NOOP
from ui.store_events import StoreEvents

_STATE_TEXTS = {
    OutboxState.QUEUED: QT_TRANSLATE_NOOP("OutboxState", "Chờ gửi"),
    OutboxState.SENDING: QT_TRANSLATE_NOOP("OutboxState", "Đang gửi"),
    OutboxState.REJECTED: QT_TRANSLATE_NOOP("OutboxState", "Bị từ chối"),
    OutboxState.NEEDS_ATTENTION: QT_TRANSLATE_NOOP("OutboxState", "Cần kiểm tra"),
    OutboxState.DELIVERED: QT_TRANSLATE_NOOP("OutboxState", "Đã gửi"),
}
_KIND_TEXTS = {
    OutboxKind.RATING_SHEET: QT_TRANSLATE_NOOP("OutboxKind", "Phiếu đánh giá"),
    OutboxKind.SUPPORT_REQUEST: QT_TRANSLATE_NOOP("OutboxKind", "Yêu cầu hỗ trợ"),
    OutboxKind.RESPONSE_FEEDBACK: QT_TRANSLATE_NOOP("OutboxKind", "Ý kiến về kết quả xử lý"),
}
_HEADERS = (
    QT_TRANSLATE_NOOP("OutboxModel", "Loại"),
    QT_TRANSLATE_NOOP("OutboxModel", "Tờ khai / nghiệp vụ"),
    QT_TRANSLATE_NOOP("OutboxModel", "Trạng thái"),
    QT_TRANSLATE_NOOP("OutboxModel", "Lý do"),
    QT_TRANSLATE_NOOP("OutboxModel", "Số lần gửi"),
    QT_TRANSLATE_NOOP("OutboxModel", "Lần gửi tiếp"),
)
WAITING_STATES = (
    OutboxState.QUEUED,
    OutboxState.SENDING,
    OutboxState.REJECTED,
    OutboxState.NEEDS_ATTENTION,
)


_NEVER_SENT = QT_TRANSLATE_NOOP(
    "OutboxModel",
    "Chưa gửi lần nào: được gửi ở lần đồng bộ tới, khi máy tính có kết nối và đã đăng nhập "
    "máy chủ hải quan.",
)
_SENDING = QT_TRANSLATE_NOOP("OutboxModel", "Đang gửi đến máy chủ hải quan…")
_NEXT_SYNC = QT_TRANSLATE_NOOP("OutboxModel", "Ở lần đồng bộ tới")


def _due(item: OutboxItem) -> datetime | None:
    """When the next try is planned, or None for one that is due already (or never planned)."""
    if not item.next_attempt_at:
        return None
    when = datetime.fromisoformat(item.next_attempt_at)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when if when > datetime.now(UTC) else None


def _subject(item: OutboxItem) -> str:
    payload = item.payload
    for key in ("declaration_number", "operation_code", "response_id"):
        if payload.get(key):
            return str(payload[key])
    return ""


class OutboxModel(QAbstractTableModel):
    """The outbox items that are not delivered; small by nature, so read whole on refresh."""

    def __init__(self, store: Store, language: str = "vi", parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._language = language
        self.items: list[OutboxItem] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.items = self._store.outbox.items(WAITING_STATES)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("OutboxModel", _HEADERS[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return QCoreApplication.translate(
                    "OutboxKind", _KIND_TEXTS.get(item.kind, item.kind)
                )
            if column == 1:
                return _subject(item)
            if column == 2:
                return QCoreApplication.translate(
                    "OutboxState", _STATE_TEXTS.get(item.state, item.state)
                )
            if column == 3:
                return self.reason(item)
            if column == 4:
                return str(item.attempts)
            if column == 5:
                if item.state != OutboxState.QUEUED:
                    return ""
                # A time in the past would read as a fault: a due item goes at the next sync.
                due = _due(item)
                if due is None:
                    return QCoreApplication.translate("OutboxModel", _NEXT_SYNC)
                return texts.format_time(due)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None

    def reason(self, item: OutboxItem) -> str:
        """Why the item is still here, in words: the server's or the sync's, else what waits."""
        if item.error is not None:
            return item.error.text(self._language)  # type: ignore[arg-type]
        if item.state == OutboxState.SENDING:
            return QCoreApplication.translate("OutboxModel", _SENDING)
        if item.state == OutboxState.QUEUED and item.attempts == 0:
            return QCoreApplication.translate("OutboxModel", _NEVER_SENT)
        return ""


class OutboxPanel(QDialog):
    """Non-modal window listing the outbox, with "retry now", "correct" and "remove"."""

    retry_requested = Signal()
    correct_requested = Signal(str)  # declaration number of a rejected sheet
    changed = Signal()

    def __init__(
        self,
        store: Store,
        dialogs: Any,
        language: str = "vi",
        parent: QWidget | None = None,
        *,
        events: StoreEvents | None = None,
    ):
        super().__init__(parent)
        self._title = self.tr("Hộp thư đi – phiếu chưa gửi và bị từ chối")
        self.setWindowTitle(self._title)
        if events is not None:
            events.changed.connect(self._store_changed)
        self.setModal(False)
        self._store = store
        self._dialogs = dialogs
        self.model = OutboxModel(store, language, self)

        #: Whose outbox this is: the current enterprise's name and tax code.
        self.owner_label = owner_heading(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        #: What to do about what the table shows (never sent, rejected).
        self.hint = plain_label("", self, wrap=True)
        self.hint.setStyleSheet(f"color: {INFO};")
        self.hint.setVisible(False)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Danh sách phiếu chưa gửi"))
        # Fixed modes, set once: the columns keep their shape through every refresh ("Gửi lại
        # ngay" used to collapse them); the reason takes the rest and wraps.
        header = self.table.horizontalHeader()
        for column in range(len(_HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        # Tab leaves the table for the buttons (arrows move between rows): no keyboard trap.
        self.table.setTabKeyNavigation(False)

        self.retry_button = QPushButton(self.tr("&Gửi lại ngay"), self)
        self.correct_button = QPushButton(self.tr("&Sửa và gửi lại…"), self)
        self.remove_button = QPushButton(self.tr("&Xóa khỏi hộp thư đi…"), self)
        self.close_button = QPushButton(self.tr("Đó&ng"), self)
        self.retry_button.clicked.connect(self.retry_selected)
        self.correct_button.clicked.connect(self.correct_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.close_button.clicked.connect(self.close)
        # Enter retries (harmless, the usual wish here); never removal or a correction.
        self.retry_button.setDefault(True)

        buttons = QHBoxLayout()
        for button in (self.retry_button, self.correct_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.owner_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 420)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def _store_changed(self, parts: frozenset[StorePart]) -> None:
        if StorePart.OUTBOX in parts and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        selected = self.selected_item()
        self.model.refresh()
        show_owner(self, self.owner_label, self._title, self._store)
        counts = self._store.outbox.counts()
        waiting = counts[OutboxState.QUEUED] + counts[OutboxState.SENDING]
        failed = counts[OutboxState.REJECTED] + counts[OutboxState.NEEDS_ATTENTION]
        self.summary.setText(
            self.tr("{waiting} phiếu chờ gửi, {failed} phiếu cần xử lý").format(
                waiting=waiting, failed=failed
            )
            if self.model.items
            else self.tr(
                "Hộp thư đi trống: mọi phiếu đánh giá và câu hỏi đã được gửi đến hải quan."
            )
        )
        never = any(
            i.state == OutboxState.QUEUED and i.attempts == 0 and i.error is None
            for i in self.model.items
        )
        rejected = counts[OutboxState.REJECTED] > 0
        hints = []
        if never:
            hints.append(
                self.tr(
                    "Phiếu chưa gửi lần nào được gửi tự động khi có kết nối. Nếu chưa đăng nhập, "
                    "chọn Hệ thống → Đăng nhập máy chủ hải quan; “Gửi lại ngay” gửi ngay khi có "
                    "thể."
                )
            )
        if rejected:
            hints.append(
                self.tr(
                    "Phiếu bị từ chối: chọn phiếu rồi “Sửa và gửi lại…” để sửa theo lý do "
                    "máy chủ nêu."
                )
            )
        self.hint.setText("\n".join(hints))
        self.hint.setVisible(bool(hints))
        if selected is not None:
            for row, item in enumerate(self.model.items):
                if item.id == selected.id:
                    self.table.selectRow(row)
                    break
        elif self.model.items:
            self.table.selectRow(0)
        self._update_buttons()

    def selected_item(self) -> OutboxItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        row = rows[0].row()
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def _update_buttons(self, *_args: object) -> None:
        item = self.selected_item()
        state = item.state if item else None
        self.retry_button.setEnabled(bool(self.model.items))
        self.correct_button.setEnabled(
            item is not None
            and item.kind == OutboxKind.RATING_SHEET
            and state == OutboxState.REJECTED
        )
        self.remove_button.setEnabled(item is not None and state != OutboxState.SENDING)

    def retry_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._store.outbox.retry_now(item.id)
        self.retry_requested.emit()
        self.refresh()

    def correct_selected(self) -> None:
        item = self.selected_item()
        if item is not None and item.state == OutboxState.REJECTED:
            self.correct_requested.emit(str(item.payload.get("declaration_number", "")))

    def remove_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        confirmed = self._dialogs.question(
            self,
            self.tr("Xóa khỏi hộp thư đi"),
            self.tr(
                "Xóa {kind} {subject}? Nội dung này sẽ không được gửi đến hải quan và không thể khôi phục."
            ).format(
                kind=QCoreApplication.translate(
                    "OutboxKind", _KIND_TEXTS.get(item.kind, item.kind)
                ).lower(),
                subject=_subject(item),
            ),
            self.tr("Xóa"),
            self.tr("Không xóa"),
        )
        if confirmed and self._store.outbox.remove(item.id):
            self.changed.emit()
        self.refresh()
