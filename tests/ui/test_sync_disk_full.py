"""The sync survives a full disk: the pass ends with a report the user reads, the controller is
never stuck, and once space is freed the queued sheets reach the real intake server exactly
once, without a restart.

The disk is real: a small tmpfs mounted for the test (root only; the store's file lives on it
and a filler file takes the rest). Where mounting is not permitted those tests are skipped and
say why; the page-limit test (SQLite's ``max_page_count`` on the worker's own connection, the
other way a store is "full") runs everywhere.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.states import OutboxState
from app.store import Store
from app.sync.engine import ConnectionState, SyncReport
from server.embedded import EmbeddedServer
from tests.app.sync.test_faults import rate, server_sheets
from ui.sync_controller import SyncController

SHEETS = 3


class SmallDisk:
    """A tmpfs of a few MB: ``fill()`` takes every free byte, ``free()`` gives them back."""

    def __init__(self, root: Path):
        self.root = root
        self.filler = root / "filler.bin"

    def fill(self) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
                chunk = b"\0" * size
                while True:
                    try:
                        os.write(fd, chunk)
                    except OSError as error:
                        assert error.errno == errno.ENOSPC, error
                        break
        finally:
            os.close(fd)
        assert os.statvfs(self.root).f_bavail == 0

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    root = tmp_path / "disk"
    root.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here ({mounted.stderr.strip() or mounted.returncode}): "
            "needs root; the page-limit test still runs"
        )
    try:
        yield SmallDisk(root)
    finally:
        if subprocess.run(["umount", str(root)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(root)], check=False)


def _controller(store_file: Path, server: EmbeddedServer) -> SyncController:
    sync = SyncController(
        store_file,
        server.url,
        server.demo_tax_code,
        lambda: server.demo_password,
        interval_seconds=3600,  # only the retry after a local error, F9 or the probe send
    )
    sync.probe_every = 0.3
    return sync


@pytest.fixture
def on_small_disk(
    qtbot, small_disk: SmallDisk, intake_server: EmbeddedServer
) -> Iterator[tuple[SyncController, Store, SmallDisk]]:
    """The store on the small disk, declarations pulled, three sheets queued."""
    store = Store.open(small_disk.root / "store.sqlite3")
    controller = _controller(store.path, intake_server)
    try:
        with qtbot.waitSignal(controller.report_ready, timeout=30_000) as first:
            controller.start()
        assert first.args[0].ok
        for number in store.declarations.unrated_numbers(SHEETS):
            rate(store, number)
        yield controller, store, small_disk
    finally:
        controller.shutdown()  # every connection closed before the disk is unmounted
        store.close()


def _truncate_wal(store: Store) -> None:
    """Give back the WAL's room, so the next write must grow a file (SQLite reuses a WAL)."""
    busy, _frames, _done = store.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0


def _local_error(report: SyncReport) -> bool:
    return report.local_error is not None


def _all_delivered(report: SyncReport) -> bool:
    return report.ok and report.delivered == SHEETS


def _assert_delivered_once(store: Store, server: EmbeddedServer) -> None:
    items = store.outbox.items()
    assert len(items) == SHEETS
    assert {i.state for i in items} == {OutboxState.DELIVERED}
    on_server = server_sheets(server, server.demo_tax_code)
    assert sorted(on_server) == sorted((i.idempotency_key, i.receipt_id) for i in items)


