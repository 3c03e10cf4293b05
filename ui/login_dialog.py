"""Đăng nhập: server address, tax code and password for the customs intake system.

The password goes to keyring when the declarant asks to remember it, and nowhere else. Where no
keyring works, the box says so and the password lives for this session only. Checking the
password talks to the server, so it runs off the GUI thread; what was typed stays on error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import ValidationFailed, validate_tax_code
from app.sync.api_client import ApiClient, ApiError, ErrorKind, check_server_url
from app.sync.credentials import Credentials
from ui.accessibility import announce
from ui.background import BackgroundRunner
from ui.common import error_label
from ui.geometry import client_room, keep_on_screen


@dataclass(frozen=True)
class Login:
    server_url: str
    tax_code: str
    password: str
    enterprise_name: str
    # Whether the password went to keyring ("remember" is kept per enterprise).
    remembered: bool = False


class LoginDialog(QDialog):
    def __init__(
        self,
        credentials: Credentials,
        *,
        server_url: str = "",
        tax_code: str = "",
        language: str = "vi",
        parent: QWidget | None = None,
        keyring_url: Callable[[str], str] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Đăng nhập hệ thống đánh giá của Hải quan"))
        self._credentials = credentials
        self._language = language
        # The server part of the keyring entry for a URL (the built-in server's port changes).
        self._keyring_url = keyring_url or (lambda url: url)
        self._runner = BackgroundRunner(self)
        self.result_login: Login | None = None

        self.server_edit = QLineEdit(server_url, self)
        self.server_edit.setPlaceholderText("https://…")
        self.server_edit.setAccessibleName(self.tr("Địa chỉ máy chủ"))
        self.tax_code_edit = QLineEdit(tax_code, self)
        # Reads as an example, not as a value already filled in.
        self.tax_code_edit.setPlaceholderText(self.tr("ví dụ 0100109106"))
        self.tax_code_edit.setAccessibleName(self.tr("Mã số thuế"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Mật khẩu"))
        self.remember_box = QCheckBox(self.tr("&Ghi nhớ mật khẩu trên máy này"), self)
        self.remember_box.setChecked(False)  # the declarant chooses; nothing kept by default
        self.server_error = error_label(self)
        self.tax_code_error = error_label(self)
        self.password_error = error_label(self)
        self.keyring_note = QLabel(self)
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setTextFormat(Qt.TextFormat.PlainText)
        self.keyring_note.hide()
        self.status_label = QLabel(self)

        form = QFormLayout()
        for caption, edit, error in (
            (self.tr("Máy &chủ:"), self.server_edit, self.server_error),
            (self.tr("&Mã số thuế:"), self.tax_code_edit, self.tax_code_error),
            (self.tr("Mật &khẩu:"), self.password_edit, self.password_error),
        ):
            # The field and its error in one cell: a wrapped error in a row of its own was given
            # one line's height and lost the tops and tails of its diacritics.
            cell = QWidget(self)
            stack = QVBoxLayout(cell)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            stack.addWidget(edit)
            stack.addWidget(error)
            label = QLabel(caption, self)
            label.setBuddy(edit)
            form.addRow(label, cell)
        form.addRow("", self.remember_box)

        self.login_button = QPushButton(self.tr("Đăng &nhập"), self)
        self.login_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("&Hủy"), self)
        self.login_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addLayout(buttons)
        self._show_keyring_state()
        # Wide enough for the whole title (a window manager elides it otherwise) and for an
        # error of a line or two, never wider than the screen leaves.
        title_width = self.fontMetrics().horizontalAdvance(self.windowTitle()) + 160
        room = client_room(self).width()
        self.setMinimumWidth(
            min(max(title_width, self.fontMetrics().averageCharWidth() * 60), room)
        )
        keep_on_screen(self)
        (self.password_edit if tax_code else self.tax_code_edit).setFocus()

    def _show_keyring_state(self) -> None:
        if not self._credentials.available and self._credentials.reason is not None:
            self.remember_box.setChecked(False)
            self.remember_box.setEnabled(False)
            self.keyring_note.setText(self._credentials.reason.text(self._language))  # type: ignore[arg-type]
            self.keyring_note.show()

    def _mark(self, label: QLabel, text: str, field: QLineEdit | None = None) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        self._fit_height()
        if field is not None:
            field.setAccessibleDescription(text)
            if text:
                field.setFocus()
                announce(field, text, assertive=True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Shown with an error already there (a failed resumed login): its width is final only
        # now, and with it the height the wrapped message needs.
        QTimer.singleShot(0, self, self._fit_height)

    def _fit_height(self) -> None:
        """Grow (or shrink back) to the height the messages need at the current width: a
        dialog keeps its size when a wrapped message appears, and the message got clipped."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        needed = max(needed, layout.totalMinimumSize().height())
        if needed != self.height():
            self.resize(self.width(), needed)

    def submit(self) -> None:
        for label in (self.server_error, self.tax_code_error, self.password_error):
            self._mark(label, "")
        try:
            url = check_server_url(self.server_edit.text())
        except ApiError as error:
            self._mark(self.server_error, error.message.text(self._language), self.server_edit)  # type: ignore[arg-type]
            return
        try:
            tax_code = validate_tax_code(self.tax_code_edit.text())
        except ValidationFailed as failed:
            message = failed.errors[0].message.text(self._language)  # type: ignore[arg-type]
            self._mark(self.tax_code_error, message, self.tax_code_edit)
            return
        password = self.password_edit.text()
        if not password:
            self._mark(self.password_error, self.tr("Vui lòng nhập mật khẩu."), self.password_edit)
            return
        self.login_button.setEnabled(False)
        self.status_label.setText(self.tr("Đang đăng nhập…"))

        def work() -> str:
            client = ApiClient(url, timeout=(5, 15))
            try:
                token = client.login(tax_code, password)
            finally:
                client.close()
            return token.enterprise_name or ""

        self._runner.submit(
            work,
            lambda name: self._logged_in(url, tax_code, password, str(name)),
            self._failed,
        )

    def _logged_in(self, url: str, tax_code: str, password: str, name: str) -> None:
        self.status_label.clear()
        key_url = self._keyring_url(url)
        remembered = self.remember_box.isChecked()
        if remembered:
            remembered = self._credentials.remember(key_url, tax_code, password)
        else:
            self._credentials.forget(key_url, tax_code)
        self.result_login = Login(url, tax_code, password, name, remembered)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.login_button.setEnabled(True)
        self.status_label.clear()
        if isinstance(error, ApiError):
            text = error.message.text(self._language)  # type: ignore[arg-type]
            if error.kind == ErrorKind.AUTH:
                self._mark(self.password_error, text, self.password_edit)
                self.password_edit.selectAll()
            else:
                self._mark(self.server_error, text, self.server_edit)
        else:
            self._mark(self.server_error, str(error), self.server_edit)

    def done(self, result: int) -> None:
        self._runner.shutdown()
        super().done(result)
