"""The sync engine against the real intake server on loopback, through every fault it must survive.

One server per module (starting it seeds the simulator); each test gets an enterprise of its own,
so tests never see each other's sheets. Scenarios are switched on the running server, exactly as
support staff would replay them.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests
import sqlalchemy as sa

from app.domain.model import RatingSheet, RatingStage, Score, TargetScore
from app.domain.states import OutboxState, RatingState
from app.store import Store
from app.sync.api_client import ApiClient, ErrorKind
from app.sync.engine import ConnectionState, SyncEngine
from server.embedded import EmbeddedServer, start_embedded
from server.schema import rating_sheets

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
PASSWORD = "Mật-khẩu-thử 2026"
_serial = itertools.count(1)


def fresh_tax_code() -> str:
    """A valid tax code no other test uses (province 79, HCMC)."""
    while True:
        first_nine = f"79{next(_serial) + 4_000_000:07d}"
        check = 10 - sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
        if check < 10:
            return first_nine + str(check)


class Clock:
    """A monotonic clock the test moves by hand, so back-off is checked without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    with start_embedded(tmp_path_factory.mktemp("intake"), pace=None) as running:
        yield running


@pytest.fixture(autouse=True)
def normal_again(server: EmbeddedServer) -> Iterator[None]:
    server.set_scenario("normal")
    yield
    server.set_scenario("normal")


@pytest.fixture
def enterprise(server: EmbeddedServer) -> str:
    tax_code = fresh_tax_code()
    server.add_enterprise(tax_code, "Công ty TNHH Thử nghiệm Đồng bộ", PASSWORD)
    return tax_code


@pytest.fixture
def store(profile) -> Iterator[Store]:
    with Store.open(profile.store_file) as opened:
        yield opened


def make_engine(
    store: Store,
    server: EmbeddedServer,
    tax_code: str,
    *,
    clock: Clock | None = None,
    timeout: tuple[float, float] = (2.0, 10.0),
    **kwargs: object,
) -> SyncEngine:
    client = ApiClient(server.url, timeout=timeout)
    return SyncEngine(
        store,
        client,
        tax_code=tax_code,
        password=lambda: PASSWORD,
        clock=clock or Clock(),
        **kwargs,  # type: ignore[arg-type]
    )


def rate(store: Store, number: str, score: Score = Score.SATISFIED) -> None:
    declaration = store.declarations.get(number)
    assert declaration is not None
    low = score <= Score.DISSATISFIED
    store.sheets.save(
        RatingSheet(
            declaration_number=number,
            stage=RatingStage.AFTER_COMPLETION,
            scores=tuple(TargetScore(t, score) for t in declaration.targets[:3]),
            content="Thủ tục bị kéo dài, đề nghị xem xét." if low else "",
            contact_name="Lê Văn Cường" if low else "",
            contact_phone="0912 345 678" if low else "",
        ),
        declaration.tax_code,
    )


def server_sheets(server: EmbeddedServer, tax_code: str) -> list[tuple[str, str]]:
    """(idempotency key, receipt) of every accepted sheet the server holds for the enterprise."""
    c = rating_sheets.c
    with server.runtime.db.read() as conn:
        return [
            (row.idempotency_key, row.receipt_id)
            for row in conn.execute(
                sa.select(c.idempotency_key, c.receipt_id).where(
                    c.tax_code == tax_code, c.status == "accepted"
                )
            )
        ]


def ready(server: EmbeddedServer, store: Store, engine: SyncEngine, count: int) -> list[str]:
    """Complete *count* declarations on the server and pull them into the store."""
    numbers = server.complete_declarations(count, tax_code=engine.tax_code)
    report = engine.sync(force=True)
    assert report.ok, report.error
    assert set(numbers) <= set(report.newly_completed) | set(
        store.declarations.unrated_numbers(100_000)
    )
    return numbers


# --- the ordinary loop ------------------------------------------------------------------------


