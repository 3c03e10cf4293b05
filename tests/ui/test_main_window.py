"""The desktop program starts on a real store in the test profile."""

from __future__ import annotations

from app.settings import Settings
from app.store import Store
from tests.factories import declaration
from ui.main_window import MainWindow


def test_main_window_shows_the_store_summary(qtbot, profile) -> None:
    with Store.open(profile.store_file) as store:
        store.declarations.upsert([declaration()])
        window = MainWindow(store, Settings())
        qtbot.addWidget(window)
        window.show()
        assert "1 tờ khai, 1 chưa đánh giá" in window.summary.text()
