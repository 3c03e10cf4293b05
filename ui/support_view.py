"""The support view of an opened bundle: what happened, and what the trouble was, in one line.

Reads the bundle's own logs and its outbox at export (``app.support.timeline``): the diagnosis on
top, then the good passes and the errors by kind with their times, then the timeline as runs
(consecutive events of one kind shown once, with their count and first and last time). Times are
the declarant's clock, as they would tell it on the phone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.support.timeline import KIND_LABELS, EventKind, Timeline
from ui.common import plain_label

if TYPE_CHECKING:
    from ui.bundle_view import BundleView


def kind_label(kind: EventKind, language: str) -> str:
    vi, en = KIND_LABELS[kind]
    return en if language == "en" else vi


def counts_text(timeline: Timeline, language: str) -> str:
    errors = timeline.errors_by_kind
    parts = [
        f"{kind_label(kind, language)}: {len(times)} ({times[0]:%d/%m %H:%M}–{times[-1]:%H:%M})"
        for kind, times in errors.items()
    ]
    return QCoreApplication.translate(
        "SupportView", "Đồng bộ thành công: {ok} lượt. Lỗi theo loại: {errors}."
    ).format(
        ok=timeline.count(EventKind.PASS_OK),
        errors="; ".join(parts) or QCoreApplication.translate("SupportView", "không có"),
    )


class SupportView(QDialog):
    def __init__(self, view: BundleView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.language = view.window.language
        self.timeline = view.facts.timeline()
        self.setWindowTitle(
            self.tr("Diễn biến và chẩn đoán — gói {name}").format(name=view.facts.bundle_name)
        )
        layout = QVBoxLayout(self)
        message = self.timeline.diagnosis.message
        self.diagnosis_label = plain_label(message.text(self.language), self, wrap=True)  # type: ignore[arg-type]
        self.diagnosis_label.setObjectName("diagnosis")
        self.diagnosis_label.setStyleSheet("font-weight: 600; font-size: 110%;")
        self.diagnosis_label.setAccessibleName(self.tr("Chẩn đoán"))
        layout.addWidget(self.diagnosis_label)
        self.counts_label = plain_label(counts_text(self.timeline, self.language), self, wrap=True)
        layout.addWidget(self.counts_label)

        runs = self.timeline.runs()
        table = QTableWidget(len(runs), 4, self)
        table.setHorizontalHeaderLabels(
            [self.tr("Thời gian"), self.tr("Diễn biến"), self.tr("Số lần"), self.tr("Chi tiết")]
        )
        table.setAccessibleName(self.tr("Diễn biến"))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for row, run in enumerate(runs):
            span = f"{run.first:%d/%m %H:%M:%S}"
            if run.count > 1:
                span += f" – {run.last:%H:%M:%S}"
            kind = kind_label(run.kind, self.language)
            if run.status:
                kind += f" (HTTP {run.status})"
            for column, text in enumerate((span, kind, str(run.count), run.detail)):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        if runs:
            table.scrollToBottom()
        self.table = table
        layout.addWidget(table, 1)

        self.replay_box: QWidget | None = None
        self._layout = layout
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đó&ng"))
        layout.addWidget(buttons)
        self.resize(900, 520)

    def shutdown(self) -> None:
        self.close()
