"""A quiet banner above the table: "12 declarations are waiting for your rating".

Shown at start instead of a modal box: the declarant opened the program to work, not to be
stopped; the banner says how many are unrated and offers to list them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui import texts
from ui.icons import icon


class UnratedNotice(QFrame):
    view_requested = Signal()

    def __init__(self, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._language = language
        self.setObjectName("unratedNotice")
        self.setStyleSheet(
            "#unratedNotice { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 3px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        badge = QLabel(self)
        size = self.fontMetrics().height()
        badge.setPixmap(icon("unrated").pixmap(size, size))
        layout.addWidget(badge)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.view_button = QPushButton(self.tr("&Xem"), self)
        self.view_button.setToolTip(self.tr("Mở danh sách tờ khai chưa đánh giá"))
        self.hide_button = QPushButton(self.tr("Ẩn thông &báo"), self)
        self.hide_button.setToolTip(self.tr("Ẩn thông báo này"))
        layout.addWidget(self.view_button)
        layout.addWidget(self.hide_button)
        self.view_button.clicked.connect(self.view_requested)
        self.hide_button.clicked.connect(self.dismiss)
        self.dismissed = False
        self.count = 0
        self.setVisible(False)

    def set_count(self, count: int) -> None:
        self.count = count
        self.label.setText(
            self.tr(
                "Có {count} tờ khai đã hoàn thành thủ tục nhưng chưa đánh giá mức độ hài lòng."
            ).format(count=texts.format_count(count, self._language))
        )
        self.setAccessibleName(self.label.text())
        self.setVisible(count > 0 and not self.dismissed)

    def dismiss(self) -> None:
        self.dismissed = True
        self.setVisible(False)
