"""Which enterprise the window works for: the toolbar's switcher and the window title.

A customs broker files for many client enterprises, one at a time (ECUS's "Danh sách doanh
nghiệp"). The switcher is a combo box at the right end of the menu bar, where there is room
even at 150 % on a 1366×768 screen (in the toolbar it fell into the overflow menu there); Ctrl+E
puts the focus in it and opens it. The current enterprise's name and tax code lead the window
title too, so whoever looks at the screen knows whose declarations these are. Choosing another one is
``store.enterprises.set_current``: every view reads the new enterprise's rows at once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMainWindow, QWidget

from app.store import Store, StorePart
from app.store.enterprises import Enterprise


def enterprise_label(entry: Enterprise | None, tax_code: str = "") -> str:
    """ "Name (MST 0100109106)" for titles and lists; the tax code alone while the name is unknown."""
    if entry is None:
        return tax_code
    return f"{entry.name} (MST {entry.tax_code})" if entry.name else f"MST {entry.tax_code}"


def owner_heading(parent: QWidget) -> QLabel:
    """The bold line on top of a window that shows one enterprise's rows: whose they are."""
    label = QLabel(parent)
    label.setObjectName("ownerHeading")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def show_owner(window: QWidget, heading: QLabel, title: str, store: Store) -> None:
    """Name the current enterprise in *heading* and after *title* in the window title: with two
    enterprises an outbox or an inbox is ambiguous without it."""
    current = store.current_tax_code
    label = enterprise_label(store.enterprises.get(current) if current else None, current or "")
    heading.setText(label)
    heading.setVisible(bool(label))
    window.setWindowTitle(f"{title} — {label}" if label else title)


class EnterpriseSwitcher(QObject):
    """The menu bar's combo of the profile's enterprises, and the title naming the current one."""

    #: Ctrl+E with nothing to switch to: the list of enterprises, where "Thêm…" adds another,
    #: is what the user wants next (the session opens it).
    list_requested = Signal()

    def __init__(self, store: Store, window: QMainWindow):
        super().__init__(window)
        self._store = store
        self._window = window
        self._prefix = ""
        self.header = QWidget(window.menuBar())
        self.header.setObjectName("enterpriseHeader")
        self.caption = QLabel(self.tr("Doanh nghiệp:"), self.header)
        self.combo = QComboBox(self.header)
        self.combo.setObjectName("enterpriseSwitcher")
        self.combo.setAccessibleName(self.tr("Doanh nghiệp đang làm việc"))
        self.combo.setToolTip(self.tr("Chọn doanh nghiệp đang làm việc (Ctrl+E)"))
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(28)
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.caption.setBuddy(self.combo)
        row = QHBoxLayout(self.header)
        row.setContentsMargins(8, 1, 4, 1)
        row.addWidget(self.caption)
        row.addWidget(self.combo)
        window.menuBar().setCornerWidget(self.header, Qt.Corner.TopRightCorner)
        self.focus_action = QAction(self.tr("Chọn doanh nghiệp đang làm việc"), window)
        self.focus_action.setShortcut(QKeySequence("Ctrl+E"))
        self.focus_action.triggered.connect(self.open)
        window.addAction(self.focus_action)
        self.combo.activated.connect(self._chosen)
        self.refresh()

    def open(self) -> None:
        """Ctrl+E: the focus in the switcher and its list open, for the arrow keys and Enter.

        With one enterprise there is nothing to choose (the switcher is disabled; its popup
        opened greyed and said nothing): the status bar says so and how to add another, and the
        list of enterprises opens, its "Thêm…" one Tab away.
        """
        if self.combo.count() > 1:
            self.combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.combo.showPopup()
            return
        self._window.statusBar().showMessage(self.only_one_text(), 15000)
        self.list_requested.emit()

    def only_one_text(self) -> str:
        return self.tr(
            "Chỉ có một doanh nghiệp; thêm doanh nghiệp khác ở Danh sách doanh nghiệp "
            "(Ctrl+Shift+L) → Thêm…"
        )

    def refresh(self) -> None:
        """The list and the title again (the list or the current enterprise changed)."""
        entries = self._store.enterprises.all()
        current = self._store.current_tax_code
        self.combo.blockSignals(True)
        self.combo.clear()
        for entry in entries:
            # The tax code first: where the combo is narrow, the end of the name is what goes.
            text = f"{entry.tax_code} — {entry.name}" if entry.name else entry.tax_code
            self.combo.addItem(text, entry.tax_code)
            self.combo.setItemData(
                self.combo.count() - 1, enterprise_label(entry), Qt.ItemDataRole.ToolTipRole
            )
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)
        self.combo.setEnabled(len(entries) > 1)
        self.combo.setToolTip(
            self.tr("Chọn doanh nghiệp đang làm việc (Ctrl+E)")
            if len(entries) > 1
            else self.only_one_text()
        )
        shown = self._store.enterprises.get(current) if current else None
        self._set_title(enterprise_label(shown, current))

    def store_changed(self, parts: frozenset[StorePart]) -> None:
        # The list's writes and a switch announce every part; other writes do not concern it.
        if len(parts) == len(StorePart):
            self.refresh()

    def _chosen(self, index: int) -> None:
        tax_code = self.combo.itemData(index)
        if tax_code and tax_code != self._store.current_tax_code:
            self._store.enterprises.set_current(str(tax_code))

    def _set_title(self, label: str) -> None:
        title = self._window.windowTitle()
        if self._prefix and title.startswith(self._prefix):
            title = title[len(self._prefix) :]
        self._prefix = f"{label} — " if label else ""
        self._window.setWindowTitle(self._prefix + title)
