"""The outermost server layer, driven as ASGI directly.

Through a real socket some of these paths run only with the right timing (a client that hangs up
before its body arrives, an app that crashes after its headers left); here each one runs every
time, so the coverage of this file does not depend on the machine's load.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from server.request_context import (
    REQUEST_ID_HEADER,
    BodyLimit,
    RequestContextMiddleware,
    RequestIdFilter,
    current_request_id,
)


def _too_large(limit: int, path: str) -> tuple[int, dict[str, Any]]:
    return 413, {"code": "too_large", "limit": limit, "path": path}


def _crash(path: str) -> tuple[int, dict[str, Any]]:
    return 500, {"code": "internal", "path": path}


def _middleware(app: Any, *, limit: int = 100, max_drain: int = 1000) -> RequestContextMiddleware:
    return RequestContextMiddleware(
        app,
        body_limit=BodyLimit(limit, {"/big": 10_000}),
        max_drain=max_drain,
        too_large=_too_large,
        crash=_crash,
    )


def _run(
    middleware: RequestContextMiddleware,
    messages: list[dict[str, Any]],
    *,
    path: str = "/x",
    headers: list[tuple[bytes, bytes]] | None = None,
) -> list[dict[str, Any]]:
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers or []}
    incoming = list(messages)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(middleware(scope, receive, send))
    return sent


async def _echo(scope: Any, receive: Any, send: Any) -> None:
    message = await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    payload = {"body": message["body"].decode(), "request_id": current_request_id()}
    await send({"type": "http.response.body", "body": json.dumps(payload).encode()})


def _header(message: dict[str, Any], name: bytes) -> bytes | None:
    return dict(message["headers"]).get(name.lower())


def test_the_body_reaches_the_app_whole_with_the_request_id_in_context():
    sent = _run(
        _middleware(_echo),
        [
            {"type": "http.request", "body": b"ab", "more_body": True},
            {"type": "http.request", "body": b"cd", "more_body": False},
        ],
        headers=[(b"x-request-id", b"client-id-1")],
    )
    assert sent[0]["status"] == 200
    assert _header(sent[0], REQUEST_ID_HEADER.encode()) == b"client-id-1"
    assert json.loads(sent[1]["body"]) == {"body": "abcd", "request_id": "client-id-1"}
    assert current_request_id() == "-"  # reset once the request is over


def test_an_insane_request_id_is_replaced_by_a_new_one():
    sent = _run(
        _middleware(_echo),
        [{"type": "http.request", "body": b"", "more_body": False}],
        headers=[(b"x-request-id", b"bad id\r\nwith spaces")],
    )
    new_id = _header(sent[0], REQUEST_ID_HEADER.encode())
    assert new_id and b" " not in new_id and len(new_id) == 32


def test_a_declared_length_over_the_limit_is_answered_413_and_closes():
    sent = _run(
        _middleware(_echo),
        [{"type": "http.request", "body": b"x" * 10, "more_body": False}],
        headers=[(b"content-length", b"500")],
    )
    assert sent[0]["status"] == 413
    assert _header(sent[0], b"connection") == b"close"
    assert json.loads(sent[1]["body"])["limit"] == 100


def test_a_body_that_grows_past_the_limit_is_drained_then_refused():
    chunks = [{"type": "http.request", "body": b"x" * 60, "more_body": True} for _ in range(3)]
    chunks.append({"type": "http.request", "body": b"", "more_body": False})
    sent = _run(_middleware(_echo), chunks, headers=[(b"content-length", b"nonsense")])
    assert sent[0]["status"] == 413


def test_draining_stops_at_max_drain():
    chunks = [{"type": "http.request", "body": b"x" * 400, "more_body": True} for _ in range(10)]
    sent = _run(_middleware(_echo, max_drain=1000), chunks)
    assert sent[0]["status"] == 413


def test_a_path_with_its_own_limit_takes_more():
    sent = _run(
        _middleware(_echo),
        [{"type": "http.request", "body": b"y" * 5000, "more_body": False}],
        path="/big",
    )
    assert sent[0]["status"] == 200


def test_a_client_that_hangs_up_before_its_body_gets_nothing(caplog):
    caplog.set_level(logging.INFO, logger="server.access")
    sent = _run(_middleware(_echo), [{"type": "http.disconnect"}])
    assert sent == []
    assert any("dropped" in record.getMessage() for record in caplog.records)


def test_a_crash_before_any_header_is_a_500_problem(caplog):
    async def crashing(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("boom")

    caplog.set_level(logging.INFO)
    sent = _run(_middleware(crashing), [{"type": "http.request", "body": b"", "more_body": False}])
    assert sent[0]["status"] == 500
    assert json.loads(sent[1]["body"]) == {"code": "internal", "path": "/x"}
    assert any(record.exc_info for record in caplog.records if record.name == "server.errors")


def test_a_quiet_error_is_logged_on_one_line_without_a_traceback(caplog):
    class Quiet(Exception):
        quiet = True

    async def crashing(scope: Any, receive: Any, send: Any) -> None:
        raise Quiet("client went away")

    caplog.set_level(logging.INFO)
    sent = _run(_middleware(crashing), [{"type": "http.request", "body": b"", "more_body": False}])
    assert sent[0]["status"] == 500
    errors = [record for record in caplog.records if record.name == "server.errors"]
    assert errors and not errors[0].exc_info


def test_a_crash_after_the_headers_left_is_raised_for_the_server_to_drop():
    async def half(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("mid-body")

    with pytest.raises(RuntimeError, match="mid-body"):
        _run(_middleware(half), [{"type": "http.request", "body": b"", "more_body": False}])


def test_a_crash_after_the_reply_was_sent_is_not_answered_twice():
    async def late(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        raise RuntimeError("after the reply")

    sent = _run(_middleware(late), [{"type": "http.request", "body": b"", "more_body": False}])
    assert [message.get("status") for message in sent] == [204, None]


def test_other_scopes_pass_through_untouched():
    seen: list[str] = []

    async def lifespan(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    async def nothing() -> dict[str, Any]:
        return {}

    async def ignore(message: Any) -> None:
        return None

    asyncio.run(_middleware(lifespan)({"type": "lifespan"}, nothing, ignore))
    assert seen == ["lifespan"]


def test_log_records_carry_the_request_id_outside_a_request_as_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    assert RequestIdFilter().filter(record)
    assert record.request_id == "-"
