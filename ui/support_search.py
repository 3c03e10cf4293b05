"""Tra cứu vướng mắc đã trả lời: seed 004's "Tìm kiếm" by operation code or tax code.

This is also how a declarant receives the answer to their own question (seed 004, part 2: search
by "Mã doanh nghiệp hỏi"), so the tax code field starts with their own. Answers are shown as
plain text: they come from a server and are never interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import OPERATION_CODES
from app.support.desk import AnsweredRequest, Connection, SearchResult, search_answers
from ui.background import BackgroundRunner
from ui.geometry import fit_to_screen
from ui.support_request_dialog import offline_text


class SupportSearchDialog(QDialog):
    def __init__(
        self,
        *,
        tax_code: str,
        language: str,
        connection: Callable[[], Connection | None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tra cứu vướng mắc đã được trả lời"))
        self.language = language
        self._connection = connection
        self._runner = BackgroundRunner(self)
        self._token = 0
        self.results: list[AnsweredRequest] = []

        self.operation_combo = QComboBox(self)
        self.operation_combo.addItem(self.tr("Tất cả"), "")
        for code, (vi, en) in OPERATION_CODES.items():
            self.operation_combo.addItem(f"{code} — {vi if language == 'vi' else en}", code)
        self.tax_code_edit = QLineEdit(tax_code, self)
        self.tax_code_edit.setPlaceholderText(self.tr("mọi doanh nghiệp"))
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText(self.tr("từ trong câu hỏi hoặc câu trả lời"))
        self.search_button = QPushButton(self.tr("&Tìm kiếm"), self)
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        for edit in (self.tax_code_edit, self.text_edit):
            edit.returnPressed.connect(self.search)

        form = QFormLayout()
        for text, widget in (
            (self.tr("&Mã nghiệp vụ:"), self.operation_combo),
            (self.tr("Mã &doanh nghiệp hỏi:"), self.tax_code_edit),
            (self.tr("&Nội dung có chứa:"), self.text_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        criteria = QHBoxLayout()
        criteria.addLayout(form, 1)
        criteria.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Mã NV"), self.tr("Chi cục"), self.tr("Ngày trả lời"), self.tr("Câu hỏi")]
        )
        self.table.setAccessibleName(self.tr("Kết quả tìm kiếm"))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setTabChangesFocus(True)
        self.detail.setAccessibleName(self.tr("Câu hỏi và câu trả lời"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([200, 200])

        close_button = QPushButton(self.tr("Đón&g"), self)
        close_button.setAutoDefault(False)
        close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(criteria)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 860, 500)
        self.operation_combo.setFocus()

    def search(self) -> None:
        connection = self._connection()
        if connection is None:
            self.status.setText(
                self.tr("Chưa đăng nhập máy chủ hải quan: hãy đăng nhập rồi tìm lại.")
            )
            return
        self._token += 1
        token = self._token
        operation = str(self.operation_combo.currentData() or "")
        tax_code = self.tax_code_edit.text().strip()
        text = self.text_edit.text().strip()
        self.status.setText(self.tr("Đang tìm…"))
        self._runner.submit(
            lambda: search_answers(
                connection, operation_code=operation, tax_code=tax_code, text=text
            ),
            lambda result: self._found(token, result),
            lambda error: self._failed(token, error),
        )

    def _found(self, token: int, result: SearchResult) -> None:
        if token != self._token:
            return
        self.results = result.items
        self.table.setRowCount(len(self.results))
        for row, item in enumerate(self.results):
            cells = (item.operation_code, item.office_code, item.answered_at[:10], item.content)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.detail.clear()
        if self.results:
            self.status.setText(
                self.tr("Tìm thấy {count} câu hỏi đã được trả lời.").format(count=len(self.results))
            )
            self.table.setCurrentCell(0, 0)
        else:
            self.status.setText(self.tr("Không tìm thấy câu hỏi nào đã được trả lời."))

    def _failed(self, token: int, error: Exception) -> None:
        if token == self._token:
            self.status.setText(offline_text(error))

    def _show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.results):
            self.detail.clear()
            return
        item = self.results[row]
        self.detail.setPlainText(
            self.tr(
                "Câu hỏi ({code}, {office}, MST {tax_code}):\n{question}\n\nTrả lời:\n{answer}"
            ).format(
                code=item.operation_code,
                office=item.office_code,
                tax_code=item.tax_code,
                question=item.content,
                answer=item.answer,
            )
        )

    def done(self, result: int) -> None:
        self._runner.shutdown()
        super().done(result)
