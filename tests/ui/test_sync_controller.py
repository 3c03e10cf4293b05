"""The sync controller drives the real engine on a worker thread against the real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.store import Store
from app.sync.engine import ConnectionState, SyncReport
from server.embedded import EmbeddedServer, start_embedded
from ui.sync_controller import SyncController


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


def test_sync_now_during_a_pass_does_not_start_a_second_one(qtbot, controller, server) -> None:
    with qtbot.waitSignal(controller.report_ready, timeout=20_000):
        controller.start()
    server.set_scenario("slow", delay=0.5, phase="before")
    reports: list[SyncReport] = []
    controller.report_ready.connect(reports.append)
    controller.sync_now()
    assert controller.running
    controller.sync_now()
    controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running, timeout=20_000)
    assert len(reports) == 1 and reports[0].started