def test_declarations_arrive_and_a_sheet_is_delivered_with_a_receipt(
    server, store, enterprise
) -> None:
    engine = make_engine(store, server, enterprise)
    (number,) = ready(server, store, engine, 1)
    assert store.declarations.rating_state(number) == RatingState.UNRATED
    rate(store, number)
    report = engine.sync(force=True)
    assert report.ok and report.delivered == 1
    (item,) = store.outbox.items()
    assert item.state == OutboxState.DELIVERED and item.receipt_id
    assert store.declarations.rating_state(number) == RatingState.SENT
    assert server_sheets(server, enterprise) == [(item.idempotency_key, item.receipt_id)]
    assert engine.connection == ConnectionState.ONLINE and engine.last_success is not None
    # Nothing new: a second pass sends nothing and raises no prompt again.
    again = engine.sync(force=True)
    assert again.ok and again.delivered == 0 and again.newly_completed == []


def test_one_sender_at_a_time(server, store, enterprise) -> None:
    engine = make_engine(store, server, enterprise)
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    server.set_scenario("slow", delay=1.0, phase="before")
    results: list[bool] = []
    first = threading.Thread(target=lambda: results.append(engine.sync(force=True).started))
    first.start()
    try:
        assert _wait_until(lambda: engine.busy)
        assert (
            engine.sync(force=True).started is False
        )  # "Đồng bộ ngay" while the timer's pass runs
    finally:
        first.join(timeout=30)
    assert results == [True]
    assert len(server_sheets(server, enterprise)) == 1


# --- faults -----------------------------------------------------------------------------------


def test_server_down_for_the_whole_session_then_back(server, store, enterprise) -> None:
    clock = Clock()
    engine = make_engine(store, server, enterprise, clock=clock)
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    server.set_scenario("offline")
    for _ in range(3):
        report = engine.sync(force=True)
        assert report.error is not None and report.error.kind == ErrorKind.UNREACHABLE
        assert engine.connection == ConnectionState.OFFLINE
    (item,) = store.outbox.items()
    assert item.state == OutboxState.QUEUED
    assert item.error is not None and item.error.code == "unreachable"
    assert item.next_attempt_at is not None
    assert not engine.probe()
    # Back-off: without force the engine waits, on the monotonic clock.
    assert engine.sync().started is False
    server.set_scenario("normal")
    assert engine.probe()
    clock.now += engine.due_in() + 0.01
    report = engine.sync()
    assert report.ok and report.delivered == 1
    assert len(server_sheets(server, enterprise)) == 1


@pytest.mark.parametrize(
    ("scenario", "options", "kind"),
    [
        ("flaky", {"errors": 1.0, "drops": 0.0}, ErrorKind.SERVER),
        ("flaky", {"errors": 0.0, "drops": 1.0}, ErrorKind.UNREACHABLE),
        ("captive-portal", {}, ErrorKind.INVALID_RESPONSE),
    ],
)
def test_faults_leave_the_sheet_queued_then_it_is_delivered_once(
    server, store, enterprise, scenario: str, options: dict[str, float], kind: str
) -> None:
    engine = make_engine(store, server, enterprise)
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    server.set_scenario(scenario, **options)
    report = engine.sync(force=True)
    assert report.error is not None and report.error.kind == kind
    assert report.delivered == 0
    assert store.outbox.items()[0].state == OutboxState.QUEUED
    assert store.declarations.rating_state(number) == RatingState.QUEUED
    server.set_scenario("normal")
    assert engine.sync(force=True).delivered == 1
    assert len(server_sheets(server, enterprise)) == 1


@pytest.mark.parametrize("scenario", ["throttled", "maintenance"])
def test_retry_after_is_honoured(server, store, enterprise, scenario: str) -> None:
    clock = Clock()
    engine = make_engine(store, server, enterprise, clock=clock)
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    server.set_scenario(scenario, retry_after=120)
    report = engine.sync(force=True)
    assert report.error is not None and report.error.kind == ErrorKind.THROTTLED
    assert report.error.retry_after == 120
    assert report.retry_in is not None and report.retry_in >= 120
    assert engine.connection == ConnectionState.DEGRADED
    server.set_scenario("normal")
    clock.now += 60
    assert engine.sync().started is False  # still inside Retry-After
    clock.now += 61
    assert engine.sync().delivered == 1