def test_a_pass_on_a_full_disk_reports_it_and_the_sheets_leave_once_space_is_freed(
    qtbot, on_small_disk, intake_server: EmbeddedServer
) -> None:
    controller, store, disk = on_small_disk
    states: list[tuple[str, str]] = []
    controller.state_changed.connect(lambda state, detail: states.append((state, detail)))
    _truncate_wal(store)
    disk.fill()
    with qtbot.waitSignal(
        controller.report_ready, timeout=30_000, check_params_cb=_local_error
    ) as blocker:
        controller.sync_now()
    report: SyncReport = blocker.args[0]
    assert report.started and not report.ok
    assert report.local_error is not None and report.local_error.code == "disk_full"
    assert report.local_error.vi.startswith("Chưa lưu được: ổ đĩa đã đầy")
    assert report.local_error.en.startswith("Not saved: the disk is full")
    assert report.connection == ConnectionState.LOCAL_ERROR
    assert not controller.running and controller.state == ConnectionState.LOCAL_ERROR
    assert (ConnectionState.LOCAL_ERROR, report.local_error.vi) in states
    # Nothing was sent and nothing is left half-claimed.
    assert {i.state for i in store.outbox.items()} == {OutboxState.QUEUED}
    assert server_sheets(intake_server, intake_server.demo_tax_code) == []
    # Still full: "Đồng bộ ngay" is not ignored, it tries and says so again.
    with qtbot.waitSignal(controller.report_ready, timeout=30_000, check_params_cb=_local_error):
        controller.sync_now()
    disk.free()
    # No button pressed, no restart: the retry after a local error finds room and sends.
    with qtbot.waitSignal(controller.report_ready, timeout=30_000, check_params_cb=_all_delivered):
        pass
    assert controller.state == ConnectionState.ONLINE
    _assert_delivered_once(store, intake_server)


def test_results_the_full_disk_would_not_record_are_sent_again_and_counted_once(
    qtbot, on_small_disk, intake_server: EmbeddedServer
) -> None:
    """The server took the batch; the disk filled before its receipts could be written."""
    controller, store, disk = on_small_disk
    intake_server.set_scenario("slow", delay=2.0)  # commits, then holds the reply back
    controller.sync_now()
    qtbot.waitUntil(
        lambda: {i.state for i in store.outbox.items()} == {OutboxState.SENDING}, timeout=30_000
    )
    qtbot.waitUntil(lambda: _checkpointed(store), timeout=30_000)
    disk.fill()
    with qtbot.waitSignal(
        controller.report_ready, timeout=30_000, check_params_cb=_local_error
    ) as blocker:
        pass
    assert blocker.args[0].local_error.code == "disk_full"
    assert not controller.running
    assert len(server_sheets(intake_server, intake_server.demo_tax_code)) == SHEETS
    intake_server.set_scenario("normal")
    disk.free()
    with qtbot.waitSignal(controller.report_ready, timeout=30_000, check_params_cb=_all_delivered):
        pass
    _assert_delivered_once(store, intake_server)


def _checkpointed(store: Store) -> bool:
    busy, _frames, _done = store.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


def test_a_store_at_its_page_limit_ends_the_pass_with_a_report_and_recovers(
    qtbot, intake_server: EmbeddedServer, profile
) -> None:
    """SQLite's max_page_count on the worker's connection: the file may not grow, so pulling
    fifty new declarations fails as on a full disk."""
    store = Store.open(profile.store_file)
    controller = _controller(store.path, intake_server)
    try:
        with qtbot.waitSignal(controller.report_ready, timeout=30_000) as first:
            controller.start()
        assert first.args[0].ok
        for number in store.declarations.unrated_numbers(SHEETS):
            rate(store, number)
        engine = controller.worker.engine
        assert engine is not None
        pages = engine.store.execute("PRAGMA page_count").fetchone()[0]
        engine.store.execute(f"PRAGMA max_page_count = {pages}")
        new = intake_server.complete_declarations(50)
        with qtbot.waitSignal(
            controller.report_ready, timeout=30_000, check_params_cb=_local_error
        ) as blocker:
            controller.sync_now()
        assert blocker.args[0].local_error.code == "disk_full"
        assert not controller.running and controller.state == ConnectionState.LOCAL_ERROR
        engine.store.execute("PRAGMA max_page_count = 1073741823")
        with qtbot.waitSignal(controller.report_ready, timeout=30_000, check_params_cb=_ok):
            pass
        _assert_delivered_once(store, intake_server)
        assert all(store.declarations.get(number) is not None for number in new)
    finally:
        controller.shutdown()
        store.close()


def _ok(report: SyncReport) -> bool:
    return report.ok
