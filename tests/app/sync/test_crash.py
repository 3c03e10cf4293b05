"""The app process killed with SIGKILL in the middle of a send: after restart, delivered once.

The sending process is a real subprocess running the real engine; the parent kills it while the
batch is in flight (before or after the server committed it), then "restarts the app" on the same
store and syncs again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.domain.states import OutboxState
from app.store import Store
from tests.app.sync.test_faults import (  # noqa: F401 - fixtures
    PASSWORD,
    enterprise,
    make_engine,
    normal_again,
    rate,
    ready,
    server,
    server_sheets,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

SENDER = """
import sys
from pathlib import Path
from app.sync.api_client import ApiClient
from app.store import Store
from app.sync.engine import SyncEngine

store_path, url, tax_code = sys.argv[1:4]
password = sys.stdin.readline().rstrip("\\n")
store = Store.open(Path(store_path), deep_check=False)
client = ApiClient(url, timeout=(2, 60))
engine = SyncEngine(store, client, tax_code=tax_code, password=lambda: password)
client.login(tax_code, password)
print("logged in", flush=True)
sys.stdin.readline()  # the parent makes the server slow, then says go
engine.sync(force=True)
print("finished", flush=True)
"""


def outbox_state(path: Path) -> str:
    with Store.open(path, deep_check=False) as peek:
        return peek.outbox.items()[0].state


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


@pytest.mark.parametrize("phase", ["before", "after"])
def test_killed_mid_send_then_restarted_delivers_exactly_once(
    server,  # noqa: F811
    enterprise,  # noqa: F811
    profile,
    phase: str,
) -> None:
    with Store.open(profile.store_file) as store:
        engine = make_engine(store, server, enterprise)
        (number,) = ready(server, store, engine, 1)
        rate(store, number)
        key = store.outbox.items()[0].idempotency_key
        engine.client.close()

    sender = subprocess.Popen(
        [sys.executable, "-c", SENDER, str(profile.store_file), server.url, enterprise],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert sender.stdin is not None and sender.stdout is not None
    try:
        sender.stdin.write(PASSWORD + "\n")
        sender.stdin.flush()
        assert sender.stdout.readline().strip() == "logged in"
        # "before": the server sits on the batch before storing it; "after": stores, then stalls.
        server.set_scenario("slow", delay=30.0, phase=phase)
        sender.stdin.write("go\n")
        sender.stdin.flush()
        wait_for(lambda: outbox_state(profile.store_file) == OutboxState.SENDING)
        if phase == "after":
            wait_for(lambda: len(server_sheets(server, enterprise)) == 1)
        sender.send_signal(signal.SIGKILL)
        assert sender.wait(timeout=10) == -signal.SIGKILL
    finally:
        if sender.poll() is None:
            sender.kill()
            sender.wait(timeout=10)
        sender.stdin.close()
        sender.stdout.close()
    server.set_scenario("normal")

    # The app starts again on the same store.
    with Store.open(profile.store_file) as store:
        assert store.outbox.items()[0].state == OutboxState.SENDING  # as the crash left it
        engine = make_engine(store, server, enterprise)  # recovers interrupted sends
        assert store.outbox.items()[0].state == OutboxState.QUEUED
        report = engine.sync(force=True)
        assert report.ok and report.delivered == 1
        (item,) = store.outbox.items()
        assert item.state == OutboxState.DELIVERED and item.idempotency_key == key
    assert server_sheets(server, enterprise) == [(key, item.receipt_id)]
