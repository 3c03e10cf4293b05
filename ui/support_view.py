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
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.states import OutboxState
from app.support.timeline import KIND_LABELS, EventKind, Timeline
from server.scenarios import DESCRIPTIONS, SCENARIOS
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
        self.timeline = view.timeline
        facts = view.shown_facts
        title = self.tr("Diễn biến và chẩn đoán — gói {name}").format(name=facts.bundle_name)
        if facts.several:  # a broker's bundle: whose diagnosis this is
            title += f" — {facts.tax_code}"
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        message = self.timeline.diagnosis.message
        self.diagnosis_label = plain_label(message.text(self.language), self, wrap=True)  # type: ignore[arg-type]
        self.diagnosis_label.setObjectName("diagnosis")
        self.diagnosis_label.setStyleSheet("font-weight: 600; font-size: 110%;")
        self.diagnosis_label.setAccessibleName(self.tr("Chẩn đoán"))
        layout.addWidget(self.diagnosis_label)
        self.counts_label = plain_label(counts_text(self.timeline, self.language), self, wrap=True)
        layout.addWidget(self.counts_label)
        self.settings_label = plain_label(
            self.tr(
                "Thiết lập của người khai: máy chủ {server}, mã số thuế {tax_code}, đồng bộ mỗi "
                "{interval} giây, ngôn ngữ {language}. Hộp thư đi lúc xuất gói: {waiting} mục "
                "chưa gửi được."
            ).format(
                server=facts.server_url or self.tr("máy chủ thử nghiệm trong chương trình"),
                tax_code=facts.tax_code or "?",
                interval=facts.sync_interval_seconds,
                language=facts.language,
                waiting=self.timeline.waiting,
            ),
            self,
            wrap=True,
        )
        layout.addWidget(self.settings_label)
        self.seen_label = plain_label(self._seen_text(), self, wrap=True)
        self.seen_label.setAccessibleName(self.tr("Người khai đã thấy"))
        layout.addWidget(self.seen_label)

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
        table.setWordWrap(False)
        for column in (0, 1, 2):
            table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        for row, run in enumerate(runs):
            span = f"{run.first:%d/%m %H:%M:%S}"
            if run.count > 1:
                span += f" – {run.last:%H:%M:%S}"
            kind = kind_label(run.kind, self.language)
            if run.status:
                kind += f" (HTTP {run.status})"
            for column, text in enumerate((span, kind, str(run.count), run.detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        if runs:
            table.scrollToBottom()
        self.table = table
        layout.addWidget(table, 1)

        layout.addWidget(self._build_replay())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đó&ng"))
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(960, int(screen.width() * 0.9)), min(560, int(screen.height() * 0.85)))

    def _seen_text(self) -> str:
        """The reasons the declarant's outbox showed at export, as they read them, most used first."""
        language = self.language
        reasons: dict[str, int] = {}
        for item in self.view.window.store.outbox.items():
            if item.error is not None and item.state != OutboxState.DELIVERED:
                text = item.error.en if language == "en" else item.error.vi
                reasons[text] = reasons.get(text, 0) + 1
        if not reasons:
            return self.tr("Hộp thư đi của người khai không có mục nào báo lỗi.")
        shown = sorted(reasons.items(), key=lambda pair: -pair[1])
        return self.tr("Người khai thấy trong Hộp thư đi: {reasons}").format(
            reasons="; ".join(f"«{text}» ×{count}" for text, count in shown)
        )

    def _build_replay(self) -> QGroupBox:
        box = QGroupBox(self.tr("Phát lại trên máy chủ thử nghiệm trong máy này"), self)
        grid = QGridLayout(box)
        caption = QLabel(self.tr("&Kịch bản:"), box)
        self.scenario_combo = QComboBox(box)
        self.scenario_combo.setAccessibleName(self.tr("Kịch bản của máy chủ thử nghiệm"))
        diagnosed = self.timeline.diagnosis.scenario_spec
        self.scenario_combo.addItem(
            self.tr("{spec} (theo chẩn đoán)").format(spec=diagnosed), diagnosed
        )
        for name in SCENARIOS:
            if name != diagnosed:
                self.scenario_combo.addItem(f"{name} – {DESCRIPTIONS[name]}", name)
        caption.setBuddy(self.scenario_combo)
        self.replay_button = QPushButton(self.tr("&Phát lại"), box)
        self.replay_button.setToolTip(
            self.tr(
                "Khởi động máy chủ thử nghiệm với doanh nghiệp và tờ khai của gói, theo kịch bản "
                "đã chọn, rồi gửi lại hộp thư đi của gói tới máy chủ đó."
            )
        )
        self.replay_button.clicked.connect(self.start_replay)
        idle = self.tr(
            "Chưa phát lại. Đổi kịch bản khi đang phát lại để xem máy chủ làm khác đi "
            "(normal: nhận bình thường)."
        )
        self.replay_status = plain_label(idle, box, wrap=True)
        self.replay_status.setAccessibleName(self.tr("Trạng thái phát lại"))
        grid.addWidget(caption, 0, 0)
        grid.addWidget(self.scenario_combo, 0, 1)
        grid.addWidget(self.replay_button, 0, 2)
        grid.addWidget(self.replay_status, 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        replay = self.view.replay
        replay.started.connect(self._started)
        replay.failed.connect(self._failed)
        if self.view.scenario:
            self.choose_scenario(self.view.scenario)
        self.scenario_combo.currentIndexChanged.connect(self._scenario_chosen)
        if replay.running:
            self._started(replay.prepared)
        return box

    def chosen_scenario(self) -> str:
        return str(self.scenario_combo.currentData())

    def choose_scenario(self, spec: str) -> None:
        """Pick *spec* in the list (added if it is not there): the replay follows at once."""
        index = self.scenario_combo.findData(spec)
        if index < 0:
            self.scenario_combo.addItem(spec, spec)
            index = self.scenario_combo.count() - 1
        self.scenario_combo.setCurrentIndex(index)

    def start_replay(self) -> None:
        if self.view.replay.start(self.chosen_scenario()):
            self.replay_button.setEnabled(False)
            self.replay_status.setText(self.tr("Đang chuẩn bị máy chủ thử nghiệm…"))

    def _started(self, prepared: object) -> None:
        self.replay_button.setEnabled(False)
        self._say_running(self.view.replay.scenario)

    def _say_running(self, scenario: str) -> None:
        prepared = self.view.replay.prepared
        if prepared is None:
            return
        self.replay_status.setText(
            self.tr(
                "Đang phát lại trên {url}, kịch bản {scenario}, {count} tờ khai của gói. Xem "
                "thanh trạng thái và Hộp thư đi (Ctrl+O); chọn normal để xem phiếu được nhận."
            ).format(url=prepared.server.url, scenario=scenario, count=prepared.declarations)
        )

    def _failed(self, text: str) -> None:
        self.replay_button.setEnabled(True)
        self.replay_status.setText(text)

    def _scenario_chosen(self, _index: int) -> None:
        replay = self.view.replay
        if replay.running:
            replay.switch(self.chosen_scenario())
            self._say_running(self.chosen_scenario())

    def shutdown(self) -> None:
        self.close()
