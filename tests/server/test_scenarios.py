"""Each scenario misbehaves as documented, and can be switched while the server runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from server.embedded import EmbeddedServer, start_embedded
from server.scenarios import Scenario, UnknownScenario
from server.schema import rating_sheets
from tests.server.conftest import Api, completed, http_client, sheet_for


def health(server: EmbeddedServer) -> httpx.Response:
    with http_client(server) as client:
        return client.get("/api/v1/health")


def wait_until(condition: Callable[[], bool], attempts: int = 500) -> None:
    """Poll a condition the server reaches on its own (no fixed sleeps)."""
    import threading

    pause = threading.Event()
    for _ in range(attempts):
        if condition():
            return
        pause.wait(0.01)
    raise AssertionError("condition not reached")


def test_offline_refuses_connections_then_comes_back_on_the_same_port(
    intake_server: EmbeddedServer,
) -> None:
    url = intake_server.url
    intake_server.set_scenario("offline")
    assert not intake_server.listening
    with pytest.raises(httpx.ConnectError):
        health(intake_server)
    intake_server.set_scenario("normal")
    assert intake_server.url == url
    assert health(intake_server).json()["scenario"] == "normal"


def test_offline_from_the_start(tmp_path: Path, intake_template: Path) -> None:
    import shutil

    shutil.copyfile(intake_template, tmp_path / intake_template.name)
    with start_embedded(tmp_path, scenario="offline", pace=None) as server:
        assert server.port
        with pytest.raises(httpx.ConnectError):
            health(server)
        server.set_scenario("normal")
        assert health(server).status_code == 200


def test_offline_from_the_start_on_a_port_another_server_holds_takes_another_port(
    tmp_path: Path, intake_template: Path
) -> None:
    """The desktop client asks for 8765 under ``--scenario offline`` too: if another program
    listens there, the offline server must not "have" that port, or the client would sync with
    the other program's server (seen: a sheet sent to another intake server and rejected)."""
    import shutil
    import socket

    shutil.copyfile(intake_template, tmp_path / intake_template.name)
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        taken = other.getsockname()[1]
        with start_embedded(
            tmp_path, scenario="offline", pace=None, preferred_port=taken
        ) as server:
            assert server.port not in (0, taken)
            with pytest.raises(httpx.ConnectError):
                health(server)
            # While offline the port is held: nobody else listens on it meanwhile.
            with socket.socket() as intruder, pytest.raises(OSError):
                intruder.bind(("127.0.0.1", server.port))
                intruder.listen(1)
            server.set_scenario("normal")
            assert health(server).json()["scenario"] == "normal"
            server.set_scenario("offline")
            with pytest.raises(httpx.ConnectError):
                health(server)


def test_a_logged_in_client_keeps_its_token_across_an_outage(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    intake_server.set_scenario("offline")
    with pytest.raises(httpx.TransportError):
        demo.get("/declarations")
    intake_server.set_scenario("normal")
    assert demo.get("/declarations").status_code == 200


def test_slow_holds_the_reply_after_the_work_is_done(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    sheet = sheet_for(completed(demo)[0])
    intake_server.set_scenario("slow", delay=2.0)
    impatient = http_client(
        intake_server, headers=demo.http.headers, timeout=httpx.Timeout(5, read=0.2)
    )
    with pytest.raises(httpx.ReadTimeout):
        impatient.post("/api/v1/rating-sheets/batch", json={"items": [sheet]})
    impatient.close()

    def stored() -> bool:
        with intake_server.runtime.db.read() as conn:
            query = sa.select(rating_sheets.c.receipt_id).where(
                rating_sheets.c.idempotency_key == sheet["idempotency_key"]
            )
            return conn.execute(query).first() is not None

    wait_until(stored)
    intake_server.set_scenario("slow", delay=0.3, phase="before")
    [resent] = demo.batch(sheet)  # a patient client does get its answer
    assert resent["status"] == "duplicate"


def _outcome(server: EmbeddedServer) -> str:
    try:
        return str(health(server).status_code)
    except httpx.TransportError:
        return "dropped"


def test_flaky_gives_500s_and_drops_reproducibly(intake_server: EmbeddedServer) -> None:
    intake_server.set_scenario("flaky", errors=0.4, drops=0.3, seed=11)
    first = [_outcome(intake_server) for _ in range(30)]
    intake_server.set_scenario("flaky", errors=0.4, drops=0.3, seed=11)
    second = [_outcome(intake_server) for _ in range(30)]
    assert first == second
    assert {"200", "500", "dropped"} == set(first)


def test_flaky_500s_are_problems_with_a_request_id(intake_server: EmbeddedServer) -> None:
    intake_server.set_scenario("flaky", errors=1.0, drops=0.0)
    response = health(intake_server)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["request_id"] == response.headers["x-request-id"]
    intake_server.set_scenario("normal")
    assert health(intake_server).status_code == 200


@pytest.mark.parametrize(("name", "status"), [("throttled", 429), ("maintenance", 503)])
def test_retry_after_scenarios(
    intake_server: EmbeddedServer, demo: Api, name: str, status: int
) -> None:
    intake_server.set_scenario(name, retry_after=7)
    for response in (health(intake_server), demo.get("/declarations")):
        assert response.status_code == status
        assert response.headers["retry-after"] == "7"
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["message_vi"]
        assert response.headers["x-request-id"]


def test_reject_all_rejects_every_sheet_and_remembers_none(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    sheets = [sheet_for(d) for d in completed(demo, 2)]
    intake_server.set_scenario("reject-all")
    assert health(intake_server).json()["scenario"] == "reject-all"
    results = demo.batch(*sheets)
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert all(r["errors"][0]["code"] == "intake_paused" for r in results)
    assert demo.get("/declarations").status_code == 200  # only sheets are refused
    intake_server.set_scenario("normal")
    assert [r["status"] for r in demo.batch(*sheets)] == ["accepted", "accepted"]


def test_captive_portal_answers_everything_with_html(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    sheet = sheet_for(completed(demo)[0])
    intake_server.set_scenario("captive-portal")
    for response in (
        health(intake_server),
        demo.post("/rating-sheets/batch", json={"items": [sheet]}),
        demo.post("/auth/token", json={"tax_code": "0100109106", "password": "x"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert "<html" in response.text
    intake_server.set_scenario("normal")
    assert demo.batch(sheet)[0]["status"] == "accepted"  # the portal stored nothing


def test_scenario_specs_parse_and_bad_ones_are_refused() -> None:
    assert Scenario.parse("flaky:errors=0.5,drops=0.1,seed=7") == Scenario(
        "flaky", errors=0.5, drops=0.1, seed=7
    )
    assert Scenario.parse("slow:delay=10,phase=before").delay == 10
    assert Scenario.parse("throttled:retry-after=5").retry_after == 5
    for bad in ("sleepy", "flaky:errors=2", "slow:delay=x", "slow:colour=red", "slow:phase=now"):
        with pytest.raises(UnknownScenario):
            Scenario.parse(bad)