def test_a_read_timeout_after_the_server_committed_is_not_counted_twice(
    server, store, enterprise
) -> None:
    engine = make_engine(store, server, enterprise, timeout=(2.0, 0.5))
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    server.set_scenario("slow", delay=2.0, phase="after")  # commit, then answer too late
    report = engine.sync(force=True)
    assert report.error is not None and report.error.kind == ErrorKind.TIMEOUT
    assert len(server_sheets(server, enterprise)) == 1  # the server did keep it
    assert store.outbox.items()[0].state == OutboxState.QUEUED  # but we could not know
    server.set_scenario("normal")
    assert engine.sync(force=True).delivered == 1
    (item,) = store.outbox.items()
    assert server_sheets(server, enterprise) == [(item.idempotency_key, item.receipt_id)]


def test_truncated_json_from_a_misbehaving_proxy_is_not_a_delivery(store, profile) -> None:
    """A proxy answering 200 with half a JSON body: the batch stays queued."""
    from tests.factories import declaration as make_declaration

    store.declarations.upsert([make_declaration()])
    rate(store, "104512345670")
    with _one_shot_http_server(b'{"results": [{"idempotency_key": "') as url:
        engine = SyncEngine(
            store, ApiClient(url, timeout=(2, 5)), tax_code="0100109106", password=lambda: "x"
        )
        engine.client.token = _token("0100109106")
        report = engine.sync(force=True)
    assert report.error is not None and report.error.kind == ErrorKind.INVALID_RESPONSE
    assert store.outbox.items()[0].state == OutboxState.QUEUED


def test_a_wrong_number_of_results_is_not_a_delivery(store) -> None:
    from tests.factories import declaration as make_declaration

    store.declarations.upsert([make_declaration()])
    rate(store, "104512345670")
    with _one_shot_http_server(b'{"results": []}') as url:
        engine = SyncEngine(
            store, ApiClient(url, timeout=(2, 5)), tax_code="0100109106", password=lambda: "x"
        )
        engine.client.token = _token("0100109106")
        report = engine.sync(force=True)
    assert report.error is not None and report.error.kind == ErrorKind.INVALID_RESPONSE
    assert store.outbox.items()[0].state == OutboxState.QUEUED


def _a_result(key: str, **overrides: object) -> dict[str, object]:
    return {
        "idempotency_key": key,
        "status": "accepted",
        "receipt_id": "PDG-00112233445566778899",
        "received_at": "2026-11-22T10:00:00+00:00",
        "errors": [],
    } | overrides


@pytest.mark.parametrize(
    ("answer", "delivered"),
    [
        ("the receipt for that very sheet", True),
        ("a status nobody knows", False),
        ("accepted without a receipt", False),
        ("another sheet's result", False),
        ("one result too many", False),
        ("a result that is not an object", False),
    ],
)
def test_only_a_receipt_for_that_very_batch_is_a_delivery(
    store, answer: str, delivered: bool
) -> None:
    """The reply is read through the contract (app.domain.wire): anything but one result per
    sheet sent, in order, with a known status and a receipt where it says kept, is a failure."""
    from tests.factories import declaration as make_declaration

    store.declarations.upsert([make_declaration()])
    rate(store, "104512345670")
    key = store.outbox.items()[0].idempotency_key
    results = {
        "the receipt for that very sheet": [_a_result(key)],
        "a status nobody knows": [_a_result(key, status="kept")],
        "accepted without a receipt": [_a_result(key, receipt_id=None)],
        "another sheet's result": [_a_result("0f1c0c1e-8d2a-4c6b-9a57-3f1e2d4c5b6a")],
        "one result too many": [_a_result(key), _a_result(key, status="duplicate")],
        "a result that is not an object": [key],
    }[answer]
    with _one_shot_http_server(json.dumps({"results": results}).encode()) as url:
        engine = SyncEngine(
            store, ApiClient(url, timeout=(2, 5)), tax_code="0100109106", password=lambda: "x"
        )
        engine.client.token = _token("0100109106")
        report = engine.sync(force=True)
    # The same body answers the declaration feed too, which it is not: the pass fails either way.
    assert report.error is not None and report.error.kind == ErrorKind.INVALID_RESPONSE
    (item,) = store.outbox.items()
    assert item.state == (OutboxState.DELIVERED if delivered else OutboxState.QUEUED)
    assert report.delivered == int(delivered)


