"""Per-request plumbing every response and log line relies on.

``RequestContextMiddleware`` is the outermost layer: it gives the request its id (the client's
``X-Request-ID`` when sane, else a new one), puts it on the response and into every log record
made while the request runs, reads the body under a size limit before anything else sees it,
turns a crash into a 500 problem and writes one access line per request.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
#: Where the outermost layer leaves uvicorn's request cycle, so the ``flaky`` scenario can close
#: the connection itself instead of sending anything.
CYCLE_SCOPE_KEY = "customs_rating.cycle"
_REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")

log = logging.getLogger("server.access")
error_log = logging.getLogger("server.errors")


def current_request_id() -> str:
    return _REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _REQUEST_ID.get()
        return True


class BodyLimit:
    """How many bytes a request may carry, by path."""

    def __init__(self, default: int, overrides: dict[str, int] | None = None):
        self.default = default
        self.overrides = overrides or {}

    def for_path(self, path: str) -> int:
        return self.overrides.get(path, self.default)


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        body_limit: BodyLimit,
        max_drain: int,
        too_large: Callable[[int, str], tuple[int, dict[str, Any]]],
        crash: Callable[[str], tuple[int, dict[str, Any]]],
    ):
        self.app = app
        self.body_limit = body_limit
        self.max_drain = max_drain
        self._too_large = too_large
        self._crash = crash

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope) or uuid.uuid4().hex
        token = _REQUEST_ID.set(request_id)
        started = time.perf_counter()
        state = {"status": 0, "done": False}
        path = scope.get("path", "")

        def access_line() -> None:
            elapsed = (time.perf_counter() - started) * 1000
            status = state["status"] or "dropped"
            log.info("%s %s -> %s in %.1f ms", scope.get("method"), path, status, elapsed)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
                state["status"] = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                # Logged before the last byte leaves: whoever got the reply finds the line.
                state["done"] = True
                access_line()
            await send(message)

        scope[CYCLE_SCOPE_KEY] = getattr(send, "__self__", None)
        try:
            limit = self.body_limit.for_path(path)
            body = await self._read_body(scope, receive, limit)
            if body is _GONE:
                return
            if body is None:
                status, payload = self._too_large(limit, path)
                await _send_json(send_with_id, status, payload, close=True)
                return
            await self.app(scope, _replay(body, receive), send_with_id)
        except Exception as error:
            if state["done"]:
                return  # the app's crash handler answered, and logged it
            if getattr(error, "quiet", False):
                error_log.info("%s %s: %s", scope.get("method"), path, error)
            else:
                error_log.exception("unhandled error in %s %s", scope.get("method"), path)
            if state["status"]:
                raise  # headers are out: all uvicorn can do is drop the connection
            status, payload = self._crash(path)
            await _send_json(send_with_id, status, payload)
        finally:
            if not state["done"]:
                access_line()
            _REQUEST_ID.reset(token)

    async def _read_body(self, scope: Scope, receive: Receive, limit: int) -> bytes | None:
        """The whole body, or None past *limit* (after draining what the client still sends).

        Draining matters: answering 413 while the client is still writing would reset the
        connection, and the client would see "connection reset" instead of the 413.
        """
        declared = _content_length(scope)
        chunks: list[bytes] = []
        size = 0
        over = declared is not None and declared > limit
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return _GONE
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                over = True
                chunks.clear()
            elif not over:
                chunks.append(chunk)
            if not message.get("more_body", False) or size > self.max_drain:
                break
        return None if over else b"".join(chunks)


_GONE = b"\0gone"  # identity-compared marker: the client hung up before sending its body


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1").strip()
            return text if _SANE_ID.fullmatch(text) else None
    return None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _send_json(
    send: Send, status: int, payload: dict[str, Any], *, close: bool = False
) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
