"""The declaration's identity at the top of both rating pages: which declaration is this about."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from app.domain.model import Declaration
from ui import texts
from ui.common import plain_label


class DeclarationHeader(QGroupBox):
    """Number, type, office, channel, status and registration date, read-only, in two columns."""

    def __init__(self, declaration: Declaration, language: str, parent: QWidget | None = None):
        super().__init__(self.tr("Thông tin tờ khai"), parent)
        self.declaration = declaration
        channel = texts.channel_label(declaration.channel, language) or self.tr("Chưa phân luồng")
        fields = (
            (self.tr("Số tờ khai:"), declaration.number),
            (self.tr("Mã loại hình:"), declaration.type_code),
            (self.tr("Luồng:"), channel),
            (self.tr("Trạng thái:"), texts.status_label(declaration.status, language)),
            (self.tr("Ngày đăng ký:"), texts.format_time(declaration.registered_at)),
            (
                self.tr("Chi cục hải quan:"),
                f"{declaration.office_code} – {declaration.office_name}",
            ),
        )
        # Short values in two columns; the office name is long and gets a whole line.
        positions = ((0, 0, 1), (0, 2, 1), (1, 0, 1), (1, 2, 1), (2, 0, 1), (3, 0, 3))
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        self.values: dict[str, QLabel] = {}
        for (caption, value), (row, column, span) in zip(fields, positions, strict=True):
            title = QLabel(caption, self)
            shown = plain_label(value, self, wrap=span > 1)
            title.setBuddy(shown)
            grid.addWidget(title, row, column)
            grid.addWidget(shown, row, column + 1, 1, span)
            self.values[caption] = shown
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.number_label = self.values[fields[0][0]]
        font = self.number_label.font()
        font.setBold(True)
        self.number_label.setFont(font)
