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

- a multipart form's text fields must be UTF-8 (else 400 ``bad_encoding`` naming the field):
  Starlette would decode one that is not as Latin-1, and store mojibake without a word. What the
  fields say is checked where they are read (``server.support.check_form``).

The batch endpoint's body is left to ``server.ingest``: there a bad item is that item's
rejection, and the rest of the batch is stored. The guard relies on the request-context
middleware outside it, which has read the whole body into one message.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from python_multipart.multipart import MultipartParser, parse_options_header
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
        kind = _body_kind(scope)
        if refusal is None and path not in self.own_body_paths and kind != "none":
            message = await receive()
            body = message.get("body", b"")
            refusal = _check_json(body) if kind == "json" else _check_form(scope, body)
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


def _body_kind(scope: Scope) -> str:
    """json, multipart or none (what the guard does not read)."""
    if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return "none"
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            kind = value.split(b";", 1)[0].strip().lower()
            if kind == b"application/json" or kind.endswith(b"+json"):
                return "json"
            return "multipart" if kind == b"multipart/form-data" else "none"
    return "json"  # FastAPI reads a body without a content type as JSON


def _content_type(scope: Scope) -> bytes:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return bytes(value)
    return b""


def _check_form(scope: Scope, body: bytes) -> tuple[int, FieldError] | None:
    """Every text field (a part without a file name) of a multipart body decodes as UTF-8."""
    _kind, options = parse_options_header(_content_type(scope))
    boundary = options.get(b"boundary")
    if not boundary:
        return None  # Starlette's own 400 for a form it cannot split
    fields: list[tuple[bytes, bytearray]] = []
    header = {"name": bytearray(), "value": bytearray()}
    current: dict[str, Any] = {}

    def on_part_begin() -> None:
        current.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header["name"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def on_header_end() -> None:
        if bytes(header["name"]).lower() == b"content-disposition":
            _disposition, params = parse_options_header(bytes(header["value"]))
            current["name"] = params.get(b"name", b"")
            current["file"] = b"filename" in params
        header["name"], header["value"] = bytearray(), bytearray()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if not current.get("file"):
            if "data" not in current:
                current["data"] = bytearray()
                fields.append((current.get("name", b""), current["data"]))
            current["data"] += data[start:end]

    callbacks: Any = {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_part_data": on_part_data,
    }
    try:
        parser = MultipartParser(boundary, callbacks)
        parser.write(body)
        parser.finalize()
    except Exception:  # a form it cannot split: Starlette answers that one with its own 400
        return None
    for name, data in fields:
        try:
            bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            field = name.decode("utf-8", "replace")
            if untrusted.has_unsafe(field):
                field = "?"
            return 400, FieldError(
                field,
                Text(
                    "bad_encoding",
                    f"Trường {field} không phải văn bản UTF-8 hợp lệ.",
                    f"The field {field} is not valid UTF-8 text.",
                ),
            )
    return None


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
