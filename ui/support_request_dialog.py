"""Hỗ trợ vướng mắc: a question to the customs help desk, queued like a rating sheet.

Seed 004 asks the declarant to look at answers already given for the same operation code before
asking; so choosing an operation code searches the desk in the background and lists what it
finds, without ever holding up the form (offline, it says so quietly). Errors appear beside
their field in the declarant's language, and nothing typed is lost on an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import OPERATION_CODES, SupportRequest
from app.domain.support_rules import check_screenshot, check_screenshot_size
from app.domain.validation import ValidationFailed
from app.store import Office, Store, StoreError
from app.store.support import known_offices, last_enterprise_name
from app.support.desk import (
    SUGGESTION_LIMIT,
    AnsweredRequest,
    Connection,
    SearchResult,
    search_answers,
)
from ui.accessibility import announce
from ui.background import BackgroundRunner
from ui.common import error_label
from ui.geometry import fit_to_screen
from ui.support_files import FileDialogs
from ui.support_screenshot import capture, format_size, thumbnail

log = logging.getLogger(__name__)

THUMB_SIZE = (160, 90)


def offline_text(error: Exception) -> str:
    """One quiet line for a search that could not reach the desk: the form goes on working."""
    log.info("support search failed: %s", error)
    return QCoreApplication.translate(
        "SupportDesk", "Chưa kết nối được máy chủ hải quan: chưa xem được các câu trả lời đã có."
    )


class SupportRequestDialog(QDialog):
    """The form of seed 004's "Đặt câu hỏi"; "Gửi câu hỏi" commits it to the outbox."""

    #: emitted with the local id once the request is committed (the sync is woken by the caller)
    submitted = Signal(int)

    def __init__(
        self,
        store: Store,
        *,
        tax_code: str,
        language: str,
        connection: Callable[[], Connection | None],
        capture_target: QWidget | None = None,
        files: FileDialogs | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hỗ trợ vướng mắc — đặt câu hỏi cho Hải quan"))
        self.store = store
        self.language = language
        self._connection = connection
        self._capture_target = capture_target
        self._files = files or FileDialogs()
        self._runner = BackgroundRunner(self)
        self._search_token = 0
        self.screenshot: bytes | None = None
        self.suggestions: list[AnsweredRequest] = []
        self._build(tax_code)
        self._load_offices()

    # -- building --------------------------------------------------------------------------

    def _build(self, tax_code: str) -> None:
        self.tax_code_edit = QLineEdit(tax_code, self)
        self.enterprise_edit = QLineEdit(self)
        self.office_combo = QComboBox(self)
        self.office_combo.setEditable(True)
        self.office_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        office_edit = self.office_combo.lineEdit()
        assert office_edit is not None  # an editable combo box always has its line edit
        office_edit.setPlaceholderText(self.tr("Mã, ví dụ 03CE"))
        office_edit.setAccessibleName(self.tr("Cục/Chi cục phát sinh"))
        self.operation_combo = QComboBox(self)
        self.operation_combo.addItem(self.tr("— Chọn mã nghiệp vụ —"), "")
        for code, (vi, en) in OPERATION_CODES.items():
            self.operation_combo.addItem(f"{code} — {vi if self.language == 'vi' else en}", code)
        self.operation_combo.currentIndexChanged.connect(self._operation_chosen)
        self.contact_name_edit = QLineEdit(self)
        self.contact_phone_edit = QLineEdit(self)
        self.contact_phone_edit.setPlaceholderText("0912 345 678")
        self.content_edit = QPlainTextEdit(self)
        self.content_edit.setTabChangesFocus(True)
        self.content_edit.setPlaceholderText(
            self.tr("Mô tả vướng mắc: bạn làm gì, hệ thống báo gì (mã lỗi, thông báo).")
        )

        self.errors: dict[str, QLabel] = {
            name: error_label(self)
            for name in (
                "tax_code",
                "enterprise_name",
                "office_code",
                "operation_code",
                "content",
                "contact_name",
                "contact_phone",
                "screenshot",
            )
        }
        self.fields: dict[str, QWidget] = {
            "tax_code": self.tax_code_edit,
            "enterprise_name": self.enterprise_edit,
            "office_code": self.office_combo,
            "operation_code": self.operation_combo,
            "content": self.content_edit,
            "contact_name": self.contact_name_edit,
            "contact_phone": self.contact_phone_edit,
        }

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (
            (self.tr("Mã số &thuế:"), "tax_code"),
            (self.tr("Tên &doanh nghiệp:"), "enterprise_name"),
            (self.tr("&Cục/Chi cục phát sinh:"), "office_code"),
            (self.tr("&Mã nghiệp vụ:"), "operation_code"),
            (self.tr("Người &liên hệ:"), "contact_name"),
            (self.tr("Điện t&hoại:"), "contact_phone"),
        )
        for text, name in rows:
            label = QLabel(text, self)
            label.setBuddy(self.fields[name])
            self.fields[name].setAccessibleName(text.replace("&", "").rstrip(":"))
            # The field and its error in one cell: in a row of its own the error was given the
            # height of a narrower wrap, a blank line above a one-line message.
            cell = QWidget(self)
            stack = QVBoxLayout(cell)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            stack.addWidget(self.fields[name])
            stack.addWidget(self.errors[name])
            form.addRow(label, cell)

        # Screenshot: choose a file or capture this program's own window.
        self.pick_button = QPushButton(self.tr("Chọn tệ&p ảnh…"), self)
        self.capture_button = QPushButton(self.tr("Chụp cửa &sổ chương trình"), self)
        self.remove_button = QPushButton(self.tr("&Bỏ ảnh"), self)
        self.remove_button.setEnabled(False)
        self.pick_button.clicked.connect(self.pick_screenshot)
        self.capture_button.clicked.connect(self.capture_screenshot)
        self.remove_button.clicked.connect(self.remove_screenshot)
        self.capture_button.setEnabled(self._capture_target is not None)
        self.screenshot_info = QLabel(self.tr("Không có ảnh (tối đa 1 MB, PNG hoặc JPEG)."), self)
        self.screenshot_info.setWordWrap(True)
        self.thumbnail_label = QLabel(self)
        self.thumbnail_label.setFixedSize(*THUMB_SIZE)
        self.thumbnail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail_label.setStyleSheet("border: 1px solid #bbb;")
        shot_buttons = QHBoxLayout()
        for button in (self.pick_button, self.capture_button, self.remove_button):
            shot_buttons.addWidget(button)
        shot_buttons.addStretch(1)
        shot_row = QHBoxLayout()
        shot_row.addWidget(self.thumbnail_label)
        shot_row.addWidget(self.screenshot_info, 1)
        shot_box = QGroupBox(self.tr("Ảnh chụp màn hình khi phát sinh lỗi (nếu có)"), self)
        shot_layout = QVBoxLayout(shot_box)
        shot_layout.addLayout(shot_buttons)
        shot_layout.addLayout(shot_row)
        shot_layout.addWidget(self.errors["screenshot"])

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(shot_box)
        left.addStretch(1)

        # Answers already given for the chosen operation code (seed 004: search before asking).
        self.suggestion_status = QLabel(
            self.tr("Chọn mã nghiệp vụ để xem các câu trả lời đã có."), self
        )
        self.suggestion_status.setWordWrap(True)
        self.suggestion_list = QListWidget(self)
        self.suggestion_list.setAccessibleName(self.tr("Câu hỏi tương tự đã được trả lời"))
        self.suggestion_list.setWordWrap(True)
        self.suggestion_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.suggestion_list.currentRowChanged.connect(self._suggestion_chosen)
        self.suggestion_answer = QPlainTextEdit(self)
        self.suggestion_answer.setReadOnly(True)
        self.suggestion_answer.setAccessibleName(self.tr("Câu trả lời"))
        self.suggestion_answer.setTabChangesFocus(True)
        suggestion_box = QGroupBox(self.tr("Câu hỏi tương tự đã được trả lời"), self)
        suggestion_layout = QVBoxLayout(suggestion_box)
        suggestion_layout.addWidget(self.suggestion_status)
        suggestion_layout.addWidget(self.suggestion_list, 1)
        suggestion_layout.addWidget(self.suggestion_answer, 1)

        content_label = QLabel(self.tr("Nội dung &vướng mắc:"), self)
        content_label.setBuddy(self.content_edit)
        self.content_edit.setAccessibleName(self.tr("Nội dung vướng mắc"))
        right = QVBoxLayout()
        # The question itself gets at least five lines: it is what the dialog is for.
        self.content_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        right.addWidget(suggestion_box, 1)
        right.addWidget(content_label)
        right.addWidget(self.content_edit, 1)
        right.addWidget(self.errors["content"])

        body = QWidget(self)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        # A small screen at 150 % is ~900×500 logical pixels: scroll rather than clip.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields are the Tab stops
        scroll.setAccessibleName(self.tr("Câu hỏi cho Hải quan"))
        scroll.setWidget(body)

        self.send_button = QPushButton(self.tr("&Gửi câu hỏi"), self)
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.submit)
        self.close_button = QPushButton(self.tr("Đó&ng"), self)
        self.close_button.clicked.connect(self.reject)
        self.general_error = error_label(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.general_error, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        # Everything in view at 100 % on 1366 × 768; smaller screens scroll the form.
        fit_to_screen(self, 880, 680)

        # Keyboard order: the form top to bottom, then the question, then send.
        order = [
            self.tax_code_edit,
            self.enterprise_edit,
            self.office_combo,
            self.operation_combo,
            self.contact_name_edit,
            self.contact_phone_edit,
            self.pick_button,
            self.capture_button,
            self.remove_button,
            self.suggestion_list,
            self.suggestion_answer,
            self.content_edit,
            self.send_button,
            self.close_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        (self.enterprise_edit if tax_code else self.tax_code_edit).setFocus()
        # An error stays beside its field only until the field is changed.
        for name, edit in (
            ("tax_code", self.tax_code_edit),
            ("enterprise_name", self.enterprise_edit),
            ("contact_name", self.contact_name_edit),
            ("contact_phone", self.contact_phone_edit),
        ):
            edit.textChanged.connect(lambda _=None, n=name: self._clear(n))
        # What the user does clears the error, not the office list arriving from the store.
        office_edit.textEdited.connect(lambda _=None: self._clear("office_code"))
        self.office_combo.activated.connect(lambda _=0: self._clear("office_code"))
        self.operation_combo.currentIndexChanged.connect(lambda _=0: self._clear("operation_code"))
        self.content_edit.textChanged.connect(lambda: self._clear("content"))

    def _load_offices(self) -> None:
        store_file = self.store.path
        tax_code = self.tax_code_edit.text()

        def work() -> tuple[list[Office], str]:
            return known_offices(store_file), last_enterprise_name(store_file, tax_code)

        self._runner.submit(work, self._offices_loaded)

    def _offices_loaded(self, loaded: tuple[list[Office], str]) -> None:
        offices, enterprise = loaded
        typed = self.office_combo.currentText()
        for office in offices:
            label = f"{office.code} — {office.name}" if office.name else office.code
            self.office_combo.addItem(label, office.code)
        self.office_combo.setCurrentIndex(-1)
        self.office_combo.setEditText(typed)
        if enterprise and not self.enterprise_edit.text():
            self.enterprise_edit.setText(enterprise)

    # -- values ----------------------------------------------------------------------------

    def office_code(self) -> str:
        """The code of the chosen office, or what was typed (its first word, as "03CE — …")."""
        text = self.office_combo.currentText().strip()
        index = self.office_combo.findText(text)
        if index >= 0 and self.office_combo.itemData(index):
            return str(self.office_combo.itemData(index))
        return text.split(" ", 1)[0] if text else ""

    def operation_code(self) -> str:
        return str(self.operation_combo.currentData() or "")

    def request(self) -> SupportRequest:
        return SupportRequest(
            tax_code=self.tax_code_edit.text(),
            enterprise_name=self.enterprise_edit.text(),
            office_code=self.office_code(),
            operation_code=self.operation_code(),
            content=self.content_edit.toPlainText(),
            contact_name=self.contact_name_edit.text(),
            contact_phone=self.contact_phone_edit.text(),
            screenshot=self.screenshot,
        )

    # -- suggestions -----------------------------------------------------------------------

    def _operation_chosen(self) -> None:
        code = self.operation_code()
        self._search_token += 1
        token = self._search_token
        self.suggestion_list.clear()
        self.suggestion_answer.clear()
        self.suggestions = []
        if not code:
            self.suggestion_status.setText(
                self.tr("Chọn mã nghiệp vụ để xem các câu trả lời đã có.")
            )
            return
        connection = self._connection()
        if connection is None:
            self.suggestion_status.setText(
                self.tr("Chưa đăng nhập máy chủ hải quan: chưa xem được các câu trả lời đã có.")
            )
            return
        self.suggestion_status.setText(
            self.tr("Đang tìm câu trả lời đã có cho {code}…").format(code=code)
        )
        self._runner.submit(
            lambda: search_answers(connection, operation_code=code),
            lambda result: self._suggestions_found(token, code, result),
            lambda error: self._suggestions_failed(token, error),
        )

    def _suggestions_found(self, token: int, code: str, result: SearchResult) -> None:
        if token != self._search_token:
            return
        if result.enterprise_name and not self.enterprise_edit.text():
            self.enterprise_edit.setText(result.enterprise_name)
        self.suggestions = result.items[:SUGGESTION_LIMIT]
        for item in self.suggestions:
            entry = QListWidgetItem(item.content, self.suggestion_list)
            entry.setToolTip(item.content)
        if self.suggestions:
            self.suggestion_status.setText(
                self.tr(
                    "{count} câu hỏi về {code} đã được trả lời; xem trước khi gửi câu hỏi mới."
                ).format(count=len(result.items), code=code)
            )
        else:
            self.suggestion_status.setText(
                self.tr("Chưa có câu trả lời nào cho {code}.").format(code=code)
            )

    def _suggestions_failed(self, token: int, error: Exception) -> None:
        if token == self._search_token:
            self.suggestion_status.setText(offline_text(error))

    def _suggestion_chosen(self, row: int) -> None:
        if 0 <= row < len(self.suggestions):
            self.suggestion_answer.setPlainText(self.suggestions[row].answer)
        else:
            self.suggestion_answer.clear()

    # -- screenshot ------------------------------------------------------------------------

    def pick_screenshot(self) -> None:
        path = self._files.open_image(self)
        if path is not None:
            self.attach_file(path)

    def attach_file(self, path: Path) -> None:
        """Attach a file if it is an image of at most 1 MB; otherwise say why beside the field."""
        try:
            size = path.stat().st_size
            # A huge file is refused by its size, without being read.
            problem = check_screenshot_size(size)
            if problem is None:
                data = path.read_bytes()
                problem = check_screenshot(data)
        except OSError as error:
            self._mark("screenshot", self.tr("Không đọc được tệp: {error}").format(error=error))
            return
        if problem is not None:
            self._mark("screenshot", problem.message.text(self.language))  # type: ignore[arg-type]
            return
        self._set_screenshot(data, path.name)

    def capture_screenshot(self) -> None:
        if self._capture_target is None:
            return
        self._set_screenshot(capture(self._capture_target), self.tr("cửa sổ chương trình"))

    def remove_screenshot(self) -> None:
        self.screenshot = None
        self.thumbnail_label.clear()
        self.screenshot_info.setText(self.tr("Không có ảnh (tối đa 1 MB, PNG hoặc JPEG)."))
        self.remove_button.setEnabled(False)
        self._clear("screenshot")

    def _set_screenshot(self, data: bytes, source: str) -> None:
        self.screenshot = data
        self._clear("screenshot")
        kind = "PNG" if data.startswith(b"\x89PNG") else "JPEG"
        self.screenshot_info.setText(
            self.tr("{source}: {kind}, {size}").format(
                source=source, kind=kind, size=format_size(len(data), self.language)
            )
        )
        self.thumbnail_label.setPixmap(thumbnail(data, *THUMB_SIZE))
        self.remove_button.setEnabled(True)

    # -- sending ---------------------------------------------------------------------------

    def _mark(self, field: str, text: str) -> None:
        label = self.errors.get(field, self.general_error)
        label.setText(text)
        label.show()
        widget = self.fields.get(field)
        if widget is not None:
            widget.setAccessibleDescription(text)  # read with the field when it has the focus
        else:
            announce(self, text, assertive=True)

    def _clear(self, field: str) -> None:
        self.errors[field].hide()
        self.errors[field].clear()
        widget = self.fields.get(field)
        if widget is not None:
            widget.setAccessibleDescription("")

    def submit(self) -> None:
        for name in self.errors:
            self._clear(name)
        self.general_error.hide()
        try:
            request_id = self.store.support.save(self.request())
        except ValidationFailed as failed:
            for error in failed.errors:
                self._mark(error.field, error.message.text(self.language))  # type: ignore[arg-type]
            first = next((e for e in failed.errors if e.field in self.fields), None)
            if first is not None:
                self.fields[first.field].setFocus()
                announce(
                    self.fields[first.field],
                    first.message.text(self.language),  # type: ignore[arg-type]
                    assertive=True,
                )
            return
        except StoreError as error:
            self._mark("", error.message.text(self.language))  # type: ignore[arg-type]
            return
        log.info("support request %d queued (%s)", request_id, self.operation_code())
        self.submitted.emit(request_id)
        self.accept()

    def done(self, result: int) -> None:
        self._runner.shutdown()
        super().done(result)
