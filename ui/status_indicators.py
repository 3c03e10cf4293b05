"""The status bar's permanent fields: connection, sheets waiting to send, last good sync.

The sync engine (running off the GUI thread) reports through the main window's public setters,
which must be called on the GUI thread — connect them to the engine's signals.
"""

from __future__ import annotations

import enum
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStatusBar, QWidget

from app.domain.states import ConnectionState
from ui import common, texts
from ui.qt_noop import QT_TRANSLATE_NOOP
from ui.status_bar import ElidingLabel


class BarState(enum.StrEnum):
    """What the connection field shows besides where a sync pass left the connection.

    Not ``ConnectionState`` members: no pass ever ends in one of these (``SyncReport.connection``
    and ``SyncController.state`` never hold them); they describe the session around the passes.
    """

    UNKNOWN = "unknown"  # nothing known yet: the window is up, no pass has run
    SYNCING = "syncing"  # a pass is running
    ERROR = "error"  # the session could not start: the test server, the sync worker, the store


#: What the connection field can show: a pass's ``ConnectionState`` or a ``BarState``.
Shown = ConnectionState | BarState

#: state -> (words to translate, colour), for every member of both enums (keyed by their strings,
#: which the members are). A value outside them is shown as given.
_CONNECTION: dict[str, tuple[str, str]] = {
    BarState.UNKNOWN: (QT_TRANSLATE_NOOP("Connection", "Chưa kết nối"), common.MUTED),
    ConnectionState.ONLINE: (QT_TRANSLATE_NOOP("Connection", "Đã kết nối"), common.OK),
    BarState.SYNCING: (QT_TRANSLATE_NOOP("Connection", "Đang đồng bộ…"), common.INFO),
    ConnectionState.OFFLINE: (QT_TRANSLATE_NOOP("Connection", "Mất kết nối"), common.WARNING),
    ConnectionState.DEGRADED: (
        QT_TRANSLATE_NOOP("Connection", "Máy chủ tạm chưa nhận"),
        common.WARNING,
    ),
    ConnectionState.AUTH_FAILED: (
        QT_TRANSLATE_NOOP("Connection", "Đăng nhập không thành công"),
        common.ERROR,
    ),
    ConnectionState.NOT_LOGGED_IN: (
        QT_TRANSLATE_NOOP("Connection", "Chưa đăng nhập"),
        common.MUTED,
    ),
    BarState.ERROR: (QT_TRANSLATE_NOOP("Connection", "Lỗi kết nối"), common.ERROR),
    ConnectionState.LOCAL_ERROR: (
        QT_TRANSLATE_NOOP("Connection", "Lỗi trên máy tính này"),
        common.ERROR,
    ),
}
_DETAIL_MAX = 60


class StatusIndicators(QWidget):
    """Owns three labels added to a status bar as permanent widgets."""

    def __init__(self, status_bar: QStatusBar, language: str):
        super().__init__(status_bar)
        self._language = language
        # Narrowed with "…" where the bar is short (125-150 %), the connection first: the whole
        # text stays in its tooltip.
        self.connection_label = ElidingLabel(status_bar, min_chars=14)
        self.outbox_label = ElidingLabel(status_bar, min_chars=20)
        self.last_sync_label = ElidingLabel(status_bar, min_chars=20)
        for label in (self.connection_label, self.outbox_label, self.last_sync_label):
            label.setContentsMargins(6, 0, 6, 0)
            status_bar.addPermanentWidget(label)
        self.hide()
        self.state: str = BarState.UNKNOWN
        self.set_connection_state(BarState.UNKNOWN, "")
        self.set_outbox_waiting(0)
        self.set_last_sync(None)

    def set_connection_state(self, state: Shown | str, detail: str = "") -> None:
        """*state* is a ``Shown`` member, or its string: a queued Qt signal of ``str`` delivers
        the plain value, which looks up the same entry."""
        self.state = state
        words, colour = _CONNECTION.get(state, (state, common.MUTED))
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


def connection_text(state: str) -> tuple[str, str]:
    """The words (translated) and colour the status bar shows for a state: the overview of all
    enterprises shows each one's the same way."""
    words, colour = _CONNECTION.get(state, (state, common.MUTED))
    return (
        QCoreApplication.translate("Connection", words) if state in _CONNECTION else words
    ), colour
