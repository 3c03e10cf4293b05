"""Reconnect within the promised time: while the server is away, a health probe runs at its
interval whatever the back-off's state, and a server that comes back is used within that
interval plus one pass. The real intake server goes away (``offline`` closes its port) and comes
back; the probe interval is made short so the test waits seconds, not minutes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.domain.states import OutboxState
from app.store import Store
from app.sync.engine import ConnectionState, SyncReport
from server.embedded import EmbeddedServer
from tests.app.sync.test_faults import rate, server_sheets
from ui.sync_controller import SyncController

PROBE_EVERY = 0.3


@pytest.fixture
def controller(qtbot, intake_server: EmbeddedServer, profile) -> Iterator[SyncController]:
    Store.open(profile.store_file).close()
    sync = SyncController(
        profile.store_file,
        intake_server.url,
        intake_server.demo_tax_code,
        lambda: intake_server.demo_password,
        interval_seconds=3600,  # the timer's own pass never comes during the test
    )
    sync.probe_every = PROBE_EVERY
    yield sync
    sync.shutdown()


@pytest.fixture
def store(profile) -> Iterator[Store]:
    with Store.open(profile.store_file) as opened:
        yield opened


def _first_pass(qtbot, controller: SyncController) -> None:
    with qtbot.waitSignal(controller.report_ready, timeout=30_000) as blocker:
        controller.start()
    assert blocker.args[0].ok


def _delivered(report: SyncReport) -> bool:
    return report.ok and report.delivered == 1


def test_a_server_back_after_the_back_off_ran_out_is_used_within_the_probe_interval(
    qtbot, controller: SyncController, intake_server: EmbeddedServer, store: Store
) -> None:
    _first_pass(qtbot, controller)
    (number,) = store.declarations.unrated_numbers(1)
    intake_server.set_scenario("offline")
    rate(store, number)
    with qtbot.waitSignal(
        controller.report_ready,
        timeout=30_000,
        check_params_cb=lambda r: r.connection == ConnectionState.OFFLINE,
    ):
        controller.sheet_saved()
    engine = controller.worker.engine
    assert engine is not None
    # Down for a while: the back-off (1-2 s after one failure) runs out, and probes go on failing
    # after that, which the old controller never sent (it probed only while a back-off counted).
    qtbot.waitUntil(lambda: engine.due_in() == 0, timeout=30_000)
    failed_after: list[object] = []
    controller.worker.probed.connect(
        lambda outcome: failed_after.append(outcome) if outcome is not None else None
    )
    qtbot.waitUntil(lambda: len(failed_after) >= 3, timeout=30_000)
    assert controller.state == ConnectionState.OFFLINE
    (item,) = store.outbox.items([OutboxState.QUEUED])
    intake_server.set_scenario("normal")
    # No button pressed: the next probe answers and one pass delivers.
    with qtbot.waitSignal(controller.report_ready, timeout=30_000, check_params_cb=_delivered):
        pass
    assert controller.state == ConnectionState.ONLINE
    assert [key for key, _receipt in server_sheets(intake_server, intake_server.demo_tax_code)] == [
        item.idempotency_key
    ]
    (sent,) = store.outbox.items()
    assert sent.state == OutboxState.DELIVERED


def test_a_server_that_asked_to_wait_is_not_probed_before_its_retry_after(
    qtbot, controller: SyncController, intake_server: EmbeddedServer, store: Store
) -> None:
    _first_pass(qtbot, controller)
    (number,) = store.declarations.unrated_numbers(1)
    intake_server.set_scenario("maintenance", retry_after=2)
    rate(store, number)
    with qtbot.waitSignal(
        controller.report_ready,
        timeout=30_000,
        check_params_cb=lambda r: r.connection == ConnectionState.DEGRADED,
    ):
        controller.sheet_saved()
    engine = controller.worker.engine
    assert engine is not None and engine.retry_after_in() > 0
    too_early: list[float] = []
    controller._probe.connect(  # on the GUI thread, as the request leaves
        lambda: too_early.append(engine.retry_after_in()) if engine.retry_after_in() > 0 else None
    )
    intake_server.set_scenario("normal")  # back at once, but it asked for two seconds
    with qtbot.waitSignal(controller.report_ready, timeout=30_000, check_params_cb=_delivered):
        pass
    assert too_early == []
    assert len(server_sheets(intake_server, intake_server.demo_tax_code)) == 1
