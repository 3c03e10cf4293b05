"""What every response shares: a request id, problem details for errors, one log line."""

from __future__ import annotations

import pytest

from server.embedded import EmbeddedServer
from server.logging_setup import LOG_FILE
from tests.server.conftest import Api, http_client


def log_text(server: EmbeddedServer) -> str:
    return (server.data_dir / "logs" / LOG_FILE).read_text(encoding="utf-8")


def test_every_response_has_a_request_id_and_echoes_a_sane_one(anonymous: Api) -> None:
    generated = anonymous.get("/health")
    assert len(generated.headers["x-request-id"]) == 32
    echoed = anonymous.get("/health", headers={"X-Request-ID": "client-abc.123"})
    assert echoed.headers["x-request-id"] == "client-abc.123"
    hostile = anonymous.get("/health", headers={"X-Request-ID": "x" * 200})
    assert hostile.headers["x-request-id"] != "x" * 200
    for response in (anonymous.get("/nope"), anonymous.http.delete("/api/v1/health")):
        assert response.headers["x-request-id"] == response.json()["request_id"]


def test_404_and_405_are_problem_details(anonymous: Api) -> None:
    missing = anonymous.get("/no/such/path")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    body = missing.json()
    assert body["type"] == "about:blank"
    assert (body["title"], body["status"], body["instance"]) == (
        "Not Found",
        404,
        "/api/v1/no/such/path",
    )
    not_allowed = anonymous.http.put("/api/v1/health")
    assert not_allowed.status_code == 405
    assert not_allowed.headers["allow"] == "GET, OPTIONS"
    assert not_allowed.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/v1/support-requests", "GET, OPTIONS, POST"),  # two routes, one path
        ("/api/v1/auth/token", "OPTIONS, POST"),
        ("/api/v1/declarations/104512345670", "GET, OPTIONS"),
        ("/api/v1/official/low-sheets/PDG-1/response", "OPTIONS, POST"),
    ],
)
def test_options_and_405_name_every_method_of_the_path(
    anonymous: Api, path: str, allow: str
) -> None:
    options = anonymous.http.options(path)
    assert options.status_code == 204
    assert options.headers["allow"] == allow
    wrong = anonymous.http.delete(path)
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == allow


def test_a_crash_is_a_500_problem_and_logged_with_its_request_id(
    intake_server: EmbeddedServer, demo: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    # The one stand-in in these tests: a failure the real storage cannot be made to have.
    monkeypatch.setattr(intake_server.runtime.services.intake, "store", broken)
    response = demo.post(
        "/rating-sheets/batch", json={"items": []}, headers={"X-Request-ID": "crash-001"}
    )
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["request_id"] == "crash-001"
    assert response.json()["errors"][0]["message_vi"]
    log = log_text(intake_server)
    assert "[crash-001] unhandled error in POST /api/v1/rating-sheets/batch" in log
    assert "RuntimeError: disk on fire" in log


def test_log_lines_carry_the_request_id_and_no_secrets(
    intake_server: EmbeddedServer, anonymous: Api
) -> None:
    anonymous.get("/health", headers={"X-Request-ID": "trace-me-42"})
    with http_client(intake_server) as client:
        client.post(
            "/api/v1/auth/token",
            json={"tax_code": intake_server.demo_tax_code, "password": intake_server.demo_password},
            headers={"X-Request-ID": "login-7"},
        )
    log = log_text(intake_server)
    assert "[trace-me-42] GET /api/v1/health -> 200" in log
    assert "[login-7] POST /api/v1/auth/token -> 200" in log
    assert intake_server.demo_password not in log
    for line in log.splitlines():
        if line[:4].isdigit():  # a record's first line, not a traceback's continuation
            assert " [" in line and "] " in line
