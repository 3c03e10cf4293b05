"""Hộp thư đến: customs' answers to low ratings, each read beside the sheet it answers.

The declarant can accept the answer or say it does not resolve the problem; either verdict is
queued through the outbox, so it is kept when typed offline and sent when the connection returns.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import check_text
from app.store import Store, StoredResponse, StorePart
from ui.common import error_label
from ui.enterprise_switcher import owner_heading, show_owner
from ui.geometry import fit_to_screen
from ui.qt_noop import QT_TRANSLATE_NOOP
from ui.store_events import StoreEvents

_RESULTS = {
    "upheld": QT_TRANSLATE_NOOP("Inbox", "Phản ánh đúng – đã xử lý"),
    "not_upheld": QT_TRANSLATE_NOOP("Inbox", "Phản ánh chưa có cơ sở"),
    "explained": QT_TRANSLATE_NOOP("Inbox", "Đã giải thích, hướng dẫn"),
}
_VERDICTS = {
    "accepted": QT_TRANSLATE_NOOP("Inbox", "Bạn đã chấp nhận kết quả"),
    "not_resolved": QT_TRANSLATE_NOOP("Inbox", "Bạn đã báo chưa giải quyết được"),
}


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # server and user text is never rich text
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class InboxDialog(QDialog):
    """A list of responses on the left; the answer and the original sheet on the right."""

    changed = Signal()  # a verdict was recorded or a response read: counts must refresh

    def __init__(
        self,
        store: Store,
        tax_code: str,
        language: str = "vi",
        parent: QWidget | None = None,
        *,
        events: StoreEvents | None = None,
    ):
        super().__init__(parent)
        self._title = self.tr("Kết quả xử lý phản ánh của Hải quan")
        self.setWindowTitle(self._title)
        if events is not None:
            events.changed.connect(self._store_changed)
        self.setModal(False)
        self._store = store
        self._tax_code = tax_code
        self._language = language
        self.responses: list[StoredResponse] = []

        #: Whose answers these are: the current enterprise's name and tax code.
        self.owner_label = owner_heading(self)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Danh sách phản hồi"))
        self.list.setWordWrap(True)
        self.result_label = _plain(QLabel(self))
        self.answer_label = _plain(QLabel(self))
        self.sheet_label = _plain(QLabel(self))
        self.verdict_label = _plain(QLabel(self))
        self.follow_up = QPlainTextEdit(self)
        self.follow_up.setPlaceholderText(
            self.tr("Nếu chưa giải quyết được, hãy nói rõ vấn đề còn tồn tại…")
        )
        self.follow_up.setAccessibleName(self.tr("Ý kiến thêm"))
        self.follow_up.setTabChangesFocus(True)
        lines = self.follow_up.fontMetrics().lineSpacing()
        self.follow_up.setMaximumHeight(lines * 6)
        self.error_label = error_label(self)
        self.accept_button = QPushButton(self.tr("&Chấp nhận kết quả"), self)
        self.not_resolved_button = QPushButton(self.tr("C&hưa giải quyết được vấn đề"), self)
        self.close_button = QPushButton(self.tr("Đó&ng"), self)
        self.accept_button.clicked.connect(lambda: self.record("accepted"))
        self.not_resolved_button.clicked.connect(lambda: self.record("not_resolved"))
        self.close_button.clicked.connect(self.close)
        # Enter must never accept customs' answer by accident (a dialog would make its first
        # button the default): Enter closes; a verdict takes its own button.
        self.close_button.setDefault(True)

        # The answer and the sheet can be long: they scroll, the buttons below them stay put.
        detail = QWidget(self)
        self.detail_scroll = QScrollArea(self)
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.detail_scroll.setAccessibleName(self.tr("Nội dung phản hồi"))
        body = QWidget(self.detail_scroll)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        # An empty inbox says what it is for instead of a blank list beside a reply box.
        self.empty_label = _plain(QLabel(self))
        self.empty_label.setText(
            self.tr(
                "Chưa có phản hồi nào. Khi bạn đánh giá 1–2 sao (Không hài lòng, Rất không hài "
                "lòng), hải quan xác minh và trả lời; câu trả lời hiện ở đây và trên thanh trạng "
                "thái (✉)."
            )
        )
        column.addWidget(self.empty_label)
        self._answer_parts: list[QWidget] = []
        for title, widget in (
            (self.tr("Kết quả xử lý"), self.result_label),
            (self.tr("Nội dung trả lời"), self.answer_label),
            (self.tr("Phiếu đánh giá đã gửi"), self.sheet_label),
        ):
            heading = QLabel(title, detail)
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            column.addWidget(heading)
            column.addWidget(widget)
            self._answer_parts += [heading, widget]
        column.addWidget(self.verdict_label)
        column.addWidget(self.follow_up)
        column.addWidget(self.error_label)
        column.addStretch(1)
        self._answer_parts += [
            self.verdict_label,
            self.follow_up,
            self.accept_button,
            self.not_resolved_button,
        ]
        self.detail_scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.not_resolved_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_scroll, 1)
        detail_layout.addLayout(buttons)

        splitter = QSplitter(self)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.owner_label)
        layout.addWidget(splitter)
        fit_to_screen(self, 960, 560)
        self.list.currentRowChanged.connect(self._show)
        self.refresh()

    def _store_changed(self, parts: frozenset[StorePart]) -> None:
        if StorePart.RESPONSES in parts and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        current = self.current()
        show_owner(self, self.owner_label, self._title, self._store)
        self.responses = self._store.responses.all()
        self.list.blockSignals(True)
        self.list.clear()
        for response in self.responses:
            text = self.tr("Tờ khai {number} – {result}").format(
                number=response.declaration_number, result=self._result_text(response.result)
            )
            item = QListWidgetItem(text, self.list)
            font = QFont(item.font())
            font.setBold(response.read_at is None)
            item.setFont(font)
        self.list.blockSignals(False)
        row = next(
            (
                i
                for i, r in enumerate(self.responses)
                if current and r.response_id == current.response_id
            ),
            0 if self.responses else -1,
        )
        self.list.setCurrentRow(row)
        self._show(row)

    def current(self) -> StoredResponse | None:
        row = self.list.currentRow()
        return self.responses[row] if 0 <= row < len(self.responses) else None

    def _result_text(self, result: str) -> str:
        text = _RESULTS.get(result)
        return QCoreApplication.translate("Inbox", text) if text else result

    def _show(self, row: int) -> None:
        response = self.responses[row] if 0 <= row < len(self.responses) else None
        for widget in (self.accept_button, self.not_resolved_button, self.follow_up):
            widget.setEnabled(response is not None and response.verdict is None)
        self.error_label.clear()
        self.empty_label.setVisible(response is None)
        self.list.setVisible(bool(self.responses))  # no blank list beside the explanation
        for part in self._answer_parts:
            part.setVisible(response is not None)
        self.list.setAccessibleDescription(self.empty_label.text() if response is None else "")
        if response is None:
            for label in (self.result_label, self.answer_label, self.sheet_label):
                label.clear()
            self.verdict_label.clear()
            return
        self.result_label.setText(self._result_text(response.result))
        self.answer_label.setText(response.content)
        self.sheet_label.setText(self._sheet_text(response.sheet_key))
        verdict = _VERDICTS.get(response.verdict or "")
        self.verdict_label.setText(QCoreApplication.translate("Inbox", verdict) if verdict else "")
        if response.read_at is None:
            self._store.responses.mark_read(response.response_id)
            self.responses[row] = replace(response, read_at="now")
            item = self.list.item(row)
            font = QFont(item.font())
            font.setBold(False)
            item.setFont(font)
            self.changed.emit()

    def _sheet_text(self, key: str) -> str:
        sheet = self._store.sheets.by_key(key)
        if sheet is None:
            return self.tr("(Phiếu không còn trên máy này)")
        lines = [self.tr("Tờ khai {number}").format(number=sheet.declaration_number)]
        for item in sheet.scores:
            kind, score = item.target.kind, item.score
            kind_label = kind.label_en if self._language == "en" else kind.label_vi
            score_label = score.label_en if self._language == "en" else score.label_vi
            lines.append(f"• {kind_label}: {item.target.name} – {int(score)} ★ {score_label}")
        if sheet.content:
            lines.append(sheet.content)
        return "\n".join(lines)

    def record(self, verdict: str) -> None:
        response = self.current()
        if response is None or response.verdict is not None:
            return
        content, error = check_text(
            "content",
            self.follow_up.toPlainText(),
            label=("Ý kiến thêm", "Follow-up"),
            required=verdict == "not_resolved",
            max_length=2000,
            multiline=True,
        )
        if error:
            self.error_label.setText(error.message.text(self._language))  # type: ignore[arg-type]
            self.follow_up.setFocus()
            return
        self._store.responses.record_verdict(response.response_id, verdict, content, self._tax_code)
        self.follow_up.clear()
        self.changed.emit()
        self.refresh()
