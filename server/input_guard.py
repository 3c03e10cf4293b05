"""The gate every request passes before routing: its URL and JSON body read under our bounds.

FastAPI would parse a JSON body with the bare ``json`` module (a 100,000-deep body is a
``RecursionError``, a 5,000-digit number a ``ValueError``, both answered with an uncoded 400) and
would hand a NUL or a lone surrogate in a path, a query or a JSON string on to the route, where
PostgreSQL's driver, the UTF-8 encoder or the password hash then failed with a 500. Here:

- the path and the query string must percent-decode to UTF-8 (else 400 ``bad_encoding``), and
  hold no unsafe character (``server.untrusted``; else 400 ``bad_characters`` naming the part);
- a JSON body (any request whose content type is JSON or missing, as FastAPI reads those) must
  parse within ``untrusted``'s bounds (else 400 ``bad_json`` / ``bad_encoding`` / ``too_deep``) and
  hold no unsafe string (else 422 ``bad_characters`` naming the field) and no number too long
  to read (else 422 ``out_of_range``).

The batch endpoint's body is left to ``server.ingest``: there a bad item is that item's
rejection, and the rest of the batch is stored. Form bodies are checked field by field where they
are read (``server.support.check_form``).
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.domain.messages import Message as Text
from app.domain.validation import FieldError
from server import untrusted
from server.problems import INVALID_REQUEST, problem_response

BAD_ENCODING_URL = Text(
    "bad_encoding",
    "Địa chỉ yêu cầu (URL) không phải văn bản UTF-8 hợp lệ.",
    "The request URL does not decode to valid UTF-8 text.",
)


class InputGuard:
    def __init__(self, app: ASGIApp, *, own_body_paths: Collection[str] = ()):
        self.app = app
        self.own_body_paths = frozenset(own_body_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        refusal = _check_url(scope)
        if refusal is None and path not in self.own_body_paths and _json_body(scope):
            message = await receive()
            refusal = _check_json(message.get("body", b""))
            receive = _replay(message, receive)
        if refusal is not None:
            status, error = refusal
            response = problem_response(
                status,
                error.message if status == 400 else INVALID_REQUEST,
                instance=_printable(path),
                errors=[error],
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _printable(path: str) -> str:
    """The path for the problem's ``instance``: it must encode, and should not lie in a log."""
    return untrusted.UNSAFE_CHARACTERS.sub("\ufffd", path)


def _check_url(scope: Scope) -> tuple[int, FieldError] | None:
    raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogatepass")
    try:
        path = unquote_to_bytes(raw_path).decode("utf-8")
        query = parse_qsl(
            scope.get("query_string", b"").decode("latin-1"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
        )
    except UnicodeDecodeError:
        return 400, FieldError("", BAD_ENCODING_URL)
    if untrusted.has_unsafe(path):
        return 400, untrusted.bad_characters_error("path")
    for name, value in query:
        if untrusted.has_unsafe(name) or untrusted.has_unsafe(value):
            field = "query" if untrusted.has_unsafe(name) else f"query.{name}"
            return 400, untrusted.bad_characters_error(field)
    return None


def _json_body(scope: Scope) -> bool:
    if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return False
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            kind = value.split(b";", 1)[0].strip().lower()
            return kind == b"application/json" or kind.endswith(b"+json")
    return True  # FastAPI reads a body without a content type as JSON


def _check_json(body: bytes) -> tuple[int, FieldError] | None:
    if not body:
        return None  # FastAPI's own "field required" answer
    try:
        value = untrusted.loads(body)
    except untrusted.BadJson as bad:
        return 400, bad.to_error()
    found = untrusted.inspect(value)
    if found.too_deep:
        return 400, untrusted.too_deep_error("")
    if found.unsafe_field is not None:
        return 422, untrusted.bad_characters_error(found.unsafe_field)
    if found.bad_number_field is not None:
        return 422, untrusted.bad_number_error(found.bad_number_field)
    return None


def _replay(message: Message, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return message
        return await receive()

    return replay
