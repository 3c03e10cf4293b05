"""Helpers for talking to the real intake server over the loopback socket."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.embedded import EmbeddedServer
from server.simulator import make_tax_code

PASSWORD = "mat-khau-thu-nghiem"


class Api:
    """An httpx client bound to one server, logged in or not."""

    def __init__(self, server: EmbeddedServer, token: str | None = None):
        self.server = server
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = http_client(server, headers=headers)

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(f"/api/v1{path}", **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(f"/api/v1{path}", **kwargs)

    def batch(self, *items: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.post("/rating-sheets/batch", json={"items": list(items)})
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        assert len(results) == len(items)
        return results

    def declarations(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor = ""
        while True:
            page = self.get("/declarations", params={"since": cursor}).json()
            items += page["items"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return items

    def declaration(self, number: str) -> dict[str, Any]:
        response = self.get(f"/declarations/{number}")
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]


def http_client(server: EmbeddedServer, **kwargs: Any) -> httpx.Client:
    """Plain HTTP on loopback: no TLS context to build (it costs ~50 ms per client)."""
    kwargs.setdefault("timeout", 30)
    return httpx.Client(base_url=server.url, verify=False, **kwargs)


def storage_args(server: EmbeddedServer) -> list[str]:
    """The CLI options that reach the same database as *server*."""
    db = server.runtime.db
    if db.dialect == "sqlite":
        return ["--data-dir", str(server.data_dir)]
    return ["--database-url", db.engine.url.render_as_string(hide_password=False)]


def token(server: EmbeddedServer, **credentials: str) -> str:
    with http_client(server) as client:
        response = client.post("/api/v1/auth/token", json=credentials)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@pytest.fixture
def anonymous(intake_server: EmbeddedServer) -> Iterator[Api]:
    api = Api(intake_server)
    yield api
    api.close()


@pytest.fixture
def demo(intake_server: EmbeddedServer) -> Iterator[Api]:
    """Logged in as the demo enterprise."""
    api = Api(
        intake_server,
        token(
            intake_server,
            tax_code=intake_server.demo_tax_code,
            password=intake_server.demo_password,
        ),
    )
    yield api
    api.close()


@pytest.fixture
def official(intake_server: EmbeddedServer) -> Iterator[Api]:
    api = Api(
        intake_server,
        token(
            intake_server,
            username=intake_server.official_username,
            password=intake_server.official_password,
        ),
    )
    yield api
    api.close()


_counter = iter(range(1, 1_000_000))


def fresh_tax_code() -> str:
    import random

    return make_tax_code(random.Random(f"tests:{next(_counter)}:{uuid.uuid4()}"), "01")


@pytest.fixture
def other(intake_server: EmbeddedServer) -> Iterator[Api]:
    """A second enterprise, logged in, with declarations of its own."""
    tax_code = fresh_tax_code()
    intake_server.add_enterprise(tax_code, "Công ty TNHH Kiểm thử Cách ly", PASSWORD)
    intake_server.complete_declarations(2, tax_code=tax_code)
    api = Api(intake_server, token(intake_server, tax_code=tax_code, password=PASSWORD))
    api.tax_code = tax_code  # type: ignore[attr-defined]
    yield api
    api.close()


def sheet_for(
    declaration: dict[str, Any],
    *,
    score: int = 4,
    stage: str = "after_completion",
    **overrides: Any,
) -> dict[str, Any]:
    """A valid sheet rating the declaration's first two targets."""
    low = score <= 2
    body: dict[str, Any] = {
        "idempotency_key": str(uuid.uuid4()),
        "declaration_number": declaration["number"],
        "stage": stage,
        "scores": [
            {
                "target_kind": target["kind"],
                "target_code": target["code"],
                "target_name": target["name"],
                "score": score,
                "reasons": ["delay"] if low else [],
            }
            for target in declaration["targets"][:2]
        ],
        "content": "Hồ sơ bị trả lại ba lần mà không nêu lý do." if low else "",
        "contact_name": "Trần Thị Bình" if low else "",
        "contact_phone": "0912 345 678" if low else "",
    }
    body.update(overrides)
    return body


def completed(api: Api, count: int = 1) -> list[dict[str, Any]]:
    """*count* freshly completed (so unrated) declarations of the demo enterprise."""
    numbers = api.server.complete_declarations(count)
    return [api.declaration(n) for n in numbers]


def error_codes(result: dict[str, Any]) -> list[str]:
    return [e["code"] for e in result["errors"]]


@pytest.fixture(scope="module")
def module_server(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    intake_template: Path,
) -> Iterator[EmbeddedServer]:
    """Like ``intake_server``, but one server for a whole module: what hypothesis needs, since
    its examples share the test function's fixtures (and a server per example would be slow)."""
    from tests.conftest import intake_server_in

    with intake_server_in(
        tmp_path_factory.mktemp("intake-module"), request, intake_template
    ) as server:
        yield server