def test_declarations_of_another_enterprise_are_not_stored(store) -> None:
    """A cache or a server bug hands out someone else's declarations: nothing of it is kept."""
    from app.domain.model import Channel
    from tests.factories import TARGETS

    page = {
        "items": [
            {
                "number": "104512345679",
                "type_code": "A11",
                "office_code": "03CC",
                "office_name": "Chi cục Hải quan cửa khẩu cảng Hải Phòng KV I",
                "channel": int(Channel.GREEN),
                "registered_at": "2026-11-20T08:30:00+00:00",
                "status": "cleared",
                "tax_code": "0101234567",
                "targets": [{"kind": t.kind, "code": t.code, "name": t.name} for t in TARGETS],
                "history": [],
            }
        ],
        "next_cursor": "1",
        "has_more": False,
    }
    with _one_shot_http_server(json.dumps(page).encode()) as url:
        engine = SyncEngine(
            store, ApiClient(url, timeout=(2, 5)), tax_code="0100109106", password=lambda: "x"
        )
        engine.client.token = _token("0100109106")
        report = engine.sync(force=True)
    assert report.error is not None and report.error.kind == ErrorKind.INVALID_RESPONSE
    assert "another enterprise" in str(report.error)
    assert store.declarations.get("104512345679") is None
    assert report.declarations == 0


def test_the_wall_clock_days_back_does_not_stall_the_queue(server, store, enterprise) -> None:
    days_back = datetime.now(UTC) - timedelta(days=5)
    clock = Clock()
    engine = make_engine(store, server, enterprise, clock=clock, wall=lambda: days_back)
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    # A next-try time written while the clock was days ahead must not hold the sheet back.
    store.execute(
        "UPDATE outbox SET next_attempt_at = ?",
        ((datetime.now(UTC) + timedelta(days=3)).isoformat(),),
    )
    server.set_scenario("offline")
    failed = engine.sync(force=True)
    assert failed.retry_in is not None and failed.retry_in < 10
    server.set_scenario("normal")
    clock.now += failed.retry_in
    report = engine.sync()
    assert report.ok and report.delivered == 1
    assert engine.last_success == days_back


def test_rejected_sheets_show_the_reason_and_can_be_sent_again_as_new(
    server, store, enterprise
) -> None:
    engine = make_engine(store, server, enterprise)
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    server.set_scenario("reject-all")
    report = engine.sync(force=True)
    assert report.ok and report.rejected == 1
    (item,) = store.outbox.items()
    assert item.state == OutboxState.REJECTED
    assert item.error is not None and item.error.vi and item.error.en
    assert store.declarations.rating_state(number) == RatingState.REJECTED
    server.set_scenario("normal")
    rate(store, number)  # corrected and sent again: a new sheet with a new key
    assert engine.sync(force=True).delivered == 1
    assert store.declarations.rating_state(number) == RatingState.SENT


def test_an_expired_token_is_renewed_once(server, store, enterprise) -> None:
    engine = make_engine(store, server, enterprise)
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    engine.client.token = _token(enterprise, "expired-or-revoked")
    assert engine.sync(force=True).delivered == 1


def test_a_wrong_password_is_reported_and_nothing_is_lost(server, store, enterprise) -> None:
    engine = make_engine(store, server, enterprise)
    (number,) = ready(server, store, engine, 1)
    rate(store, number)
    engine.client.logout()
    engine._password = lambda: "sai mật khẩu"
    report = engine.sync(force=True)
    assert report.error is not None and report.error.kind == ErrorKind.AUTH
    assert engine.connection == ConnectionState.AUTH_FAILED
    assert store.outbox.items()[0].state == OutboxState.QUEUED


