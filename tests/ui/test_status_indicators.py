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
