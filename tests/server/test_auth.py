"""Logging in, tokens and roles, against the real server."""

from __future__ import annotations

from datetime import timedelta

import httpx

from server.embedded import EmbeddedServer
from server.tokens import TokenSigner
from tests.server.conftest import Api, http_client


def login(server: EmbeddedServer, body: object) -> httpx.Response:
    with http_client(server) as client:
        return client.post("/api/v1/auth/token", json=body)


def test_enterprise_login_returns_a_bearer_token_with_expiry(intake_server: EmbeddedServer) -> None:
    response = login(
        intake_server,
        {"tax_code": intake_server.demo_tax_code, "password": intake_server.demo_password},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["role"] == "enterprise"
    assert body["tax_code"] == intake_server.demo_tax_code
    assert "DEMO" in body["enterprise_name"]
    assert body["expires_at"].endswith("+00:00")


def test_official_login_has_its_own_role(intake_server: EmbeddedServer) -> None:
    response = login(
        intake_server,
        {"username": intake_server.official_username, "password": intake_server.official_password},
    )
    assert response.status_code == 200
    assert response.json()["role"] == "official"
    assert response.json()["tax_code"] is None


def test_wrong_password_and_unknown_tax_code_get_the_same_401(
    intake_server: EmbeddedServer,
) -> None:
    wrong = login(intake_server, {"tax_code": intake_server.demo_tax_code, "password": "sai"})
    unknown = login(intake_server, {"tax_code": "0100109106", "password": "sai"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    assert wrong.headers["www-authenticate"] == "Bearer"
    for key in ("title", "detail", "code", "errors"):
        assert wrong.json()[key] == unknown.json()[key]
    assert wrong.json()["errors"][0]["message_vi"]


def test_a_login_body_that_is_not_valid_is_422(intake_server: EmbeddedServer) -> None:
    for body in (
        {"password": "x"},  # neither tax code nor user name
        {"tax_code": "0100109106"},  # no password
        {"tax_code": 100109106, "password": "x"},  # a number, not a string
        {"tax_code": "0100109106", "username": "a", "password": "x"},  # both
        ["not", "an", "object"],
    ):
        response = login(intake_server, body)
        assert response.status_code == 422, body
        assert response.json()["errors"]


def test_a_tax_code_with_a_wrong_check_digit_is_refused_with_the_shared_message(
    intake_server: EmbeddedServer,
) -> None:
    response = login(intake_server, {"tax_code": "0100109107", "password": "x"})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("tax_code", "bad_check_digit")


def test_every_api_call_needs_a_valid_token(intake_server: EmbeddedServer, anonymous: Api) -> None:
    paths = ["/declarations", "/responses", "/support-requests", "/official/low-sheets"]
    for path in paths:
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response.json()["code"] == "unauthenticated"
    forged = Api(intake_server, "eyJyIjoiZW50ZXJwcmlzZSJ9.bm90LWEtc2lnbmF0dXJl")
    assert forged.get("/declarations").status_code == 401
    forged.close()


def test_an_expired_token_is_refused(intake_server: EmbeddedServer) -> None:
    runtime = intake_server.runtime
    expired = TokenSigner(runtime.db.secret("token_secret"), timedelta(seconds=-1))
    token, _ = expired.issue("enterprise", intake_server.demo_tax_code)
    api = Api(intake_server, token)
    response = api.get("/declarations")
    api.close()
    assert response.status_code == 401


def test_a_tampered_token_is_refused(intake_server: EmbeddedServer, demo: Api) -> None:
    token = demo.http.headers["Authorization"].removeprefix("Bearer ")
    _, _, signature = token.partition(".")
    other_body = TokenSigner("00" * 32, timedelta(hours=1)).issue("official", "official01")[0]
    api = Api(intake_server, f"{other_body.partition('.')[0]}.{signature}")
    assert api.get("/declarations").status_code == 401
    api.close()


def test_roles_do_not_cross(demo: Api, official: Api) -> None:
    assert demo.get("/official/low-sheets").status_code == 403
    assert demo.get("/official/support-requests").status_code == 403
    assert official.get("/declarations").status_code == 403
    assert official.post("/rating-sheets/batch", json={"items": []}).status_code == 403
    assert official.get("/responses").status_code == 403