def test_logging_out_keeps_unsent_sheets_and_never_sends_them_as_another_enterprise(
    server, store, enterprise
) -> None:
    first = make_engine(store, server, enterprise)
    (number,) = ready(server, store, first, 1)
    rate(store, number)
    other = fresh_tax_code()
    server.add_enterprise(other, "Công ty khác", PASSWORD)
    second = make_engine(store, server, other)
    report = second.sync(force=True)
    assert report.ok and report.delivered == 0
    assert store.outbox.items()[0].state == OutboxState.QUEUED
    assert server_sheets(server, other) == []
    assert make_engine(store, server, enterprise).sync(force=True).delivered == 1


def test_customs_answer_comes_back_and_the_follow_up_is_sent(server, store, enterprise) -> None:
    engine = make_engine(store, server, enterprise)
    (number,) = ready(server, store, engine, 1)
    rate(store, number, Score.VERY_DISSATISFIED)
    assert engine.sync(force=True).delivered == 1
    receipt = store.outbox.items()[0].receipt_id
    official = requests.post(
        f"{server.url}/api/v1/auth/token",
        json={"username": server.official_username, "password": server.official_password},
        timeout=10,
    ).json()["access_token"]
    answered = requests.post(
        f"{server.url}/api/v1/official/low-sheets/{receipt}/response",
        json={"result": "upheld", "content": "Đã xác minh, công chức đã bị nhắc nhở."},
        headers={"Authorization": f"Bearer {official}"},
        timeout=10,
    )
    assert answered.status_code == 200, answered.text
    report = engine.sync(force=True)
    assert report.new_responses == 1
    assert store.responses.unread_count() == 1
    (response_id,) = [r.response_id for r in store.responses.all()]
    store.responses.record_verdict(
        response_id, "not_resolved", "Vẫn chưa được giải quyết.", enterprise
    )
    assert engine.sync(force=True).ok
    feedback = [i for i in store.outbox.items() if i.kind == "response_feedback"]
    assert [i.state for i in feedback] == [OutboxState.DELIVERED]
    assert store.responses.unread_count() == 0


def test_ten_thousand_sheets_queued_offline_are_all_delivered_exactly_once(
    server, store, enterprise
) -> None:
    clock = Clock()
    engine = make_engine(store, server, enterprise, clock=clock)
    numbers = ready(server, store, engine, 10_000)
    server.set_scenario("offline")
    for number in numbers:
        rate(store, number)
    assert engine.sync(force=True).error is not None
    assert store.outbox.count_waiting() == 10_000
    server.set_scenario("normal")
    seen: list[tuple[int, int]] = []
    report = engine.sync(force=True, progress=lambda done, total: seen.append((done, total)))
    assert report.ok and report.delivered == 10_000
    assert seen[-1] == (10_000, 10_000)
    held = server_sheets(server, enterprise)
    assert len(held) == 10_000 and len({key for key, _ in held}) == 10_000
    assert store.declarations.count_by_rating_state(RatingState.SENT) == 10_000
    assert engine.sync(force=True).delivered == 0


# --- helpers ----------------------------------------------------------------------------------


def _wait_until(condition, timeout: float = 10.0) -> bool:
    event = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return True
        event.wait(0.01)
    return False


def _token(tax_code: str, value: str = "test-token"):
    from app.sync.api_client import Token

    return Token(value, "2099-01-01T00:00:00+00:00", tax_code, "", "enterprise")


class _one_shot_http_server:
    """A raw socket that answers every request with 200 and a fixed JSON body (a bad proxy)."""

    def __init__(self, body: bytes):
        self.body = body
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        data += conn.recv(65536)
                    head, _, rest = data.partition(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n"):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":")[1])
                    while len(rest) < length:
                        rest += conn.recv(65536)
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        + f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n".encode()
                        + self.body
                    )
                except OSError:
                    pass
