"""Named, reproducible ways for the server to misbehave, so support staff can replay a fault.

All but ``offline`` and ``reject-all`` are ASGI middleware in front of the whole API; ``offline``
is the listener being closed (see ``runtime``), ``reject-all`` is decided where sheets are
stored. A scenario can be switched while the server runs; ``flaky`` draws its faults from its own
seeded generator, restarted at every switch, so the same seed gives the same sequence of 500s
and dropped connections.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
from dataclasses import dataclass, fields
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.domain.messages import Message as Text
from server.problems import problem_body
from server.request_context import CYCLE_SCOPE_KEY

log = logging.getLogger(__name__)

DESCRIPTIONS: dict[str, str] = {
    "normal": "behaves correctly",
    "offline": "the port is not listening: every connection is refused",
    "slow": "each reply is held back DELAY seconds (default 3) after the work is done",
    "flaky": "a share of requests get a 500 (errors=0.3) or a dropped connection (drops=0.2)",
    "throttled": "every request gets 429 Too Many Requests with Retry-After",
    "maintenance": "every request gets 503 Service Unavailable with Retry-After",
    "reject-all": "every rating sheet is rejected with code intake_paused (and not remembered)",
    "captive-portal": "every request gets 200 with an HTML Wi-Fi login page, as a hotspot does",
}
SCENARIOS = tuple(DESCRIPTIONS)

CAPTIVE_PORTAL_HTML = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập Wi-Fi</title></head>
<body><h1>Wi-Fi Khu cảng – Đăng nhập</h1>
<p>Vui lòng đăng nhập để tiếp tục truy cập Internet.</p>
<form method="post" action="/login"><input name="phone" placeholder="Số điện thoại">
<button type="submit">Kết nối</button></form></body></html>
"""


class UnknownScenario(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str = "normal"
    delay: float = 3.0  # slow: seconds
    phase: str = "after"  # slow: "after" the work (a timeout then follows a commit) or "before"
    errors: float = 0.3  # flaky: share of 500s
    drops: float = 0.2  # flaky: share of dropped connections
    seed: int = 1  # flaky
    retry_after: int = 30  # throttled, maintenance: seconds

    def __post_init__(self) -> None:
        if self.name not in DESCRIPTIONS:
            raise UnknownScenario(
                f"unknown scenario {self.name!r}; choose one of {', '.join(SCENARIOS)}"
            )
        if self.phase not in ("before", "after"):
            raise UnknownScenario("phase must be before or after")
        if not (0 <= self.errors <= 1 and 0 <= self.drops <= 1 and self.errors + self.drops <= 1):
            raise UnknownScenario("errors and drops are shares between 0 and 1")
        if self.delay < 0 or self.retry_after < 0:
            raise UnknownScenario("delay and retry_after cannot be negative")

    @classmethod
    def parse(cls, spec: str) -> Scenario:
        """``NAME`` or ``NAME:key=value,key=value``, e.g. ``flaky:errors=0.5,drops=0,seed=7``."""
        name, _, options = spec.strip().partition(":")
        kinds = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for pair in filter(None, (p.strip() for p in options.split(","))):
            key, _, raw = pair.partition("=")
            key = key.strip().replace("-", "_")
            if key not in kinds or key == "name":
                raise UnknownScenario(f"unknown option {key!r} for scenario {name!r}")
            kind = kinds[key]
            try:
                values[key] = (
                    float(raw) if kind == "float" else int(raw) if kind == "int" else raw.strip()
                )
            except ValueError:
                raise UnknownScenario(f"bad value for {key}: {raw!r}") from None
        return cls(name=name.strip(), **values)

    def describe(self) -> str:
        return f"{self.name}: {DESCRIPTIONS[self.name]}"


class ScenarioState:
    """The scenario in force, shared by the middleware, the API and the runtime."""

    def __init__(self, scenario: Scenario | None = None):
        self._lock = threading.Lock()
        self._scenario = scenario or Scenario()
        self._rng = random.Random(self._scenario.seed)

    @property
    def current(self) -> Scenario:
        return self._scenario

    def set(self, scenario: Scenario) -> None:
        with self._lock:
            self._scenario = scenario
            self._rng = random.Random(scenario.seed)
        log.info("scenario is now %s", scenario)

    def draw(self) -> float:
        with self._lock:
            return self._rng.random()


class ScenarioMiddleware:
    def __init__(self, app: ASGIApp, state: ScenarioState):
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scenario = self.state.current
        name = scenario.name
        if name == "throttled":
            await _problem(send, 429, scenario.retry_after, "rate_limited")
        elif name == "maintenance":
            await _problem(send, 503, scenario.retry_after, "maintenance")
        elif name == "captive-portal":
            await _html(send, CAPTIVE_PORTAL_HTML)
        elif name == "flaky":
            roll = self.state.draw()
            if roll < scenario.errors:
                await _problem(send, 500, None, "internal_error")
            elif roll < scenario.errors + scenario.drops:
                await _drop(scope, send)
            else:
                await self.app(scope, receive, send)
        elif name == "slow" and scenario.phase == "before":
            await asyncio.sleep(scenario.delay)
            await self.app(scope, receive, send)
        elif name == "slow":
            await self.app(scope, receive, _held_back(send, scenario.delay))
        else:
            await self.app(scope, receive, send)


_PROBLEMS = {
    "rate_limited": (
        "Máy chủ đang nhận quá nhiều yêu cầu; vui lòng thử lại sau {s} giây.",
        "Too many requests; try again in {s} seconds.",
    ),
    "maintenance": (
        "Hệ thống tiếp nhận đang bảo trì; vui lòng thử lại sau {s} giây.",
        "The intake system is down for maintenance; try again in {s} seconds.",
    ),
    "internal_error": (
        "Máy chủ tiếp nhận gặp lỗi. Dữ liệu chưa được ghi nhận; vui lòng thử lại sau.",
        "The intake server failed. Nothing was recorded; please try again later.",
    ),
}


async def _problem(send: Send, status: int, retry_after: int | None, code: str) -> None:
    vi, en = _PROBLEMS[code]
    message = Text(code, vi.format(s=retry_after), en.format(s=retry_after))
    body = json.dumps(problem_body(status, message), ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _html(send: Send, page: str) -> None:
    body = page.encode()
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SimulatedDrop(Exception):
    """Raised after the headers when the connection cannot be closed directly."""

    quiet = True  # an intended fault: no traceback in the log


async def _drop(scope: Scope, send: Send) -> None:
    """Close the connection without a reply, as a dying server or middlebox would."""
    cycle = scope.get(CYCLE_SCOPE_KEY)
    transport = getattr(cycle, "transport", None)
    if transport is not None:
        transport.close()
        # Let the event loop deliver connection_lost, so uvicorn sees a disconnect instead of
        # an application that returned without answering.
        for _ in range(100):
            if getattr(cycle, "disconnected", True):
                break
            await asyncio.sleep(0)
        return
    headers = [(b"content-type", b"application/json"), (b"content-length", b"1000")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    raise SimulatedDrop("flaky scenario: connection dropped mid-reply")


def _held_back(send: Send, delay: float) -> Send:
    async def send_later(message: Message) -> None:
        if message["type"] == "http.response.start":
            await asyncio.sleep(delay)
        await send(message)

    return send_later
