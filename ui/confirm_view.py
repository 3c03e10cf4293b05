"""Page two of the rating dialog: exactly what will be sent, read-only.

Shows the sheet after ``validate_sheet`` normalised it (trimmed text, the phone in +84 form), so
what the declarant confirms is byte for byte what is stored and sent. Everything the user or the
server typed is shown as plain text: a content of ``<b>x</b>`` reads ``<b>x</b>``.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Declaration, RatingSheet
from app.domain.reasons import REASONS
from ui import texts
from ui.declaration_header import DeclarationHeader, plain_label
from ui.star_rating import StarRating

#: A focused read-only line shows a ring like any other focused control.
_READABLE_STYLE = (
    'QLabel[readable="true"] { border: 2px solid transparent; border-radius: 2px; }'
    'QLabel[readable="true"]:focus { border-color: #0b57d0; }'
)


def readable(label: QLabel, name: str) -> QLabel:
    """Make a read-only line a Tab stop a screen reader reads out as *name*."""
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    label.setProperty("readable", True)
    label.setAccessibleName(name)
    return label


class ConfirmView(QWidget):
    """A read-only rendering of one rating sheet, every line of it on the Tab path: a
    screen-reader user confirms by Tab what a sighted user confirms at a glance."""

    def __init__(
        self,
        declaration: Declaration,
        sheet: RatingSheet,
        language: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.sheet = sheet
        self.setStyleSheet(_READABLE_STYLE)
        chain: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            self.tr(
                "Kiểm tra lại nội dung dưới đây. Chọn Gửi để gửi phiếu đánh giá, "
                "hoặc Sửa để quay lại sửa."
            ),
            self,
        )
        intro.setWordWrap(True)
        chain.append(readable(intro, intro.text()))
        layout.addWidget(intro)
        self.header = DeclarationHeader(declaration, language, self)
        for caption, value in self.header.values.items():
            chain.append(readable(value, f"{caption} {value.text()}"))
        # The caption is in each name: as a buddy too, Orca read it twice ("Số tờ khai: Số tờ
        # khai: 1045…"); these buddies carry no Alt letter, so nothing else is lost.
        for title in self.header.findChildren(QLabel):
            if title.buddy() in self.header.values.values():
                title.setBuddy(None)  # type: ignore[arg-type]
        layout.addWidget(self.header)
        self.stage_label = plain_label(
            self.tr("Loại phiếu: {stage}").format(stage=texts.stage_label(sheet.stage)), self
        )
        chain.append(readable(self.stage_label, self.stage_label.text()))
        layout.addWidget(self.stage_label)

        scores_box = QGroupBox(self.tr("Kết quả đánh giá"), self)
        grid = QGridLayout(scores_box)
        self.score_views: list[StarRating] = []
        self.reason_labels: list[QLabel] = []
        for i, item in enumerate(sheet.scores):
            who = plain_label(
                f"{texts.kind_label(item.target.kind, language)}: {item.target.name}",
                scores_box,
                wrap=True,
            )
            stars = StarRating(scores_box, language=language)
            stars.setValue(int(item.score))
            stars.setReadOnly(True)
            stars.setAccessibleName(who.text())
            reasons = [REASONS[c].en if language == "en" else REASONS[c].vi for c in item.reasons]
            reason_text = (
                self.tr("Lý do: {reasons}").format(reasons="; ".join(reasons))
                if reasons
                else self.tr("Lý do: (không chọn)")
            )
            reason_label = plain_label(reason_text, scores_box, wrap=True)
            reason_label.setStyleSheet("color: #444444;")
            chain += [stars, readable(reason_label, reason_text)]
            grid.addWidget(who, 2 * i, 0)
            grid.addWidget(stars, 2 * i, 1)
            grid.addWidget(reason_label, 2 * i + 1, 0, 1, 2)
            self.score_views.append(stars)
            self.reason_labels.append(reason_label)
        grid.setColumnStretch(0, 1)
        layout.addWidget(scores_box)

        details = QGroupBox(self.tr("Nội dung và người liên hệ"), self)
        form = QGridLayout(details)
        content_caption = QLabel(self.tr("Nội dung đánh giá, góp ý:"), details)
        self.content_view = QPlainTextEdit(details)
        self.content_view.setReadOnly(True)
        self.content_view.setTabChangesFocus(True)
        self.content_view.setPlaceholderText(self.tr("(không có)"))
        self.content_view.setPlainText(sheet.content)
        lines = max(2, min(6, sheet.content.count("\n") + 2))
        self.content_view.setFixedHeight(self.fontMetrics().height() * lines + 12)
        name_caption = QLabel(self.tr("Họ và tên người liên hệ:"), details)
        self.contact_name_view = plain_label(sheet.contact_name or self.tr("(không có)"), details)
        phone_caption = QLabel(self.tr("Số điện thoại:"), details)
        self.contact_phone_view = plain_label(sheet.contact_phone or self.tr("(không có)"), details)
        form.addWidget(content_caption, 0, 0, 1, 2)
        form.addWidget(self.content_view, 1, 0, 1, 2)
        form.addWidget(name_caption, 2, 0)
        form.addWidget(self.contact_name_view, 2, 1)
        form.addWidget(phone_caption, 3, 0)
        form.addWidget(self.contact_phone_view, 3, 1)
        form.setColumnStretch(1, 1)
        layout.addWidget(details)
        layout.addStretch(1)
        self.content_view.setAccessibleName(content_caption.text().rstrip(":"))
        for title, shown in (
            (name_caption, self.contact_name_view),
            (phone_caption, self.contact_phone_view),
        ):
            readable(shown, f"{title.text()} {shown.text()}")
        chain += [self.content_view, self.contact_name_view, self.contact_phone_view]
        self.chain = chain
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def focus_chain(self) -> list[QWidget]:
        """Everything on the page in reading order, each a Tab stop."""
        return list(self.chain)
