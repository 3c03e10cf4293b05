"""Overload answered, not queued: a bound on the requests inside the API, 503 at once past it.

Without it, 200 clients each waiting for a batch queued behind SQLite's one writer saw 8–20 s of
latency, timeouts and "database is locked". With it, at most ``IN_FLIGHT[kind]`` requests of each
kind are inside the application at once; the next one is answered 503 with ``Retry-After`` right
away (no body parsed, no thread, no connection taken), which the desktop client honours.

Kinds (bounds in ``server.limits.IN_FLIGHT``): ``login`` (scrypt, the costliest per request), ``write`` (every other POST: one writer
at a time on SQLite, a row lock on PostgreSQL) and ``read``. Health and readiness are never
counted nor refused: a load balancer asks them precisely when the server is busy.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

from app.domain.messages import Message
from server.limits import IN_FLIGHT
from server.problems import problem_body

LOGIN = "login"
WRITE = "write"
READ = "read"

OVERLOADED = Message(
    "overloaded",
    "Máy chủ tiếp nhận đang quá tải. Dữ liệu chưa được ghi nhận; sẽ tự gửi lại sau ít giây.",
    "The intake server is overloaded. Nothing was recorded; it will be sent again in a few "
    "seconds.",
)


@dataclass(slots=True)
class LoadCounters:
    """The shedder's bounds and what it saw, for readiness and the load bench."""

    limits: dict[str, int] = field(default_factory=lambda: dict(IN_FLIGHT))
    inside: dict[str, int] = field(default_factory=lambda: {LOGIN: 0, WRITE: 0, READ: 0})
    refused: dict[str, int] = field(default_factory=lambda: {LOGIN: 0, WRITE: 0, READ: 0})


class LoadShedder:
    def __init__(
        self,
        app: ASGIApp,
        *,
        exempt: Collection[str],
        login_path: str,
        retry_after: int = 1,
        counters: LoadCounters | None = None,
    ):
        self.app = app
        self.exempt = frozenset(exempt)
        self.login_path = login_path
        self.retry_after = retry_after
        self.counters = counters or LoadCounters()

    def kind_of(self, scope: Scope) -> str | None:
        path = scope.get("path", "")
        if path in self.exempt:
            return None
        if path == self.login_path:
            return LOGIN
        return READ if scope.get("method") in ("GET", "HEAD", "OPTIONS") else WRITE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = self.kind_of(scope) if scope["type"] == "http" else None
        if kind is None:
            await self.app(scope, receive, send)
            return
        inside = self.counters.inside
        if inside[kind] >= self.counters.limits[kind]:
            self.counters.refused[kind] += 1
            await self._refuse(scope, send)
            return
        # One event loop, no await between the test and the increment: no lock needed.
        inside[kind] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            inside[kind] -= 1

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = json.dumps(
            problem_body(503, OVERLOADED, instance=scope.get("path", "")), ensure_ascii=False
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(self.retry_after).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
