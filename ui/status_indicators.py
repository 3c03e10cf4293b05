"""The status bar's permanent fields: connection, sheets waiting to send, last good sync.

The sync engine (running off the GUI thread) reports through the main window's public setters,
which must be called on the GUI thread — connect them to the engine's signals.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ui import texts

#: state -> (words, colour); the sync engine's ``ConnectionState`` values plus "unknown" (before
#: the first sync) and "syncing". Unknown states are shown as given.
_CONNECTION = {
    "unknown": (QT_TRANSLATE_NOOP("Connection", "Chưa kết nối"), "#616161"),
    "online": (QT_TRANSLATE_NOOP("Connection", "Đã kết nối"), "#1b5e20"),
    "syncing": (QT_TRANSLATE_NOOP("Connection", "Đang đồng bộ…"), "#1d4ed8"),
    "offline": (QT_TRANSLATE_NOOP("Connection", "Mất kết nối"), "#b45309"),
    "degraded": (QT_TRANSLATE_NOOP("Connection", "Máy chủ tạm chưa nhận"), "#b45309"),
    "auth_failed": (QT_TRANSLATE_NOOP("Connection", "Đăng nhập không thành công"), "#b71c1c"),
    "not_logged_in": (QT_TRANSLATE_NOOP("Connection", "Chưa đăng nhập"), "#616161"),
    "error": (QT_TRANSLATE_NOOP("Connection", "Lỗi kết nối"), "#b71c1c"),
    "local_error": (QT_TRANSLATE_NOOP("Connection", "Lỗi trên máy tính này"), "#b71c1c"),
}
_DETAIL_MAX = 60


class StatusIndicators(QWidget):
    """Owns three labels added to a status bar as permanent widgets."""

    def __init__(self, status_bar: QStatusBar, language: str):
        super().__init__(status_bar)
        self._language = language
        self.connection_label = QLabel(status_bar)
        self.outbox_label = QLabel(status_bar)
        self.last_sync_label = QLabel(status_bar)
        for label in (self.connection_label, self.outbox_label, self.last_sync_label):
            label.setContentsMargins(6, 0, 6, 0)
            status_bar.addPermanentWidget(label)
        self.hide()
        self.state = "unknown"
        self.set_connection_state("unknown", "")
        self.set_outbox_waiting(0)
        self.set_last_sync(None)

    def set_connection_state(self, state: str, detail: str = "") -> None:
        self.state = state
        words, colour = _CONNECTION.get(state, (state, "#616161"))
        text = QCoreApplication.translate("Connection", words) if state in _CONNECTION else words
        shown = f"● {text}"
        if detail:
            short = detail if len(detail) <= _DETAIL_MAX else detail[: _DETAIL_MAX - 1] + "…"
            shown += f" – {short}"
        self.connection_label.setText(shown)
        self.connection_label.setStyleSheet(f"color: {colour};")
        self.connection_label.setToolTip(detail or text)
        self.connection_label.setAccessibleName(self.tr("Kết nối"))
        self.connection_label.setAccessibleDescription(f"{text}. {detail}" if detail else text)

    def set_outbox_waiting(self, count: int) -> None:
        self.outbox_count = count
        self.outbox_label.setText(
            self.tr("Chờ gửi: {count} phiếu").format(
                count=texts.format_count(count, self._language)
            )
        )
        self.outbox_label.setToolTip(
            self.tr("Phiếu đánh giá đã lưu trên máy, chờ gửi đến hải quan")
        )

    def set_last_sync(self, when: datetime | None) -> None:
        self.last_sync = when
        self.last_sync_label.setText(
            self.tr("Đồng bộ lần cuối: {time}").format(time=texts.format_time(when))
            if when is not None
            else self.tr("Chưa đồng bộ")
        )
