"""The admin endpoints: what ``accounts`` does, over HTTP, for officials with the admin role only."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from server import accounts
from server.embedded import EmbeddedServer
from tests.server.conftest import http_client, token

ADMIN_PASSWORD = "quan-tri-vien-2026"


@pytest.fixture
def admin(intake_server: EmbeddedServer) -> Iterator[httpx.Client]:
    with intake_server.runtime.db.write() as conn:
        accounts.create_official(
            conn, "quantri01", "Đỗ Văn An", "03CC", ADMIN_PASSWORD, role=accounts.ROLE_ADMIN
        )
    bearer = token(intake_server, username="quantri01", password=ADMIN_PASSWORD)
    with http_client(intake_server, headers={"Authorization": f"Bearer {bearer}"}) as client:
        yield client


def login(server: EmbeddedServer, **credentials: str) -> httpx.Response:
    with http_client(server) as client:
        return client.post("/api/v1/auth/token", json=credentials)


def test_an_admin_onboards_an_enterprise_with_a_generated_password(
    intake_server: EmbeddedServer, admin: httpx.Client
) -> None:
    reply = admin.post(
        "/api/v1/admin/accounts/enterprises",
        json={"tax_code": "0100109106", "name": "Công ty TNHH Bình Minh"},
    )
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert body["account"]["subject"] == "0100109106"
    assert body["account"]["demo"] is False
    password = body["generated_password"]
    assert login(intake_server, tax_code="0100109106", password=password).status_code == 200
    listed = admin.get("/api/v1/admin/accounts").json()["items"]
    assert "0100109106" in [item["subject"] for item in listed]
    again = admin.post(
        "/api/v1/admin/accounts/enterprises",
        json={"tax_code": "0100109106", "name": "Lần nữa", "password": "mot-mat-khau-khac"},
    )
    assert again.status_code == 409
    assert again.json()["code"] == "account_exists"


def test_an_admin_adds_an_official_resets_and_disables(
    intake_server: EmbeddedServer, admin: httpx.Client
) -> None:
    reply = admin.post(
        "/api/v1/admin/accounts/officials",
        json={
            "username": "kiemtra02",
            "full_name": "Lê Thị Hoa",
            "office_code": "03CC",
            "password": "mat-khau-ban-dau",
        },
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["generated_password"] is None
    assert (
        login(intake_server, username="kiemtra02", password="mat-khau-ban-dau").status_code == 200
    )

    reset = admin.post("/api/v1/admin/accounts/official/kiemtra02/password", json={})
    assert reset.status_code == 200, reset.text
    new = reset.json()["generated_password"]
    assert (
        login(intake_server, username="kiemtra02", password="mat-khau-ban-dau").status_code == 401
    )
    assert login(intake_server, username="kiemtra02", password=new).status_code == 200

    off = admin.post("/api/v1/admin/accounts/official/kiemtra02/disabled", json={"disabled": True})
    assert off.status_code == 200
    assert off.json()["account"]["disabled"] is True
    assert login(intake_server, username="kiemtra02", password=new).status_code == 401


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("enterprises", {"tax_code": "0100109107", "name": "X"}, 422, "invalid_request"),
        ("enterprises", {"tax_code": "0100109106", "name": "X", "password": "short"}, 422, None),
        ("officials", {"username": "A B", "full_name": "A", "office_code": "03CC"}, 422, None),
        ("official/nobody/password", {}, 404, "unknown_account"),
        ("enterprise/0100109106/disabled", {"disabled": True}, 404, "unknown_account"),
        ("official/quantri01/disabled", {"disabled": True}, 409, "cannot_disable_self"),
    ],
)
def test_refusals_are_coded_problems(
    admin: httpx.Client, path: str, body: dict[str, object], status: int, code: str | None
) -> None:
    reply = admin.post(f"/api/v1/admin/accounts/{path}", json=body)
    assert reply.status_code == status, reply.text
    if code is not None:
        assert reply.json()["code"] == code


def test_only_admins_may(intake_server: EmbeddedServer) -> None:
    plain = token(
        intake_server,
        username=intake_server.official_username,
        password=intake_server.official_password,
    )
    enterprise = token(
        intake_server, tax_code=intake_server.demo_tax_code, password=intake_server.demo_password
    )
    for bearer in (plain, enterprise):
        with http_client(intake_server, headers={"Authorization": f"Bearer {bearer}"}) as client:
            assert client.get("/api/v1/admin/accounts").status_code == 403
            created = client.post(
                "/api/v1/admin/accounts/enterprises",
                json={"tax_code": "0100109106", "name": "X"},
            )
            assert created.status_code == 403
    with http_client(intake_server) as anonymous:
        assert anonymous.get("/api/v1/admin/accounts").status_code == 401
