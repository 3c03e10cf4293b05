"""The status bar's connection field: words and a colour for every state it can be given."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar

from app.domain.states import ConnectionState
from ui.status_indicators import BarState, StatusIndicators


def test_every_state_has_words_of_its_own(qtbot) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    indicators = StatusIndicators(bar, "vi")
    assert indicators.state == BarState.UNKNOWN
    shown: dict[str, str] = {}
    for state in [*ConnectionState, *BarState]:
        indicators.set_connection_state(state)
        text = indicators.connection_label.text()
        assert state.value not in text, f"{state!r} has no words: shown as given"
        shown[state] = text
    assert len(set(shown.values())) == len(shown)
    assert shown[ConnectionState.LOCAL_ERROR] == "● Lỗi trên máy tính này"
    assert shown[BarState.SYNCING] == "● Đang đồng bộ…"


class _Emitter(QObject):
    changed = Signal(str, str)


def test_a_state_through_a_str_signal_is_shown_the_same(qtbot) -> None:
    """SyncController.state_changed is Signal(str, str): the slot gets the plain value."""
    bar = QStatusBar()
    qtbot.addWidget(bar)
    indicators = StatusIndicators(bar, "vi")
    emitter = _Emitter()
    received: list[object] = []
    emitter.changed.connect(lambda state, _detail: received.append(state))
    emitter.changed.connect(indicators.set_connection_state)
    emitter.changed.emit(ConnectionState.DEGRADED, "HTTP 503")
    assert indicators.connection_label.text() == "● Máy chủ tạm chưa nhận – HTTP 503"
    assert indicators.state == ConnectionState.DEGRADED
    assert received == ["degraded"]
    indicators.set_connection_state("a state nobody knows")
    assert indicators.connection_label.text() == "● a state nobody knows"


MAINTENANCE = "Hệ thống tiếp nhận đang bận hoặc bảo trì. Phiếu sẽ được gửi lại tự động sau ít phút."


def _fits(label) -> bool:
    room = label.contentsRect().width() - 2 * label.margin()
    return label.fontMetrics().horizontalAdvance(label.shown_text()) <= room


def test_a_long_status_ends_with_an_ellipsis_and_keeps_the_whole_text(qtbot, make_window) -> None:
    """A narrow window (1366 px at 150 %, or less): nothing is cut off mid-glyph."""
    window = make_window()
    window.resize(640, 480)
    window.set_connection_state(ConnectionState.DEGRADED, MAINTENANCE)
    window.statusBar().showMessage("Đã lưu phiếu tờ khai 104512345670, chờ gửi.", 10000)
    bar = window.statusBar()
    labels = [
        bar.message_label,
        window.summary,
        *(
            getattr(window.indicators, n)
            for n in ("connection_label", "outbox_label", "last_sync_label")
        ),
    ]
    qtbot.waitUntil(lambda: all(_fits(label) for label in labels))
    connection = window.indicators.connection_label
    assert connection.is_elided() and connection.shown_text().endswith("…")
    assert MAINTENANCE in connection.toolTip()
    assert connection.text().startswith("● Máy chủ tạm chưa nhận")
    # Every field is inside the bar, none pushed past its right edge.
    assert all(label.geometry().right() <= bar.width() for label in labels)
    # The temporary message: a field of its own, elided like the others, never clipped.
    message = bar.message_label
    assert message.isVisible() and _fits(message)
    shown = bar.shown_message()
    assert shown.endswith("…") and shown != bar.currentMessage()
    assert message.toolTip() == bar.currentMessage()
    assert message.geometry().right() < window.summary.geometry().left()
    # While it shows, the fields keep to their minimum: the message gets the room.
    qtbot.waitUntil(lambda: connection.width() <= connection.minimumSizeHint().width() + 1)
    assert message.width() > connection.width()

    window.resize(1800, 600)
    qtbot.waitUntil(lambda: not connection.is_elided())
    assert bar.shown_message() == bar.currentMessage()
    bar.clearMessage()
    assert not bar.message_label.isVisible() and bar.shown_message() == ""
