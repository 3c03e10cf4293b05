"""``customs-rating-intake --workers 4``: four processes, one database, one truth.

The server runs as its own process tree (the supervisor and four workers sharing one port), on
PostgreSQL under scripts/test-postgres and on a SQLite file otherwise. The test process reaches
the same database to move the simulator and to count rows.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from server.database import Database, sqlite_url
from server.demo import DEMO_PASSWORD, DEMO_TAX_CODE
from server.limits import TOKEN_TTL
from server.schema import rating_sheets
from server.simulator import Simulator
from tests.conftest import INTAKE_TEST_DATABASE_URL, PostgresDatabases

WORKERS = 4


class Workers:
    def __init__(self, process: subprocess.Popen[str], url: str, db: Database):
        self.process = process
        self.url = url
        self.db = db
        self._simulator: Simulator | None = None

    @property
    def simulator(self) -> Simulator:
        """The same world as the server's (made once the server has created the schema)."""
        if self._simulator is None:
            self._simulator = Simulator(self.db)
        return self._simulator

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def worker_pids(self) -> list[int]:
        pids: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
        return pids

    def wait_until_serving(self, count: int = WORKERS) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server stopped"
            try:
                if len(self.worker_pids()) >= count:
                    with self.client() as client:
                        if client.get("/api/v1/ready").status_code == 200:
                            return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError("the workers did not start")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def workers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workers]:
    data_dir = tmp_path_factory.mktemp("workers")
    databases: PostgresDatabases | None = None
    if INTAKE_TEST_DATABASE_URL:
        databases = request.getfixturevalue("_intake_postgres")
        url = databases.create()
        storage = ["--database-url", url]
    else:
        url = sqlite_url(data_dir)
        storage = ["--data-dir", str(data_dir)]
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "server.main", "--port", str(port), "--pace", "0"),
            *("--workers", str(WORKERS), "--data-dir", str(data_dir), *storage),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    db = Database(url)
    server = Workers(process, f"http://127.0.0.1:{port}", db)
    try:
        server.wait_until_serving()
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)
        db.dispose()
        if databases is not None:
            databases.drop(url)


def login(server: Workers) -> str:
    with server.client() as client:
        reply = client.post(
            "/api/v1/auth/token", json={"tax_code": DEMO_TAX_CODE, "password": DEMO_PASSWORD}
        )
    assert reply.status_code == 200, reply.text
    return str(reply.json()["access_token"])


def sheets(server: Workers, token: str, count: int) -> list[dict[str, Any]]:
    numbers = server.simulator.complete_declarations(count)
    items = []
    with server.client(token) as client:
        for number in numbers:
            declaration = client.get(f"/api/v1/declarations/{number}").json()
            items.append(
                {
                    "idempotency_key": str(uuid.uuid4()),
                    "declaration_number": number,
                    "stage": "after_completion",
                    "scores": [
                        {
                            "target_kind": t["kind"],
                            "target_code": t["code"],
                            "target_name": t["name"],
                            "score": 5,
                            "reasons": [],
                        }
                        for t in declaration["targets"][:2]
                    ],
                }
            )
    return items


def rows_for(server: Workers, keys: list[str]) -> dict[str, int]:
    t = rating_sheets.c
    with server.db.read() as conn:
        counted = conn.execute(
            sa.select(t.idempotency_key, sa.func.count())
            .where(t.idempotency_key.in_(keys))
            .group_by(t.idempotency_key)
        ).all()
    return {key: int(n) for key, n in counted}


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_same_key_sent_to_two_workers_at_once_is_one_row(workers: Workers) -> None:
    token = login(workers)
    items = sheets(workers, token, 12)
    answers: dict[str, list[dict[str, Any]]] = {item["idempotency_key"]: [] for item in items}
    for item in items:
        start = threading.Barrier(2)

        def send(item: dict[str, Any] = item, start: threading.Barrier = start) -> None:
            with workers.client(token) as client:  # a connection each: any worker may take it
                client.get("/api/v1/health")
                start.wait(10)
                reply = client.post("/api/v1/rating-sheets/batch", json={"items": [item]})
            assert reply.status_code == 200, reply.text
            answers[item["idempotency_key"]] += reply.json()["results"]

        both = [threading.Thread(target=send) for _ in range(2)]
        for thread in both:
            thread.start()
        for thread in both:
            thread.join(60)
    for results in answers.values():
        assert sorted(r["status"] for r in results) == ["accepted", "duplicate"], results
        assert results[0]["receipt_id"] == results[1]["receipt_id"]
    assert rows_for(workers, list(answers)) == dict.fromkeys(answers, 1)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_lockout_holds_whichever_worker_answers(workers: Workers) -> None:
    """Wrong passwords, each on a new connection (any worker may take it), until the lockout
    is 8 s long (shorter ones waited out: the workers keep real time); then every worker
    refuses."""
    username = f"guess-{uuid.uuid4().hex[:8]}"

    def attempt() -> httpx.Response:
        with workers.client() as client:  # a new connection every time
            return client.post("/api/v1/auth/token", json={"username": username, "password": "x"})

    statuses = []
    for _ in range(30):
        reply = attempt()
        statuses.append(reply.status_code)
        if reply.status_code == 429:
            wait = int(reply.headers["Retry-After"])
            if wait >= 8:
                break
            time.sleep(wait + 0.2)
    else:
        raise AssertionError(f"no 8 s lockout after 30 attempts: {statuses}")
    assert statuses[:6] == [401] * 6  # five free failures, the sixth locks
    for _ in range(WORKERS * 2):
        assert attempt().status_code == 429


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_worker_killed_mid_batch_and_the_batch_resent_is_one_row_each(
    workers: Workers,
) -> None:
    token = login(workers)
    items = sheets(workers, token, 300)
    keys = [item["idempotency_key"] for item in items]
    outcome: list[Any] = []

    def send() -> None:
        try:
            with workers.client(token) as client:
                outcome.append(client.post("/api/v1/rating-sheets/batch", json={"items": items}))
        except httpx.TransportError as error:
            outcome.append(error)

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(0.05)
    for pid in workers.worker_pids():  # whichever worker took the batch dies with the rest
        os.kill(pid, signal.SIGKILL)
    sender.join(60)
    workers.wait_until_serving()  # the supervisor starts new workers
    with workers.client(token) as client:
        reply = client.post("/api/v1/rating-sheets/batch", json={"items": items})
    assert reply.status_code == 200, reply.text
    statuses = {r["status"] for r in reply.json()["results"]}
    assert statuses <= {"accepted", "duplicate"}
    assert rows_for(workers, keys) == dict.fromkeys(keys, 1)


