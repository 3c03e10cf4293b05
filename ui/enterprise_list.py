"""Danh sách doanh nghiệp: the enterprises this profile works for (a broker's clients, branches).

Add one (the tax code is checked with stdnum through the kernel, the name and the server address
given), log in for one, make one current, remove one. Removal asks first and says what stays:
the enterprise's declarations, unsent sheets and support requests remain in this computer's store
(only the list entry and the remembered password go), and adding the same tax code again brings
them back, so an unsent sheet is never dropped silently.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import ValidationFailed
from app.store import Store, StorePart
from app.sync.api_client import ApiError, check_server_url
from ui import texts
from ui.common import error_label
from ui.geometry import fit_to_screen
from ui.messages import Dialogs
from ui.status_indicators import connection_text


class ListSession(Protocol):
    """What the list asks of the session."""

    def state_of(self, tax_code: str) -> tuple[str, str]: ...
    def show_login(self, tax_code: str | None = None) -> object: ...
    def forget_enterprise(self, tax_code: str) -> None: ...


class AddEnterpriseDialog(QDialog):
    """Thêm doanh nghiệp: tax code, name, server. What was typed stays on an error."""

    def __init__(self, store: Store, language: str = "vi", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Thêm doanh nghiệp"))
        self._store = store
        self._language = language
        self.added: str | None = None
        self.tax_code_edit = QLineEdit(self)
        self.tax_code_edit.setPlaceholderText("0100109106 / 0100109106-001")
        self.tax_code_edit.setAccessibleName(self.tr("Mã số thuế"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(self.tr("Tên doanh nghiệp"))
        self.server_edit = QLineEdit(self)
        self.server_edit.setPlaceholderText(self.tr("để trống: máy chủ thử nghiệm trong máy"))
        self.server_edit.setAccessibleName(self.tr("Địa chỉ máy chủ"))
        self.tax_code_error = error_label(self)
        self.server_error = error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("&Mã số thuế:"), self.tax_code_edit)
        form.addRow("", self.tax_code_error)
        form.addRow(self.tr("Tê&n doanh nghiệp:"), self.name_edit)
        form.addRow(self.tr("Máy &chủ:"), self.server_edit)
        form.addRow("", self.server_error)
        self.add_button = QPushButton(self.tr("&Thêm"), self)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("&Hủy"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.tax_code_edit.setFocus()

    def _mark(self, label: QLabel, field: QLineEdit, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        field.setAccessibleDescription(text)
        if text:
            field.setFocus()

    def submit(self) -> None:
        self._mark(self.tax_code_error, self.tax_code_edit, "")
        self._mark(self.server_error, self.server_edit, "")
        server = self.server_edit.text().strip()
        if server:
            try:
                server = check_server_url(server)
            except ApiError as error:
                self._mark(self.server_error, self.server_edit, error.message.text(self._language))  # type: ignore[arg-type]
                return
        try:
            entry = self._store.enterprises.add(
                self.tax_code_edit.text(), self.name_edit.text(), server
            )
        except ValidationFailed as failed:
            message = failed.errors[0].message.text(self._language)  # type: ignore[arg-type]
            self._mark(self.tax_code_error, self.tax_code_edit, message)
            return
        self.added = entry.tax_code
        self.accept()


_COLUMNS = 5


class EnterpriseListDialog(QDialog):
    """The list, with Thêm / Đăng nhập / Làm việc cho doanh nghiệp này / Xóa."""

    # An enterprise was made current from the list: its tax code.
    opened = Signal(str)

    def __init__(
        self,
        store: Store,
        session: ListSession,
        dialogs: Dialogs,
        language: str = "vi",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Danh sách doanh nghiệp"))
        self._store = store
        self._session = session
        self._dialogs = dialogs
        self._language = language
        self.table = QTableWidget(0, _COLUMNS, self)
        self.table.setObjectName("enterpriseList")
        self.table.setAccessibleName(self.tr("Danh sách doanh nghiệp"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Mã số thuế"),
                self.tr("Tên doanh nghiệp"),
                self.tr("Máy chủ"),
                self.tr("Kết nối"),
                self.tr("Chờ gửi"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(_COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name takes the rest
        self.table.itemSelectionChanged.connect(self._update_buttons)
        # Tab leaves the table for the buttons (the arrows move between rows): no keyboard trap.
        self.table.setTabKeyNavigation(False)
        # Enter reaches the dialog's default button, "Làm việc cho doanh nghiệp này" (the table
        # passes Enter on after its own activation, so Enter used to press "Thêm…" as well).
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())

        self.add_button = QPushButton(self.tr("&Thêm…"), self)
        self.login_button = QPushButton(self.tr("Đăng nhậ&p…"), self)
        self.open_button = QPushButton(self.tr("&Làm việc cho doanh nghiệp này"), self)
        self.remove_button = QPushButton(self.tr("&Xóa khỏi danh sách…"), self)
        close_button = QPushButton(self.tr("Đó&ng"), self)
        self.add_button.clicked.connect(self.add)
        self.login_button.clicked.connect(self.login_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        close_button.clicked.connect(self.close)
        self.open_button.setDefault(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.login_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 320)
        self.refresh()

    # -- what it shows -----------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.selected() or self._store.current_tax_code
        entries = self._store.enterprises.all()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            words, _colour = connection_text(self._session.state_of(entry.tax_code)[0])
            waiting = self._store.enterprises.summary(entry.tax_code, with_total=False).waiting
            values = (
                entry.tax_code,
                entry.name,
                entry.server_url or self.tr("máy chủ thử nghiệm trong máy"),
                words,
                texts.format_count(waiting, self._language),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, entry.tax_code)
                if entry.tax_code == self._store.current_tax_code:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
            if entry.tax_code == chosen:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.login_button, self.open_button, self.remove_button):
            button.setEnabled(chosen)

    def store_changed(self, parts: frozenset[StorePart]) -> None:
        if self.isVisible():
            self.refresh()

    def _select(self, tax_code: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == tax_code:
                self.table.selectRow(row)

    # -- actions -----------------------------------------------------------------------------

    def add(self) -> AddEnterpriseDialog:
        dialog = AddEnterpriseDialog(self._store, self._language, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()
        return dialog

    def _added(self, dialog: AddEnterpriseDialog) -> None:
        self.refresh()
        if dialog.added:
            self._select(dialog.added)

    def login_selected(self) -> None:
        tax_code = self.selected()
        if tax_code:
            self._session.show_login(tax_code)

    def open_selected(self) -> None:
        tax_code = self.selected()
        if not tax_code:
            return
        if tax_code != self._store.current_tax_code:
            self._store.enterprises.set_current(tax_code)
        self.opened.emit(tax_code)

    def removal_text(self, tax_code: str) -> str:
        """The confirmation's words: what goes (the entry, the password) and what stays."""
        summary = self._store.enterprises.summary(tax_code)
        entry = self._store.enterprises.get(tax_code)
        name = f"{entry.name} ({tax_code})" if entry is not None and entry.name else tax_code

        def count(value: int | None) -> str:
            return texts.format_count(value or 0, self._language)

        text = self.tr(
            "Xóa {name} khỏi danh sách doanh nghiệp? Chương trình sẽ đăng xuất doanh nghiệp này "
            "và quên mật khẩu đã lưu.\n\nVẫn được giữ trong máy, không bị xóa: {declarations} tờ "
            "khai, {waiting} phiếu chưa gửi, {requests} yêu cầu hỗ trợ. Thêm lại mã số thuế này "
            "để xem và gửi tiếp."
        ).format(
            name=name,
            declarations=count(summary.declarations),
            waiting=count(summary.waiting),
            requests=count(summary.support_requests),
        )
        if summary.waiting:
            text += "\n\n" + self.tr(
                "Lưu ý: {waiting} phiếu chưa gửi sẽ không được gửi cho đến khi bạn thêm lại và "
                "đăng nhập doanh nghiệp này."
            ).format(waiting=count(summary.waiting))
        return text

    def remove_selected(self) -> bool:
        tax_code = self.selected()
        if not tax_code:
            return False
        confirmed = self._dialogs.question(
            self,
            self.tr("Xóa doanh nghiệp khỏi danh sách"),
            self.removal_text(tax_code),
            self.tr("&Xóa khỏi danh sách"),
            self.tr("&Giữ lại"),
        )
        if not confirmed:
            return False
        self._session.forget_enterprise(tax_code)
        self._store.enterprises.remove(tax_code)
        self.refresh()
        return True
