"""Overload is answered, not queued: 503 + Retry-After past the bound, health and readiness always.

A write is held inside the server on an event the test controls, so "the bound is full" is a
fact of the test, not of timing.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from server.embedded import EmbeddedServer
from server.ingest import SheetIntake
from tests.server.conftest import Api, completed, http_client, sheet_for


@pytest.fixture
def held_writes(
    intake_server: EmbeddedServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[threading.Event, threading.Event]]:
    """(inside, release): a batch write waits inside the server until *release* is set."""
    inside, release = threading.Event(), threading.Event()
    real_store = SheetIntake.store

    def store(self: SheetIntake, *args: Any, **kwargs: Any) -> Any:
        inside.set()
        assert release.wait(60)
        return real_store(self, *args, **kwargs)

    monkeypatch.setattr(SheetIntake, "store", store)
    yield inside, release
    release.set()


def test_past_the_bound_a_write_is_refused_at_once_and_health_and_reads_go_on(
    intake_server: EmbeddedServer, demo: Api, held_writes: tuple[threading.Event, threading.Event]
) -> None:
    inside, release = held_writes
    load = intake_server.runtime.services.load
    load.limits["write"] = 1
    first_declaration, second_declaration = completed(demo, 2)
    first = sheet_for(first_declaration)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(demo.batch, first)
        assert inside.wait(30)
        refused = demo.post("/rating-sheets/batch", json={"items": [sheet_for(second_declaration)]})
        assert refused.status_code == 503, refused.text
        assert refused.headers["Retry-After"] == "1"
        assert refused.json()["code"] == "overloaded"
        # Health, readiness and reads are not writes: they answer while the write is held.
        assert demo.get("/health").status_code == 200
        ready = demo.get("/ready")
        assert ready.status_code == 200
        assert ready.json()["inside"]["write"] == 1
        assert ready.json()["refused"]["write"] == 1
        assert demo.get("/declarations").status_code == 200
        release.set()
        (result,) = pending.result(timeout=60)
    assert result["status"] == "accepted"
    assert load.inside["write"] == 0
    (again,) = demo.batch(sheet_for(second_declaration))
    assert again["status"] == "accepted"


def test_the_refusal_is_a_documented_problem(
    intake_server: EmbeddedServer, demo: Api, held_writes: tuple[threading.Event, threading.Event]
) -> None:
    inside, _release = held_writes
    intake_server.runtime.services.load.limits["write"] = 0
    refused = demo.post("/rating-sheets/batch", json={"items": []})
    assert refused.status_code == 503
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["errors"][0]["message_vi"].startswith("Máy chủ tiếp nhận đang quá tải")
    assert not inside.is_set()


def test_readiness_says_so_when_the_database_does_not_answer(
    intake_server: EmbeddedServer, anonymous: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert anonymous.get("/ready").status_code == 200

    def away() -> None:
        raise OSError("the database is away")

    monkeypatch.setattr(intake_server.runtime.db, "ping", away)
    reply = anonymous.get("/ready")
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "5"
    assert reply.json()["code"] == "not_ready"
    assert anonymous.get("/health").status_code == 200


def test_reads_answer_while_writers_wait_for_the_database(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    """Another program holds SQLite's write lock: writes wait for it, reads (WAL, their own
    pool) do not."""
    if intake_server.runtime.db.dialect != "sqlite":
        pytest.skip("SQLite's single writer; PostgreSQL has row locks")
    declarations = completed(demo, 3)
    holder = sqlite3.connect(intake_server.data_dir / "intake.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with ThreadPoolExecutor(3) as pool:
            writes = [pool.submit(demo.batch, sheet_for(d)) for d in declarations]
            with http_client(intake_server, headers=dict(demo.http.headers)) as reader:
                for _ in range(5):
                    assert reader.get("/api/v1/declarations", timeout=10).status_code == 200
                    assert reader.get("/api/v1/responses", timeout=10).status_code == 200
            assert not any(write.done() for write in writes)
            holder.execute("ROLLBACK")
            results = [write.result(timeout=60) for write in writes]
    finally:
        holder.close()
    assert [r[0]["status"] for r in results] == ["accepted"] * 3


def test_the_bound_is_per_kind(intake_server: EmbeddedServer) -> None:
    load = intake_server.runtime.services.load
    load.limits["read"] = 0
    with http_client(intake_server) as client:
        assert client.get("/api/v1/declarations").status_code == 503
        login = client.post("/api/v1/auth/token", json={"username": "x", "password": "y"})
        assert login.status_code == 401
        load.limits["login"] = 0
        login = client.post("/api/v1/auth/token", json={"username": "x", "password": "y"})
        assert login.status_code == 503
        assert client.get("/api/v1/health").status_code == 200