# -- in this process: the factory and the parent's preparations -----------------------------------


@pytest.fixture
def quiet_logging() -> Iterator[None]:
    """create_app attaches handlers as a worker process would: take them off again."""
    import logging

    loggers = [logging.getLogger(name) for name in ("server", "uvicorn")]
    before = {logger.name: list(logger.handlers) for logger in loggers}
    yield
    for logger in loggers:
        for handler in logger.handlers[:]:
            if handler not in before[logger.name]:
                logger.removeHandler(handler)
                handler.close()


@pytest.mark.usefixtures("quiet_logging")
def test_a_worker_app_serves_with_the_configured_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from server import workers as worker_module
    from server.tokens import TokenSigner

    db = Database(sqlite_url(tmp_path))
    db.create_schema()
    Simulator(db).ensure_seeded()
    db.dispose()
    secret = "ab" * 40
    monkeypatch.setenv(worker_module.ENV_DATABASE_URL, sqlite_url(tmp_path))
    monkeypatch.setenv(worker_module.ENV_TOKEN_SECRET, secret)
    monkeypatch.setenv(worker_module.ENV_LOG_DIR, str(tmp_path / "logs"))
    monkeypatch.setenv(worker_module.ENV_SCENARIO, "reject-all")
    monkeypatch.setenv(worker_module.ENV_WORKERS, "4")
    app = worker_module.create_app()
    # Four workers share the machine: each admits a quarter of the in-flight bounds.
    assert app.app.counters.limits == {"login": 2, "write": 2, "read": 6}

    async def talk() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://worker") as client:
            health = await client.get("/api/v1/health")
            reply = await client.post(
                "/api/v1/auth/token", json={"tax_code": DEMO_TAX_CODE, "password": DEMO_PASSWORD}
            )
        return health, reply

    health, reply = asyncio.run(talk())
    assert health.json()["scenario"] == "reject-all"
    assert reply.status_code == 200
    claims = TokenSigner(secret, TOKEN_TTL).verify(reply.json()["access_token"])
    assert claims.subject == DEMO_TAX_CODE
    assert (tmp_path / "logs" / "intake-server.log").exists()


@pytest.mark.usefixtures("quiet_logging")
@pytest.mark.parametrize(
    ("secret", "migrated", "says"),
    [("not-hex", True, "hexadecimal"), ("ab" * 10, True, "hexadecimal"), ("", False, "db upgrade")],
)
def test_a_worker_refuses_a_bad_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str, migrated: bool, says: str
) -> None:
    from server import workers as worker_module

    if migrated:
        db = Database(sqlite_url(tmp_path))
        db.create_schema()
        db.dispose()
    monkeypatch.setenv(worker_module.ENV_DATABASE_URL, sqlite_url(tmp_path))
    monkeypatch.setenv(worker_module.ENV_TOKEN_SECRET, secret)
    monkeypatch.delenv(worker_module.ENV_LOG_DIR, raising=False)
    with pytest.raises(worker_module.BadConfiguration, match=says):
        worker_module.create_app()


@pytest.mark.usefixtures("quiet_logging")
def test_the_parent_prepares_the_database_and_hands_uvicorn_the_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from uvicorn.supervisors import Multiprocess

    from server import migrate
    from server import workers as worker_module
    from server.main import main

    seen: dict[str, Any] = {}

    def fake_run(supervisor: Multiprocess) -> None:
        config = supervisor.config
        seen.update(
            app=config.app, factory=config.factory, workers=config.workers, env=dict(os.environ)
        )
        (sock,) = supervisor.sockets
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)

    monkeypatch.setattr(Multiprocess, "run", fake_run)
    for name in (worker_module.ENV_TOKEN_SECRET, worker_module.ENV_DATABASE_URL):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "environ", os.environ.copy())  # the parent's exports stay here
    options = ["--port", "0", "--pace", "0.5", "--scenario", "slow:delay=1"]
    code = main(["--workers", "3", *options, "--data-dir", str(tmp_path)])
    assert code == 0
    assert "3 worker processes" in capsys.readouterr().out
    assert (seen["app"], seen["factory"], seen["workers"]) == (
        "server.workers:create_app",
        True,
        3,
    )
    env = seen["env"]
    assert env[worker_module.ENV_SCENARIO] == "slow:delay=1"
    assert env[worker_module.ENV_WORKERS] == "3"
    db = Database(env[worker_module.ENV_DATABASE_URL])
    try:
        with db.read() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD
        assert env[worker_module.ENV_TOKEN_SECRET] == db.secret("token_secret")
    finally:
        db.dispose()
    assert main(["--workers", "2", "--scenario", "offline", "--data-dir", str(tmp_path)]) == 2
