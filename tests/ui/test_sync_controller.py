"""The sync controller drives the real engine on a worker thread against the real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.store import Store
from app.sync.engine import ConnectionState, SyncReport
from server.embedded import EmbeddedServer, start_embedded
from ui.sync_controller import TICK_MS, SyncController


@pytest.fixture
def server(tmp_path) -> Iterator[EmbeddedServer]:
    with start_embedded(tmp_path / "intake", pace=None) as running:
        yield running


@pytest.fixture
def controller(qtbot, server, profile) -> Iterator[SyncController]:
    Store.open(profile.store_file).close()
    sync = SyncController(
        profile.store_file,
        server.url,
        server.demo_tax_code,
        lambda: server.demo_password,
        interval_seconds=3600,
    )
    sync.probe_every = 0.2
    yield sync
    sync.shutdown()


def test_the_first_pass_runs_at_start_off_the_gui_thread(qtbot, controller, profile) -> None:
    states: list[str] = []
    controller.state_changed.connect(lambda state, _detail: states.append(state))
    with qtbot.waitSignal(controller.report_ready, timeout=20_000) as blocker:
        controller.start()
    report: SyncReport = blocker.args[0]
    assert report.ok and report.declarations > 0
    assert states[0] == "syncing" and states[-1] == ConnectionState.ONLINE
    with Store.open(profile.store_file) as store:
        assert store.declarations.count() == report.declarations


def test_offline_then_back_is_noticed_by_itself(qtbot, controller, server) -> None:
    with qtbot.waitSignal(controller.report_ready, timeout=20_000):
        controller.start()
    server.set_scenario("offline")
    with qtbot.waitSignal(controller.report_ready, timeout=20_000) as blocker:
        controller.sync_now()
    assert blocker.args[0].connection == ConnectionState.OFFLINE
    assert controller.state == ConnectionState.OFFLINE
    server.set_scenario("normal")
    # No button pressed: the probe sees the server and a pass follows.
    with qtbot.waitSignal(controller.report_ready, timeout=20_000, check_params_cb=lambda r: r.ok):
        pass
    assert controller.state == ConnectionState.ONLINE


def test_presses_during_a_pass_make_one_pass_after_it_never_one_beside_it(
    qtbot, controller, server
) -> None:
    with qtbot.waitSignal(controller.report_ready, timeout=20_000):
        controller.start()
    server.set_scenario("slow", delay=0.5, phase="before")
    reports: list[SyncReport] = []
    begun: list[int] = []  # how many reports had come back when each pass began
    controller.report_ready.connect(reports.append)
    controller.state_changed.connect(
        lambda state, _detail: begun.append(len(reports)) if state == "syncing" else None
    )
    controller.sync_now()
    assert controller.running
    controller.sync_now()
    controller.sync_now()
    # (It once waited for the first pass alone and counted one report: a loaded machine's late
    # look saw the follow-up too, which is what the presses ask for.)
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    qtbot.wait(3 * TICK_MS)  # and no third: three presses during one pass are one more pass
    assert len(reports) == 2 and all(report.started and report.ok for report in reports)
    assert begun == [0, 1] and not controller.running  # each began after the one before ended
