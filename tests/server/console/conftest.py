"""The console driven over HTTP on the real intake server: log in, read pages, post forms."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from server.embedded import EmbeddedServer
from tests.server.conftest import Api, completed, http_client, sheet_for

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(page: str) -> str:
    found = _CSRF.search(page)
    assert found, "no CSRF field on the page"
    return found.group(1)


def text_of(page: str) -> str:
    """The page's text without tags, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


class Console:
    """A browser-like client of ``/console``: cookies kept, redirects followed on request."""

    def __init__(self, server: EmbeddedServer):
        self.server = server
        self.http = http_client(server)

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(f"/console{path}", **kwargs)

    def login(
        self, username: str | None = None, password: str | None = None, *, next_path: str = ""
    ) -> httpx.Response:
        form = self.get("/login")
        assert form.status_code == 200
        return self.http.post(
            "/console/login",
            data={
                "username": username or self.server.official_username,
                "password": password or self.server.official_password,
                "csrf": csrf_of(form.text),
                "next": next_path,
            },
        )

    def post(
        self, path: str, data: dict[str, str] | None = None, *, page: str = ""
    ) -> httpx.Response:
        """POST a form of *page* (default: the queue) with that page's CSRF token."""
        token = csrf_of(page or self.get("/queue").text)
        return self.http.post(f"/console{path}", data={"csrf": token, **(data or {})})

    def follow(self, response: httpx.Response) -> httpx.Response:
        assert response.status_code == 303, response.text
        return self.http.get(response.headers["location"])


@pytest.fixture
def console(intake_server: EmbeddedServer) -> Iterator[Console]:
    client = Console(intake_server)
    response = client.login()
    assert response.status_code == 303, response.text
    yield client
    client.close()


def low_sheet(demo: Api, score: int = 1, **overrides: Any) -> dict[str, Any]:
    """A 1–2 star sheet on a freshly completed declaration: the batch result plus the declaration."""
    declaration = completed(demo)[0]
    [result] = demo.batch(sheet_for(declaration, score=score, **overrides))
    assert result["status"] == "accepted", result
    return result | {"declaration": declaration}
