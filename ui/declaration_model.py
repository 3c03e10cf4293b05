"""The declarations table model: row ids in an array, rows fetched from SQLite as they show.

Holds no row objects beyond a small cache of the blocks on screen, so a million declarations cost
8 MB of ids. Sorting and filtering never happen here: ``sort()`` and ``set_filter()`` ask
``app.store.query`` for a new id list, on a worker thread, and swap it in when it arrives.
"""

from __future__ import annotations

import logging
import sqlite3
from array import array
from collections import OrderedDict
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.domain.states import RatingState
from app.store import Store, StoreError, is_corruption, reading, report_damage
from app.store import query as dq
from app.store.query import (
    DeclarationFilter,
    DeclarationRow,
    GroupCounts,
    SortColumn,
    TableQuery,
)
from ui import texts
from ui.background import BackgroundRunner

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

#: The declaration's database id, for callers that must find a row again after a reload.
IdRole = Qt.ItemDataRole.UserRole + 1
#: The declaration number (the business key).
NumberRole = Qt.ItemDataRole.UserRole + 2
#: The raw rating state ("unrated", ...).
RatingStateRole = Qt.ItemDataRole.UserRole + 3
#: The DeclarationStatus value.
StatusRole = Qt.ItemDataRole.UserRole + 4

_BLOCK = 128
_CACHED_BLOCKS = 64


#: Rows shown at once after a sort or filter; the rest of the id list follows from a worker.
FIRST_PAGE = 256


def load_full(
    path: Path, query: TableQuery, tax_code: str, *, ids: bool, counts: bool
) -> tuple[array[int] | None, GroupCounts | None]:
    """One enterprise's whole id list and/or group counts, on the calling (worker) thread's
    connection."""
    with reading(path) as conn:
        return (
            dq.select_ids(conn, query, tax_code=tax_code) if ids else None,
            dq.group_counts(conn, tax_code) if counts else None,
        )


