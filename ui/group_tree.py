"""The tree on the left of the declarations list: groups by rating state and by status.

Like the declarant's customs software, the list is browsed by picking a group on the left. Each
group is a pair of filter keys (status group, rating state) that the filter bar also offers, so
the tree and the combo boxes always describe the same filter.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView, QWidget

from app.domain.model import COMPLETED_STATUSES, IN_CLEARANCE_STATUSES, DeclarationStatus
from app.domain.states import RatingState
from app.store.query import GroupCounts
from ui import texts
from ui.qt_noop import QT_TRANSLATE_NOOP

#: Status filter keys: "all", a group, or one DeclarationStatus value.
ALL = "all"
IN_CLEARANCE = "in_clearance"
COMPLETED = "completed"
STATUS_GROUPS: dict[str, frozenset[str] | None] = {
    ALL: None,
    IN_CLEARANCE: frozenset(s.value for s in IN_CLEARANCE_STATUSES),
    COMPLETED: frozenset(s.value for s in COMPLETED_STATUSES),
    **{s.value: frozenset({s.value}) for s in DeclarationStatus},
}
STATUS_GROUP_TEXTS = {
    ALL: QT_TRANSLATE_NOOP("Groups", "Tất cả"),
    IN_CLEARANCE: QT_TRANSLATE_NOOP("Groups", "Đang làm thủ tục"),
    COMPLETED: QT_TRANSLATE_NOOP("Groups", "Đã hoàn thành thủ tục"),
}
#: Rating filter keys in the order the filter bar lists them.
RATING_KEYS = (
    ALL,
    RatingState.UNRATED,
    RatingState.QUEUED,
    RatingState.SENT,
    RatingState.REJECTED,
    RatingState.NOT_RATABLE,
)

FilterKeyRole = Qt.ItemDataRole.UserRole + 1


def status_key_label(key: str, language: str) -> str:
    if key in STATUS_GROUP_TEXTS:
        return QCoreApplication.translate("Groups", STATUS_GROUP_TEXTS[key])
    return texts.status_label(DeclarationStatus(key), language)


def rating_key_label(key: str) -> str:
    if key == ALL:
        return QCoreApplication.translate("Groups", STATUS_GROUP_TEXTS[ALL])
    return texts.rating_state_label(key)


class GroupModel(QStandardItemModel):
    """Two branches: "Đánh giá mức độ hài lòng" by rating state, "Trạng thái tờ khai" by status."""

    def __init__(self, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._language = language
        self.setHorizontalHeaderLabels([self.tr("Nhóm tờ khai")])
        self._items: dict[tuple[str, str], QStandardItem] = {}
        self._names: dict[tuple[str, str], str] = {}
        root = self.invisibleRootItem()
        root.appendRow(self._item(ALL, ALL, self.tr("Tất cả tờ khai")))
        rating = self._heading(self.tr("Đánh giá mức độ hài lòng"))
        for state in RATING_KEYS[1:5]:
            rating.appendRow(self._item(ALL, state, texts.rating_state_label(state)))
        root.appendRow(rating)
        status = self._heading(self.tr("Trạng thái tờ khai"))
        for group, members in (
            (IN_CLEARANCE, IN_CLEARANCE_STATUSES),
            (COMPLETED, COMPLETED_STATUSES),
        ):
            parent_item = self._item(group, ALL, status_key_label(group, language))
            for member in DeclarationStatus:
                if member in members:
                    parent_item.appendRow(
                        self._item(member.value, ALL, texts.status_label(member, language))
                    )
            status.appendRow(parent_item)
        cancelled = DeclarationStatus.CANCELLED
        status.appendRow(self._item(cancelled.value, ALL, texts.status_label(cancelled, language)))
        root.appendRow(status)

    def _heading(self, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        return item

    def _item(self, status_key: str, rating_key: str, name: str) -> QStandardItem:
        item = QStandardItem(name)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setData((status_key, rating_key), FilterKeyRole)
        self._items[(status_key, rating_key)] = item
        self._names[(status_key, rating_key)] = name
        return item

    def index_for(self, status_key: str, rating_key: str) -> QModelIndex:
        item = self._items.get((status_key, rating_key))
        return item.index() if item is not None else QModelIndex()

    def set_counts(self, counts: GroupCounts) -> None:
        """Append "(n)" to every group's name."""
        for (status_key, rating_key), item in self._items.items():
            if rating_key != ALL:
                n = counts.by_rating_state.get(rating_key, 0)
            elif status_key == ALL:
                n = counts.total
            else:
                members = STATUS_GROUPS[status_key] or frozenset()
                n = counts.statuses(members)
            name = self._names[(status_key, rating_key)]
            item.setText(f"{name} ({texts.format_count(n, self._language)})")
            item.setToolTip(item.text())


class GroupTree(QTreeView):
    """Picks a group; the window turns it into a filter."""

    group_chosen = Signal(str, str)

    def __init__(self, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.group_model = GroupModel(language, self)
        self.setModel(self.group_model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setIndentation(self.fontMetrics().height())
        self.expandAll()
        self.setAccessibleName(self.tr("Nhóm tờ khai"))
        self.selectionModel().currentChanged.connect(self._current_changed)
        self._quiet = False

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        keys = current.data(FilterKeyRole)
        if keys:
            self.group_chosen.emit(*keys)

    def show_group(self, status_key: str, rating_key: str) -> None:
        """Select the group matching a filter (or none) without emitting group_chosen."""
        index = self.group_model.index_for(status_key, rating_key)
        self._quiet = True
        try:
            if index.isValid():
                self.selectionModel().setCurrentIndex(
                    index, self.selectionModel().SelectionFlag.ClearAndSelect
                )
            else:
                self.selectionModel().clearSelection()
                self.selectionModel().setCurrentIndex(
                    QModelIndex(), self.selectionModel().SelectionFlag.Clear
                )
        finally:
            self._quiet = False
