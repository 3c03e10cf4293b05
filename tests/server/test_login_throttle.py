"""Password guessing is not free: per account and per address, in the database, 429 + Retry-After.

The gate's clock is the test's (``FakeClock``), so a lockout's length is exact and no test waits
for one to pass.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import httpx
import pytest

from app.sync.api_client import ApiClient, ApiError, ErrorKind
from server.database import Database
from server.embedded import EmbeddedServer, start_embedded
from server.login import LoginBusy, LoginGate, ThrottlePolicy
from tests.server.conftest import http_client


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(intake_server: EmbeddedServer) -> FakeClock:
    fake = FakeClock()
    intake_server.runtime.services.logins.clock = fake
    return fake


def attempt(
    server: EmbeddedServer, password: str, *, username: str | None = None
) -> httpx.Response:
    with http_client(server) as client:
        return client.post(
            "/api/v1/auth/token",
            json={"username": username or server.official_username, "password": password},
        )


def test_past_five_failures_an_account_is_locked_for_a_doubling_time(
    intake_server: EmbeddedServer, clock: FakeClock
) -> None:
    for _ in range(6):  # five free failures, and the sixth locks for 1 s
        assert attempt(intake_server, "wrong-password").status_code == 401
    refused = attempt(intake_server, intake_server.official_password)
    assert refused.status_code == 429, refused.text
    assert refused.headers["Retry-After"] == "1"
    problem = refused.json()
    assert problem["code"] == "login_throttled"
    assert "1 giây" in problem["errors"][0]["message_vi"]
    clock.now += 1.5
    assert attempt(intake_server, "wrong-password").status_code == 401  # the 7th: 2 s
    assert attempt(intake_server, "wrong-password").headers["Retry-After"] == "2"
    clock.now += 2.5
    assert attempt(intake_server, intake_server.official_password).status_code == 200
    # A good password clears the account's count: five free failures again.
    for _ in range(5):
        assert attempt(intake_server, "wrong-password").status_code == 401
    assert attempt(intake_server, "wrong-password").status_code == 401


def test_a_lockout_says_nothing_about_whether_the_account_exists(
    intake_server: EmbeddedServer, clock: FakeClock
) -> None:
    answers = []
    for username in ("nobody-here", intake_server.official_username):
        for _ in range(6):
            assert attempt(intake_server, "wrong-password", username=username).status_code == 401
        reply = attempt(intake_server, "wrong-password", username=username)
        answers.append((reply.status_code, reply.headers.get("Retry-After"), reply.json()["code"]))
        clock.now += 3600 * 2  # forget the address's count between the two
    assert answers[0] == answers[1] == (429, "1", "login_throttled")


def test_many_accounts_guessed_from_one_address_lock_the_address(
    intake_server: EmbeddedServer, clock: FakeClock
) -> None:
    for index in range(21):  # 20 free per address, one account each time
        assert attempt(intake_server, "x", username=f"guess{index:03d}").status_code == 401
    refused = attempt(intake_server, intake_server.official_password)
    assert refused.status_code == 429
    # A good login from that address does not reset the address's count.
    clock.now += 2
    assert attempt(intake_server, intake_server.official_password).status_code == 200
    assert attempt(intake_server, "x", username="guess999").status_code == 401
    assert attempt(intake_server, intake_server.official_password).status_code == 429


def test_a_lockout_survives_a_restart(
    tmp_path: Path, intake_server: EmbeddedServer, clock: FakeClock
) -> None:
    for _ in range(9):  # 5 free, then 1 + 2 + 4 s of lockout waited out, the 9th locks for 8 s
        assert attempt(intake_server, "wrong-password").status_code == 401
        clock.now += 5
    clock.now -= 5
    url = intake_server.runtime.db.url
    data_dir = intake_server.data_dir
    intake_server.stop()
    again_dir = tmp_path / "again"
    if url.startswith("sqlite"):
        shutil.copytree(data_dir, again_dir)
        url = None  # type: ignore[assignment]
    with start_embedded(again_dir, pace=None, database_url=url) as again:
        again.runtime.services.logins.clock = clock
        refused = attempt(again, again.official_password)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "8"


def test_the_desktop_client_says_how_long_to_wait(
    intake_server: EmbeddedServer, clock: FakeClock
) -> None:
    client = ApiClient(intake_server.url)
    try:
        for _ in range(6):
            with pytest.raises(ApiError) as wrong:
                client.login(intake_server.demo_tax_code, "wrong-password")
            assert wrong.value.kind is ErrorKind.AUTH
        clock.now -= 170  # the lock (1 s) now ends in 171 s: three minutes, rounded up
        with pytest.raises(ApiError) as throttled:
            client.login(intake_server.demo_tax_code, intake_server.demo_password)
    finally:
        client.close()
    error = throttled.value
    assert error.kind is ErrorKind.THROTTLED
    assert error.retry_after == 171
    assert error.message.code == "login_throttled"
    assert "3 phút" in error.message.text("vi")
    assert "3 minutes" in error.message.text("en")


def test_a_busy_server_refusing_a_login_is_not_called_too_many_wrong_passwords(
    intake_server: EmbeddedServer,
) -> None:
    """The throttled scenario answers 429 to every request, logins included: the client must
    say the server is busy (wait and it retries by itself), not blame the password."""
    intake_server.set_scenario("throttled", retry_after=45)
    client = ApiClient(intake_server.url)
    try:
        with pytest.raises(ApiError) as busy:
            client.login(intake_server.demo_tax_code, intake_server.demo_password)
    finally:
        client.close()
        intake_server.set_scenario("normal")
    error = busy.value
    assert error.kind is ErrorKind.THROTTLED and error.retry_after == 45
    assert error.message.code != "login_throttled"
    assert "sai" not in error.message.text("vi")


def test_the_policy_doubles_up_to_its_cap() -> None:
    policy = ThrottlePolicy()
    assert [policy.lock_for("account", n) for n in (1, 5, 6, 7, 8)] == [0, 0, 1, 2, 4]
    assert policy.lock_for("account", 500) == policy.max_delay
    assert policy.lock_for("address", 20) == 0
    assert policy.lock_for("address", 21) == 1


def test_checks_past_the_bound_are_refused_at_once_not_queued(tmp_path: Path) -> None:
    db = Database.for_data_dir(tmp_path)
    db.create_schema()
    gate = LoginGate(db, hash_slots=1, waiting=0)
    try:
        inside = threading.Event()
        release = threading.Event()
        real = gate._slots

        class Holding:
            """The one hashing slot, held by a check that waits for the test."""

            def acquire(self, timeout: float | None = None) -> bool:
                assert real.acquire(timeout=timeout)
                inside.set()
                release.wait(30)
                return True

            def release(self) -> None:
                real.release()

        gate._slots = Holding()  # type: ignore[assignment]
        first = threading.Thread(target=gate.login, args=("official", "a", "b", "127.0.0.1"))
        first.start()
        assert inside.wait(30)
        with pytest.raises(LoginBusy):
            gate.login("official", "c", "d", "127.0.0.2")
        release.set()
        first.join(30)
    finally:
        db.dispose()