class DeclarationTableModel(QAbstractTableModel):
    """Seven columns (number, type, office, channel, registered, status, rating state)."""

    #: The complete id list is in place (after a sort, a filter or a refresh).
    loaded = Signal()
    #: Fresh counts per status and rating state (after the data changed).
    counts_changed = Signal(object)
    #: Loading the id list failed; the previous list stays.
    load_failed = Signal(str)

    def __init__(
        self,
        store: Store,
        language: str = "vi",
        parent: QObject | None = None,
        *,
        background: bool = True,
    ):
        super().__init__(parent)
        self._store = store
        self._language = language
        self._query = TableQuery()
        self._ids: array[int] = array("q")
        self._blocks: OrderedDict[int, list[DeclarationRow | None]] = OrderedDict()
        self._generation = 0
        self.counts: GroupCounts | None = None
        self._tax_code = store.current_tax_code
        self._background = background
        self._runner = BackgroundRunner(self) if background else None
        self._headers = (
            self.tr("Số tờ khai"),
            self.tr("Loại hình"),
            self.tr("Chi cục hải quan"),
            self.tr("Luồng"),
            self.tr("Ngày đăng ký"),
            self.tr("Trạng thái"),
            self.tr("Đánh giá"),
        )
        self.refresh()

    # -- what the table holds --------------------------------------------------------------

    @property
    def query(self) -> TableQuery:
        return self._query

    @property
    def is_loading(self) -> bool:
        return self._runner is not None and self._runner.busy

    def set_query(self, query: TableQuery) -> None:
        if query == self._query:
            return  # already loaded or loading; refresh() reloads on purpose
        self._query = query
        self._load(data_changed=False)

    def set_filter(self, flt: DeclarationFilter) -> None:
        self.set_query(TableQuery(flt, self._query.sort, self._query.descending))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SortColumn):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(TableQuery(self._query.filter, SortColumn(column), descending))

    def refresh(self) -> None:
        """The store changed: read the id list and the counts again."""
        self._load(data_changed=True)

    def _load(self, *, data_changed: bool) -> None:
        """First screen now, on the GUI thread (a few ms); the rest from a worker.

        A sort of a million rows takes SQLite and Python well over 100 ms; the first page of
        it, read along the sort index, takes a few. The declarant sees the new order at once
        and the scroll bar grows to full length when the worker is done.
        """
        self._generation += 1
        generation = self._generation
        query = self._query
        # The current enterprise's rows only; a switch announces every part changed (a reload).
        tax_code = self._store.current_tax_code
        if tax_code != self._tax_code:
            self._tax_code, self.counts = tax_code, None
        want_counts = data_changed or self.counts is None
        if self._runner is None:
            counts = dq.group_counts(self._store, tax_code) if want_counts else None
            self._apply(generation, (dq.select_ids(self._store, query, tax_code=tax_code), counts))
            return
        first = dq.select_ids(
            self._store, query, tax_code=tax_code, limit=FIRST_PAGE, counts=self.counts
        )
        self._reset(first)
        complete = len(first) < FIRST_PAGE
        if complete and not want_counts:
            self.loaded.emit()
            return
        path = self._store.path
        self._runner.submit(
            lambda: load_full(path, query, tax_code, ids=not complete, counts=want_counts),
            lambda result: self._apply(generation, result),
            self._failed,
        )

    def refresh_rows(self) -> None:
        """Drop cached rows so what is on screen is read again (a rating state changed)."""
        self._blocks.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1)
            )

    def wait(self) -> None:
        """Tests and shutdown: let a running load finish."""
        if self._runner is not None:
            self._runner.wait()

    def shutdown(self) -> None:
        if self._runner is not None:
            self._runner.shutdown()

    def _reset(self, ids: array[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._blocks.clear()
        self.endResetModel()

    def _apply(self, generation: int, result: tuple[array[int] | None, GroupCounts | None]) -> None:
        ids, counts = result
        if counts is not None:
            self.counts = counts
            self.counts_changed.emit(counts)
        if generation != self._generation:
            return  # a newer sort or filter was asked for meanwhile
        if ids is not None:
            shown = len(self._ids)
            if len(ids) >= shown and ids[:shown] == self._ids and self.rowCount():
                if len(ids) > shown:
                    # The first page is the start of the full list: only rows are added, so
                    # the selection and the scroll position stay.
                    self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                    self._ids = ids
                    self._blocks.clear()
                    self.endInsertRows()
            else:
                self._reset(ids)  # the data changed between the first page and the rest
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        log.error("loading declarations failed: %s", error)
        self.load_failed.emit(str(error))

    # -- looking rows up -------------------------------------------------------------------

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of_id(self, declaration_id: int) -> int | None:
        try:
            return self._ids.index(declaration_id)
        except ValueError:
            return None

    def declaration_at(self, row: int) -> DeclarationRow | None:
        if not 0 <= row < len(self._ids):
            return None
        block_no = row // _BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            block = self._load_block(block_no)
        else:
            self._blocks.move_to_end(block_no)
        return block[row - block_no * _BLOCK]

    def _load_block(self, block_no: int) -> list[DeclarationRow | None]:
        ids = self._ids[block_no * _BLOCK : (block_no + 1) * _BLOCK]
        try:
            found = dq.fetch_rows(self._store, ids)
        except sqlite3.ProgrammingError:
            # The store was closed under a window still painting (shutdown): show nothing.
            log.debug("store closed; rows not fetched")
            return [None] * len(ids)
        except (StoreError, sqlite3.DatabaseError) as error:
            # Damaged pages: blank rows, not cached, read again once the store guard has moved
            # the window onto the rescue file.
            if is_corruption(error):
                report_damage(self._store.path, str(error))
            log.warning(
                "rows %d-%d not read: %s", ids[0] if ids else 0, ids[-1] if ids else 0, error
            )
            return [None] * len(ids)
        block = [found.get(i) for i in ids]
        self._blocks[block_no] = block
        while len(self._blocks) > _CACHED_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SortColumn)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.declaration_at(index.row())
        if row is None:
            return None
        column = SortColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is SortColumn.OFFICE:
                return f"{row.office_code} – {row.office_name}"
            if column is SortColumn.RATING and row.rating_state == RatingState.NOT_RATABLE:
                return self.tr(
                    "Chỉ đánh giá khi tờ khai đã giải phóng hàng, mang hàng về bảo quản "
                    "hoặc thông quan."
                )
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column is SortColumn.CHANNEL:
            colours = texts.CHANNEL_COLOURS.get(row.channel) if row.channel else None
            return colours[0] if colours else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is SortColumn.CHANNEL and row.channel:
                return texts.CHANNEL_COLOURS[row.channel][1]
            if column is SortColumn.RATING:
                return texts.RATING_STATE_COLOURS.get(row.rating_state)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            SortColumn.TYPE,
            SortColumn.CHANNEL,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == IdRole:
            return row.id
        if role == NumberRole:
            return row.number
        if role == RatingStateRole:
            return row.rating_state.value
        if role == StatusRole:
            return row.status.value
        return None

    def _display(self, row: DeclarationRow, column: SortColumn) -> str:
        if column is SortColumn.NUMBER:
            return row.number
        if column is SortColumn.TYPE:
            return row.type_code
        if column is SortColumn.OFFICE:
            return f"{row.office_code} – {row.office_name}"
        if column is SortColumn.CHANNEL:
            return texts.channel_label(row.channel, self._language)
        if column is SortColumn.REGISTERED:
            return texts.format_time(row.registered_at)
        if column is SortColumn.STATUS:
            return texts.status_label(row.status, self._language)
        if row.rating_state == RatingState.NOT_RATABLE:
            return "—"
        return texts.rating_state_label(row.rating_state)
