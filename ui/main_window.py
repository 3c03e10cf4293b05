"""The declarant's main window: groups on the left, the declarations grid on the right.

Laid out like the customs-declaration software declarants already use: numbered items under
"Hệ thống", "Tờ khai xuất nhập khẩu" and "Nghiệp vụ khác" (which holds "Đánh giá mức độ hài
lòng"), a tree of groups by state, the grid with each declaration's rating state.

The sync engine (elsewhere) drives the window through a few public methods, all to be called on
the GUI thread: ``declarations_completed`` (raise the rating prompt, once per declaration, one
prompt with a queue), ``declarations_changed`` (reload the grid), ``set_connection_state``,
``set_outbox_waiting`` and ``set_last_sync`` (the status bar). It listens to ``sync_requested``
("Đồng bộ ngay") and ``sheet_saved`` (a sheet just entered the outbox).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Channel, DeclarationStatus, RatingStage
from app.domain.states import RatingState
from app.settings import Settings
from app.store import Store, StorePart
from app.store import query as dq
from app.store.query import DeclarationFilter, GroupCounts, SortColumn
from ui import texts
from ui.common import ERROR, bring_to_front
from ui.declaration_model import (
    DeclarationTableModel,
    NumberRole,
    RatingStateRole,
    StatusRole,
)
from ui.enterprise_switcher import EnterpriseSwitcher
from ui.geometry import geometry_text, place_main_window
from ui.group_tree import (
    ALL,
    RATING_KEYS,
    STATUS_GROUPS,
    GroupTree,
    rating_key_label,
    status_key_label,
)
from ui.icons import icon
from ui.messages import Dialogs
from ui.rating_dialog import QueueItem, RatingDialog
from ui.sheet_form import DraftBook
from ui.status_bar import ElidingLabel, ElidingStatusBar
from ui.status_indicators import StatusIndicators
from ui.store_events import StoreEvents
from ui.unrated_notice import UnratedNotice

log = logging.getLogger(__name__)

_RATABLE = (RatingState.UNRATED, RatingState.REJECTED)
_SEARCH_DELAY_MS = 200


class MainWindow(QMainWindow):
    """Declarations list, filters, status bar and the rating prompt's owner."""

    #: "Đồng bộ ngay" was chosen.
    sync_requested = Signal()
    #: A rating sheet was committed to the outbox (declaration number).
    sheet_saved = Signal(str)

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        dialogs: Dialogs | None = None,
        settings_path: Path | None = None,
        background: bool = True,
    ):
        super().__init__()
        self.store = store
        self.settings = settings
        self.language = settings.language
        self.dialogs = dialogs or Dialogs()
        self.settings_path = settings_path
        self.drafts = DraftBook()
        self.rating_dialog: RatingDialog | None = None
        self._background = background
        self._restore_id: int | None = None
        self.setWindowTitle(self.tr("Đánh giá mức độ hài lòng — Khai báo hải quan"))
        self.setWindowIcon(icon("app"))

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        # Every view of the store refreshes from one signal, whoever wrote (ui.store_events).
        self.store_events = StoreEvents(store, self)
        self.store_events.changed.connect(self._store_changed)
        # Whose declarations these are: the switcher in the menu bar, the name in the title.
        self.enterprise_switcher = EnterpriseSwitcher(store, self)
        self.store_events.changed.connect(self.enterprise_switcher.store_changed)
        self._build_status_bar()

        place_main_window(self, QSize(1280, 760), settings.window_geometry)
        tree_width = min(self._tree_width, self.width() // 4)
        self.splitter.setSizes([tree_width, self.width() - tree_width])

        total = store.declarations.count()
        unrated = store.declarations.count_by_rating_state(RatingState.UNRATED)
        self._show_summary(total, unrated)
        self.notice.set_count(unrated)  # the start-up notice: a banner, never a modal box
        self.set_outbox_waiting()
        self.tree.show_group(ALL, ALL)
        # Turning sorting on sorts by the indicator: this is the first load of the grid.
        self.table.horizontalHeader().setSortIndicator(
            SortColumn.REGISTERED, Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)
        if self.model.counts is not None:
            self._counts_loaded(self.model.counts)
        if not self.model.is_loading:
            self._grid_loaded()

    # -- building --------------------------------------------------------------------------

    def _action(
        self, text: str, slot: object, shortcut: str | None = None, icon_name: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.sync_action = self._action(
            self.tr("1. Đồng bộ ngay"), self.sync_requested.emit, "F9", "sync"
        )
        self.quit_action = self._action(self.tr("Thoát"), self.close, "Ctrl+Q")
        self.list_action = self._action(self.tr("1. Danh sách tờ khai"), self.show_all, "Ctrl+L")
        self.search_action = self._action(
            self.tr("2. Tìm tờ khai theo số"), self.focus_search, "Ctrl+F"
        )
        self.refresh_action = self._action(
            self.tr("3. Làm mới danh sách"), self.declarations_changed, "F5", "refresh"
        )
        self.rate_action = self._action(
            self.tr("1. Đánh giá mức độ hài lòng"), self.rate_selected, "Ctrl+D", "rate"
        )
        self.feedback_action = self._action(
            self.tr("2. Phản ánh vướng mắc trong quá trình thông quan"),
            self.report_problem_for_selected,
            "Ctrl+P",
            "feedback",
        )
        self.unrated_action = self._action(
            self.tr("3. Danh sách tờ khai chưa đánh giá"), self.show_unrated, None, "unrated"
        )
        self.guide_action = self._action(self.tr("Hướng dẫn đánh giá"), self.show_guide, "F1")
        self.about_action = self._action(self.tr("Giới thiệu"), self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setAccessibleName(self.tr("Thanh menu"))
        system = bar.addMenu(self.tr("&Hệ thống"))
        system.addAction(self.sync_action)
        languages = system.addMenu(self.tr("2. Ngôn ngữ / Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("vi", "Tiếng Việt"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self.language)
            action.triggered.connect(lambda _=False, c=code: self.choose_language(c))
            group.addAction(action)
            languages.addAction(action)
            self.language_actions[code] = action
        system.addSeparator()
        system.addAction(self.quit_action)
        self.system_menu = system

        declarations = bar.addMenu(self.tr("&Tờ khai xuất nhập khẩu"))
        declarations.addAction(self.list_action)
        declarations.addAction(self.search_action)
        declarations.addAction(self.refresh_action)
        self.declarations_menu = declarations

        other = bar.addMenu(self.tr("&Nghiệp vụ khác"))
        other.addAction(self.rate_action)
        other.addAction(self.feedback_action)
        other.addAction(self.unrated_action)
        self.other_menu = other

        help_menu = bar.addMenu(self.tr("Trợ &giúp"))
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Thanh công cụ"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action, text in (
            (self.rate_action, self.tr("Đánh giá")),
            (self.feedback_action, self.tr("Phản ánh vướng mắc")),
            (self.unrated_action, self.tr("Chưa đánh giá")),
            (self.refresh_action, self.tr("Làm mới")),
            (self.sync_action, self.tr("Đồng bộ")),
        ):
            button_action = toolbar.addAction(action.icon(), text)
            button_action.setToolTip(action.text().split(". ", 1)[-1])
            button_action.triggered.connect(action.trigger)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_central(self) -> None:
        splitter = QSplitter(self)
        self.splitter = splitter
        self.tree = GroupTree(self.language, splitter)
        self.tree.group_chosen.connect(self._group_chosen)

        right = QWidget(splitter)
        layout = QVBoxLayout(right)
        layout.setContentsMargins(4, 0, 0, 0)
        self.notice = UnratedNotice(self.language, right)
        self.notice.view_requested.connect(self.show_unrated)
        layout.addWidget(self.notice)

        filters = QHBoxLayout()
        status_caption = QLabel(self.tr("T&rạng thái:"), right)
        self.status_filter = QComboBox(right)
        for key in STATUS_GROUPS:
            self.status_filter.addItem(status_key_label(key, self.language), key)
        status_caption.setBuddy(self.status_filter)
        rating_caption = QLabel(self.tr("Đánh g&iá:"), right)
        self.rating_filter = QComboBox(right)
        for key in RATING_KEYS:
            self.rating_filter.addItem(rating_key_label(key), key)
        rating_caption.setBuddy(self.rating_filter)
        for combo in (self.status_filter, self.rating_filter):
            # Sized for a short label, not the longest one, so the search box keeps its room.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        search_caption = QLabel(self.tr("&Số tờ khai:"), right)
        self.search_edit = QLineEdit(right)
        self.search_edit.setPlaceholderText(self.tr("Gõ số tờ khai"))
        self.search_edit.setToolTip(self.tr("Tìm các tờ khai có số bắt đầu bằng các chữ số đã gõ"))
        self.search_edit.setClearButtonEnabled(True)
        for clear in self.search_edit.findChildren(QToolButton):
            clear.setAccessibleName(self.tr("Xóa số đã gõ"))  # Qt leaves it unnamed
        self.search_edit.setMaxLength(20)
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 16)
        search_caption.setBuddy(self.search_edit)
        for widget in (status_caption, self.status_filter, rating_caption, self.rating_filter):
            filters.addWidget(widget)
        filters.addSpacing(8)
        filters.addWidget(search_caption)
        filters.addWidget(self.search_edit, 1)
        layout.addLayout(filters)
        self.search_hint = QLabel(right)
        self.search_hint.setStyleSheet(f"color: {ERROR};")
        self.search_hint.setVisible(False)
        layout.addWidget(self.search_hint)

        self.model = DeclarationTableModel(
            self.store, self.language, self, background=self._background
        )
        self.model.loaded.connect(self._grid_loaded)
        self.model.counts_changed.connect(self._counts_loaded)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.load_failed.connect(self._grid_failed)
        self.table = QTableView(right)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.activated.connect(self._row_activated)
        self.table.setAccessibleName(self.tr("Danh sách tờ khai"))
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        # Fixed heights: the view then never measures a million rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        char = self.fontMetrics().horizontalAdvance("0")
        # The office name is long: it goes last and takes whatever width is left, so the
        # rating state stays in view on a 1366×768 screen at 150 %.
        header.moveSection(header.visualIndex(SortColumn.OFFICE), len(SortColumn) - 1)
        metrics = self.fontMetrics()
        samples = {
            SortColumn.NUMBER: ["104512345670"],
            SortColumn.TYPE: ["A11"],
            SortColumn.CHANNEL: [texts.channel_label(c, self.language) for c in Channel],
            SortColumn.REGISTERED: ["22/11/2026 23:06"],
            SortColumn.STATUS: [texts.status_label(s, self.language) for s in DeclarationStatus],
            SortColumn.RATING: [texts.rating_state_label(r) for r in RATING_KEYS[1:5]],
        }
        for column, words in samples.items():
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            # Room for the text, the cell margins and (in the header) the sort arrow.
            widest = max(metrics.horizontalAdvance(w) for w in words)
            width = max(widest + 2 * char, metrics.horizontalAdvance(title) + 4 * char)
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.shown_label = QLabel(right)
        layout.addWidget(self.shown_label)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)

        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        # Room for the longest group name and its count, but never more than a quarter.
        self.tree.resizeColumnToContents(0)
        wanted = self.tree.sizeHintForColumn(0) + metrics.horizontalAdvance(" (000.000)")
        self._tree_width = wanted + 2 * char
        self.setCentralWidget(splitter)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(lambda _: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.apply_filter)
        self.status_filter.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.rating_filter.currentIndexChanged.connect(lambda _: self.apply_filter())
        QWidget.setTabOrder(self.tree, self.status_filter)
        QWidget.setTabOrder(self.status_filter, self.rating_filter)
        QWidget.setTabOrder(self.rating_filter, self.search_edit)
        QWidget.setTabOrder(self.search_edit, self.table)
        self._update_actions()

    def _build_status_bar(self) -> None:
        # Texts that do not fit end with "…" and keep the whole text as a tooltip (ui.status_bar).
        bar = ElidingStatusBar(self)
        self.setStatusBar(bar)
        # Permanent widgets sit on the right, so temporary messages on the left never cover them.
        self.summary = ElidingLabel(bar, min_chars=10)
        self.summary.setContentsMargins(6, 0, 6, 0)
        bar.addPermanentWidget(self.summary)
        self.indicators = StatusIndicators(bar, self.language)

    # -- public API for the sync wiring ----------------------------------------------------

    def declarations_completed(self, numbers: Iterable[str]) -> None:
        """A sync brought these declarations to released / brought to storage / cleared.

        Raises the rating prompt once per declaration (remembered in the store across restarts);
        many at once give one prompt with a queue, and a prompt already open takes them in.
        """
        fresh = self.store.prompts.claim(numbers)
        items = [
            QueueItem(n, RatingStage.AFTER_COMPLETION)
            for n in fresh
            if self.store.declarations.rating_state(n) in _RATABLE
        ]
        if items:
            self.open_rating(items)

    def declarations_changed(self) -> None:
        """ "Làm mới danh sách" (F5): read the grid, the counts and the outbox count again."""
        self.model.refresh()  # the id list and the counts
        self.set_outbox_waiting()

    def _store_changed(self, parts: frozenset[StorePart]) -> None:
        if StorePart.DECLARATIONS in parts:
            self.model.refresh()
        if StorePart.OUTBOX in parts:
            self.set_outbox_waiting()

    def set_connection_state(self, state: str, detail: str = "") -> None:
        """A ``ConnectionState`` or ``ui.status_indicators.BarState`` value, with a reason."""
        self.indicators.set_connection_state(state, detail)

    def set_outbox_waiting(self, count: int | None = None) -> None:
        """Sheets waiting to be sent; None reads the count from the store."""
        if count is None:
            count = self.store.outbox.count_waiting()
        self.indicators.set_outbox_waiting(count)

    def set_last_sync(self, when: datetime | None) -> None:
        self.indicators.set_last_sync(when)

    # -- the rating prompt -----------------------------------------------------------------

    def open_rating(self, items: list[QueueItem]) -> RatingDialog | None:
        """Show the rating prompt for *items*, or add them to the one already open."""
        dialog = self.rating_dialog
        if dialog is not None and dialog.isVisible():
            dialog.add(items)
            bring_to_front(dialog)
            return dialog
        dialog = RatingDialog(
            self.store, self.settings, self.dialogs, items, drafts=self.drafts, parent=self
        )
        if dialog.current is None:
            dialog.deleteLater()
            return None
        dialog.sheet_saved.connect(self._sheet_saved)
        dialog.view_unrated_requested.connect(self.show_unrated)
        self.store_events.changed.connect(dialog.store_changed)
        dialog.finished.connect(lambda _result, d=dialog: self._rating_closed(d))
        # The prompt blocks the window, and it stays open from one declaration to the next:
        # F9 works in it too (seen: a new user pressed F9 in the prompt and nothing happened).
        dialog.addAction(self.sync_action)
        self.rating_dialog = dialog
        dialog.open()
        return dialog

    def _rating_closed(self, dialog: RatingDialog) -> None:
        if self.rating_dialog is dialog:
            self.rating_dialog = None
        dialog.deleteLater()

    def _sheet_saved(self, number: str) -> None:
        self.statusBar().showMessage(
            self.tr("Đã lưu phiếu tờ khai {number}, chờ gửi.").format(number=number),
            10000,
        )
        self.sheet_saved.emit(number)

    def _selected(self) -> tuple[str, str, str] | None:
        """(number, status, rating state) of the current row."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        number = index.data(NumberRole)
        if number is None:
            return None
        return number, index.data(StatusRole), index.data(RatingStateRole)

    def rate_selected(self) -> None:
        """ "Đánh giá mức độ hài lòng": rate the selected row, else list what is unrated."""
        selected = self._selected()
        if selected is not None and selected[2] in _RATABLE:
            self.open_rating([QueueItem(selected[0], RatingStage.AFTER_COMPLETION)])
            return
        self.show_unrated()
        self.statusBar().showMessage(
            self.tr("Chọn một tờ khai chưa đánh giá rồi nhấn Enter để đánh giá."), 10000
        )

    def report_problem_for_selected(self) -> None:
        """ "Phản ánh vướng mắc": a during-clearance report for the selected row."""
        selected = self._selected()
        if selected is None or not DeclarationStatus(selected[1]).is_in_clearance:
            self.dialogs.information(
                self,
                self.tr("Phản ánh vướng mắc"),
                self.tr(
                    "Chọn một tờ khai đang làm thủ tục (chưa thông quan) để phản ánh vướng mắc."
                ),
            )
            return
        self.open_rating([QueueItem(selected[0], RatingStage.DURING_CLEARANCE)])

    def _row_activated(self, index: QModelIndex) -> None:
        """Enter or double-click: rate a completed declaration, report on one in clearance."""
        selected = self._selected()
        if selected is None:
            return
        if selected[2] in _RATABLE:
            self.rate_selected()
        elif DeclarationStatus(selected[1]).is_in_clearance:
            self.report_problem_for_selected()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.rate_action)
        menu.addAction(self.feedback_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _update_actions(self, *args: object) -> None:
        selected = self._selected()
        self.feedback_action.setEnabled(
            selected is not None and DeclarationStatus(selected[1]).is_in_clearance
        )

    # -- filters ---------------------------------------------------------------------------

    def current_filter(self) -> DeclarationFilter:
        status_key = self.status_filter.currentData()
        rating_key = self.rating_filter.currentData()
        return DeclarationFilter(
            STATUS_GROUPS.get(status_key),
            None if rating_key == ALL else frozenset({rating_key}),
            self.search_edit.text(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        prefix = dq.normalize_number_prefix(self.search_edit.text())
        self.search_hint.setText(self.tr("Số tờ khai chỉ gồm chữ số."))
        self.search_hint.setVisible(prefix is None)
        self.tree.show_group(self.status_filter.currentData(), self.rating_filter.currentData())
        flt = self.current_filter()
        if flt != self.model.query.filter:
            self.model.set_filter(flt)

    def set_filter_keys(self, status_key: str, rating_key: str, search: str = "") -> None:
        """Set the filter bar (and with it the tree and the grid) in one go."""
        for combo, key in ((self.status_filter, status_key), (self.rating_filter, rating_key)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(key)))
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.setText(search)
        self.search_edit.blockSignals(False)
        self.apply_filter()

    def _group_chosen(self, status_key: str, rating_key: str) -> None:
        self.set_filter_keys(status_key, rating_key, self.search_edit.text())

    def show_unrated(self) -> None:
        """The unrated list: every declaration still waiting for its rating."""
        self.set_filter_keys(ALL, RatingState.UNRATED)
        bring_to_front(self)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_all(self) -> None:
        self.set_filter_keys(ALL, ALL)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # -- grid and counts -------------------------------------------------------------------

    def _remember_selection(self) -> None:
        index = self.table.currentIndex()
        self._restore_id = self.model.id_at(index.row()) if index.isValid() else None

    def _grid_loaded(self) -> None:
        rows = self.model.rowCount()
        self.shown_label.setText(
            self.tr("Hiển thị {count} tờ khai").format(
                count=texts.format_count(rows, self.language)
            )
        )
        row = self.model.row_of_id(self._restore_id) if self._restore_id is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                self.table.selectionModel().SelectionFlag.ClearAndSelect
                | self.table.selectionModel().SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        self._update_actions()

    def _grid_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("Không tải được danh sách tờ khai: {error}").format(error=message), 15000
        )

    def _counts_loaded(self, counts: GroupCounts) -> None:
        self.tree.group_model.set_counts(counts)
        unrated = counts.by_rating_state.get(RatingState.UNRATED, 0)
        self._show_summary(counts.total, unrated)
        self.notice.set_count(unrated)

    def _show_summary(self, total: int, unrated: int) -> None:
        self.summary.setText(
            self.tr("{total} tờ khai, {unrated} chưa đánh giá").format(
                total=texts.format_count(total, self.language),
                unrated=texts.format_count(unrated, self.language),
            )
        )

    @property
    def is_idle(self) -> bool:
        """No store change is waiting to reach the views and no load of the grid or the counts
        is under way (tests wait for this)."""
        return not self.store_events.pending and not self.model.is_loading

    # -- menus: system and help ------------------------------------------------------------

    def choose_language(self, code: str) -> None:
        if code == self.settings.language:
            return
        self.settings.language = code
        if self.settings_path is not None:
            self.settings.save(self.settings_path)
        self.statusBar().showMessage(
            self.tr("Ngôn ngữ mới được dùng từ lần mở chương trình sau.")
            if code == "vi"
            else "The new language is used from the next start of the program.",
            15000,
        )

    def show_guide(self) -> None:
        self.dialogs.information(
            self,
            self.tr("Hướng dẫn đánh giá"),
            self.tr(
                "1. Khi tờ khai được giải phóng hàng, mang hàng về bảo quản hoặc thông quan, "
                "chương trình mời bạn đánh giá mức độ hài lòng.\n"
                "2. Chọn số sao (1–5) cho từng công chức, đội công tác, chi cục, khâu nghiệp vụ; "
                "chọn lý do và nhập nội dung nếu muốn. Đánh giá 1–2 sao cần nội dung, họ tên và "
                "số điện thoại để hải quan xác minh, phản hồi.\n"
                "3. Chọn Ghi để xem lại phiếu, rồi Gửi để gửi (hoặc Sửa để quay lại).\n"
                "4. Nếu Bỏ qua, tờ khai vẫn nằm trong danh sách chưa đánh giá: menu Nghiệp vụ "
                "khác → Đánh giá mức độ hài lòng.\n"
                "Trong quá trình thông quan, chọn tờ khai rồi Phản ánh vướng mắc để báo vướng mắc."
            ),
        )

    def show_about(self) -> None:
        from app import __version__

        self.dialogs.information(
            self,
            self.tr("Giới thiệu"),
            self.tr(
                "Đánh giá mức độ hài lòng về chất lượng phục vụ của công chức hải quan.\n"
                "Phiên bản {version}."
            ).format(version=__version__),
        )

    # -- closing ---------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop background loads before the store closes."""
        self.store_events.shutdown()
        self._search_timer.stop()
        self.model.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Dialogs this window owns (rating prompt, outbox, inbox, login) close with it: otherwise
        # the last of them would keep the program running with no main window.
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.parent() is self and widget.isVisible():
                widget.close()
        self.shutdown()
        self.settings.window_geometry = geometry_text(self)
        if self.settings_path is not None:
            try:
                self.settings.save(self.settings_path)
            except OSError as error:  # a read-only profile: the window closes all the same
                log.warning("window geometry not saved: %s", error)
        super().closeEvent(event)
