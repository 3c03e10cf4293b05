"""Which enterprises a support bundle is for, asked before it is written.

A customs broker's clients must not see each other's data, and a bundle is mailed around: with
several enterprises in the profile, the export asks which ones it is for (the current one
ticked), and ``app.support.bundle`` leaves every other one out entirely.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.store import Store
from ui.enterprise_switcher import enterprise_label

# (parent, store) -> the tax codes chosen; None: every one (nothing to choose from); an empty
# list: the declarant cancelled.
Chooser = Callable[[QWidget, Store], list[str] | None]


class BundleEnterprisesDialog(QDialog):
    """A ticked list of the profile's enterprises; OK only with at least one ticked."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gói hỗ trợ cho doanh nghiệp nào?"))
        text = QLabel(
            self.tr(
                "Gói hỗ trợ chỉ chứa dữ liệu của các doanh nghiệp được đánh dấu; dữ liệu của các "
                "doanh nghiệp khác không có trong gói. Dấu cách để đánh dấu hoặc bỏ."
            ),
            self,
        )
        text.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Doanh nghiệp trong gói hỗ trợ"))
        current = store.current_tax_code
        for entry in store.enterprises.all():
            item = QListWidgetItem(enterprise_label(entry), self.list)
            item.setData(Qt.ItemDataRole.UserRole, entry.tax_code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if entry.tax_code == current else Qt.CheckState.Unchecked
            )
            if entry.tax_code == current:
                self.list.setCurrentItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self._update()
        self.list.setFocus()

    def chosen(self) -> list[str]:
        return [
            str(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen()))


def ask_enterprises(parent: QWidget, store: Store) -> list[str] | None:
    """The enterprises to include, asked only when the profile holds more than one (else None:
    the bundle is the whole profile's, as before); an empty list when cancelled."""
    if len(store.enterprises.all()) <= 1:
        return None
    dialog = BundleEnterprisesDialog(store, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()
