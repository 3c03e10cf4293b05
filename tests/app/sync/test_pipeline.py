"""The outbox send overlaps the store's work with the wire: still one request at a time, in order,
and a batch claimed behind a failed one goes back untouched."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from app.domain.states import OutboxState
from app.domain.wire import DeclarationPage, ResponsePage, SheetResultOut, SheetStatus
from app.store import Store
from app.sync.api_client import ApiError, ErrorKind, Token
from app.sync.engine import SyncEngine
from tests.factories import TAX_CODE, declaration, sheet

NUMBERS = [f"10451234567{i}" for i in range(7)]


class FakeClient:
    """Answers batches like the intake server; counts how many are on the wire at once."""

    base_url = "https://intake.example"

    def __init__(self, fail_on: tuple[int, ...] = (), on_send: Callable[[int], None] | None = None):
        self.token: Token | None = Token("t", "", TAX_CODE, "Công ty", "enterprise")
        self.sent: list[list[str]] = []
        self.fail_on = fail_on
        self.on_send = on_send
        self._lock = threading.Lock()
        self._on_wire = 0
        self.most_on_wire = 0

    def login(self, tax_code: str, password: str) -> Token:
        self.token = Token("t", "", tax_code, "Công ty", "enterprise")
        return self.token

    def logout(self) -> None:
        self.token = None

    def send_sheets(self, keys: list[str], body: bytes) -> list[SheetResultOut]:
        with self._lock:
            self._on_wire += 1
            self.most_on_wire = max(self.most_on_wire, self._on_wire)
        try:
            time.sleep(0.02)  # the engine's own thread records and claims meanwhile
            self.sent.append(keys)
            if self.on_send is not None:
                self.on_send(len(self.sent))
            if len(self.sent) in self.fail_on:
                raise ApiError(ErrorKind.SERVER, "HTTP 500", status=500)
            return [
                SheetResultOut(
                    idempotency_key=key,
                    status=SheetStatus.ACCEPTED,
                    receipt_id=f"PDG-{key[:8]}",
                    received_at="2026-11-22T10:00:00+00:00",
                    errors=[],
                )
                for key in keys
            ]
        finally:
            with self._lock:
                self._on_wire -= 1

    def declarations(self, since: str = "", limit: int = 500) -> DeclarationPage:
        return DeclarationPage(items=[], next_cursor=since, has_more=False)

    def responses(self, since: str = "", limit: int = 500) -> ResponsePage:
        return ResponsePage(items=[], next_cursor=since, has_more=False)


@pytest.fixture
def store(profile) -> Iterator[Store]:
    with Store.open(profile.store_file) as opened:
        opened.declarations.upsert([declaration(n) for n in NUMBERS])
        for number in NUMBERS:
            opened.sheets.save(sheet(number), TAX_CODE)
        yield opened


def engine_for(store: Store, client: FakeClient) -> SyncEngine:
    return SyncEngine(store, client, tax_code=TAX_CODE, password=lambda: "pw", batch_size=2)  # type: ignore[arg-type]


def by_key(store: Store) -> dict[str, tuple[str, int]]:
    return {i.idempotency_key: (i.state, i.attempts) for i in store.outbox.items()}


def test_batches_go_one_at_a_time_in_order_and_every_result_is_recorded(store: Store) -> None:
    client = FakeClient()
    seen: list[tuple[int, int]] = []
    report = engine_for(store, client).sync(
        force=True, progress=lambda done, total: seen.append((done, total))
    )
    assert report.ok and report.delivered == 7
    assert client.most_on_wire == 1
    assert [key for batch in client.sent for key in batch] == [
        i.idempotency_key for i in store.outbox.items()
    ]
    assert [len(batch) for batch in client.sent] == [2, 2, 2, 1]
    assert set(by_key(store).values()) == {(OutboxState.DELIVERED, 1)}
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)


def test_a_failed_batch_goes_back_and_the_one_claimed_behind_it_is_untouched(
    store: Store,
) -> None:
    client = FakeClient(fail_on=(2,))
    engine = engine_for(store, client)
    report = engine.sync(force=True)
    assert report.error is not None and report.error.kind == ErrorKind.SERVER
    assert report.delivered == 2
    items = store.outbox.items()
    states = [(i.state, i.attempts) for i in items]
    assert states[:2] == [(OutboxState.DELIVERED, 1)] * 2
    assert states[2:4] == [(OutboxState.QUEUED, 1)] * 2  # sent, failed
    assert states[4:] == [(OutboxState.QUEUED, 0)] * 3  # never on the wire
    assert all(i.error is not None and i.error.code == "server_error" for i in items[2:4])
    assert len(client.sent) == 2
    # The next pass delivers the rest, each exactly once.
    again = engine.sync(force=True)
    assert again.ok and again.delivered == 5
    sent = [key for batch in client.sent for key in batch]
    assert sorted(set(sent)) == sorted(by_key(store))
    assert set(by_key(store).values()) <= {(OutboxState.DELIVERED, 1), (OutboxState.DELIVERED, 2)}


def test_stop_during_a_send_finishes_that_batch_and_sends_no_other(store: Store) -> None:
    client = FakeClient()
    engine = engine_for(store, client)
    client.on_send = lambda count: engine.stop()
    report = engine.sync(force=True)
    assert report.delivered == 2 and len(client.sent) == 1
    states = [(i.state, i.attempts) for i in store.outbox.items()]
    assert states[:2] == [(OutboxState.DELIVERED, 1)] * 2
    assert states[2:] == [(OutboxState.QUEUED, 0)] * 5
