"""10,000 sheets queued offline, then delivered by the sync worker while the window stays live.

"Responsive" is checked without timing: a heartbeat timer on the GUI thread must keep firing
between the worker's progress reports, which can only happen if the GUI thread is never blocked
for the length of the send.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from app.domain.states import RatingState
from app.sync.api_client import ApiClient
from app.sync.engine import SyncEngine
from server.embedded import start_embedded
from tests.app.sync.test_faults import fresh_tax_code, rate
from ui.sync_controller import SyncController

PASSWORD = "Mật-khẩu-thử 2026"


def test_ten_thousand_sheets_leave_while_the_gui_thread_keeps_running(
    qtbot, profile, store, tmp_path
) -> None:
    with start_embedded(tmp_path / "intake", pace=None) as server:
        tax_code = fresh_tax_code()
        server.add_enterprise(tax_code, "Công ty TNHH Mười Nghìn Phiếu", PASSWORD)
        numbers = server.complete_declarations(10_000, tax_code=tax_code)
        puller = SyncEngine(
            store, ApiClient(server.url), tax_code=tax_code, password=lambda: PASSWORD
        )
        assert puller.sync(force=True).ok
        server.set_scenario("offline")
        for number in numbers:
            rate(store, number)
        assert store.outbox.count_waiting() == 10_000
        server.set_scenario("normal")

        controller = SyncController(profile.store_file, server.url, tax_code, lambda: PASSWORD)
        beats: list[int] = []
        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(lambda: beats.append(len(progress)))
        progress: list[tuple[int, int]] = []
        controller.progress.connect(lambda done, total: progress.append((done, total)))
        try:
            heartbeat.start()
            with qtbot.waitSignal(controller.report_ready, timeout=120_000) as blocker:
                controller.start()
            heartbeat.stop()
        finally:
            controller.shutdown()
        report = blocker.args[0]
        assert report.ok and report.delivered == 10_000
        assert progress[-1] == (10_000, 10_000)
        # The heartbeat fired at several different stages of the send, not only before and after.
        stages_seen_by_gui = {count for count in beats if 0 < count < len(progress)}
        assert len(stages_seen_by_gui) >= 3
        assert store.declarations.count_by_rating_state(RatingState.SENT) == 10_000
