"""RFC 9457 problem details: the one shape every error of the intake API takes.

Each problem carries a machine-readable ``code`` and, in ``errors``, the same bilingual entries
a rejected sheet carries, so the client shows any failure to the declarant in Vietnamese without
a table of its own.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from app.domain.messages import Message
from app.domain.validation import FieldError
from server.request_context import current_request_id

PROBLEM_JSON = "application/problem+json"
_crash_log = logging.getLogger("server.errors")


class Problem(Exception):
    """Raised anywhere in a request to answer with a problem document."""

    def __init__(
        self,
        status: int,
        message: Message,
        *,
        errors: Sequence[FieldError] = (),
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(message.en)
        self.status = status
        self.message = message
        self.errors = tuple(errors)
        self.headers = dict(headers or {})


def problem_body(
    status: int,
    message: Message,
    *,
    instance: str = "",
    errors: Iterable[FieldError] = (),
) -> dict[str, Any]:
    entries = [e.to_dict() for e in errors] or [{"field": "", **message.to_dict()}]
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": message.en,
        "instance": instance,
        "request_id": current_request_id(),
        "code": message.code,
        "errors": entries,
    }


def problem_response(
    status: int,
    message: Message,
    *,
    instance: str = "",
    errors: Iterable[FieldError] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = problem_body(status, message, instance=instance, errors=errors)
    return Response(
        json.dumps(body, ensure_ascii=False).encode(),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=dict(headers or {}),
    )


# -- the messages ------------------------------------------------------------------------------

BAD_CREDENTIALS = Message(
    "bad_credentials",
    "Mã số thuế (tên đăng nhập) hoặc mật khẩu không đúng.",
    "Wrong tax code (user name) or password.",
)
UNAUTHENTICATED = Message(
    "unauthenticated",
    "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.",
    "The session is missing, invalid or expired. Please log in again.",
)
FORBIDDEN = Message(
    "forbidden",
    "Tài khoản này không có quyền thực hiện thao tác này.",
    "This account may not do this.",
)
NOT_FOUND = Message("not_found", "Không tìm thấy.", "Not found.")
METHOD_NOT_ALLOWED = Message(
    "method_not_allowed", "Phương thức không được hỗ trợ.", "Method not allowed."
)
BODY_TOO_LARGE = Message(
    "body_too_large",
    "Dữ liệu gửi lên vượt quá dung lượng cho phép ({limit}).",
    "The request body exceeds the allowed size ({limit}).",
)
INVALID_REQUEST = Message("invalid_request", "Yêu cầu không hợp lệ.", "The request is not valid.")
INTERNAL_ERROR = Message(
    "internal_error",
    "Máy chủ tiếp nhận gặp lỗi. Dữ liệu chưa được ghi nhận; vui lòng thử lại sau.",
    "The intake server failed. Nothing was recorded; please try again later.",
)


def body_too_large(limit: int) -> Message:
    size = f"{limit / (1024 * 1024):g} MB"
    return Message(
        BODY_TOO_LARGE.code,
        BODY_TOO_LARGE.vi.format(limit=size),
        BODY_TOO_LARGE.en.format(limit=size),
    )


def _for_status(status: int, detail: object) -> Message:
    if status == 404:
        return NOT_FOUND
    if status == 405:
        return METHOD_NOT_ALLOWED
    if status == 401:
        return UNAUTHENTICATED
    phrase = HTTPStatus(status).phrase
    return Message(phrase.lower().replace(" ", "_"), phrase, str(detail or phrase))


# -- pydantic errors → bilingual field errors ---------------------------------------------------

_TYPE_ERRORS = ("_type", "_parsing")


def field_errors_from_pydantic(
    errors: Iterable[Mapping[str, Any]], *, drop_prefix: tuple[str, ...] = ("body",)
) -> list[FieldError]:
    """Turn pydantic's error list into the contract's ``{field, code, message_vi, message_en}``."""
    result: list[FieldError] = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if loc[: len(drop_prefix)] == drop_prefix:
            loc = loc[len(drop_prefix) :]
        field = ".".join(str(part) for part in loc)
        result.append(FieldError(field, _message_for(error, field)))
    return result


def _message_for(error: Mapping[str, Any], field: str) -> Message:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    name = field or "body"
    if kind == "missing":
        return Message("required", f"Thiếu trường {name}.", f"The field {name} is missing.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = ctx.get("ge", ctx.get("gt")), ctx.get("le", ctx.get("lt"))
        bounds = f" ({low}…{high})" if low is not None or high is not None else ""
        return Message(
            "out_of_range",
            f"Giá trị của {name} nằm ngoài khoảng cho phép{bounds}.",
            f"The value of {name} is out of range{bounds}.",
        )
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return Message(
            "too_long",
            f"{name} vượt quá độ dài cho phép ({limit}).",
            f"{name} is longer than allowed ({limit}).",
        )
    if kind in ("string_too_short", "too_short"):
        return Message("too_short", f"{name} quá ngắn.", f"{name} is too short.")
    if kind == "string_pattern_mismatch" or kind == "value_error":
        return Message(
            "bad_format",
            f"{name} không đúng định dạng.",
            f"{name} is not in the expected format.",
        )
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return Message(
            "bad_value",
            f"Giá trị của {name} không hợp lệ (cho phép: {expected}).",
            f"The value of {name} is not allowed (expected {expected}).",
        )
    if kind == "json_invalid":
        return Message("bad_json", "Dữ liệu không phải JSON hợp lệ.", "The body is not valid JSON.")
    if kind.endswith(_TYPE_ERRORS) or kind in ("model_type", "model_attributes_type"):
        return Message(
            "bad_type",
            f"Trường {name} sai kiểu dữ liệu.",
            f"The field {name} has the wrong type.",
        )
    return Message("invalid", f"Trường {name} không hợp lệ.", f"The field {name} is not valid.")


# -- handlers ----------------------------------------------------------------------------------


def allowed_methods(app: FastAPI, scope: Mapping[str, Any]) -> list[str]:
    """Every method some route serves at this path, and OPTIONS (answered here), sorted."""
    methods = {"OPTIONS"}
    for method in _METHODS:
        trial = {**scope, "method": method}
        if any(route.matches(trial)[0] is Match.FULL for route in app.router.routes):
            methods.add(method)
    return sorted(methods)


# Each asked in turn: routes (and FastAPI's included routers) say FULL for a method they serve.
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Problem)
        return problem_response(
            exc.status,
            exc.message,
            instance=request.url.path,
            errors=exc.errors,
            headers=exc.headers,
        )

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names the methods of the first route whose path matched; a path served
            # by two routes (GET and POST /support-requests) has both.
            allowed = allowed_methods(app, request.scope)
            headers["Allow"] = ", ".join(allowed)
            if request.method == "OPTIONS":
                return Response(status_code=204, headers=headers)
        return problem_response(
            exc.status_code,
            _for_status(exc.status_code, exc.detail),
            instance=request.url.path,
            headers=headers,
        )

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return problem_response(
            422,
            INVALID_REQUEST,
            instance=request.url.path,
            errors=field_errors_from_pydantic(exc.errors()),
        )

    async def on_crash(request: Request, exc: Exception) -> Response:
        # Starlette's last resort: log with the request id, then answer in the contract's shape.
        _crash_log.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
        return problem_response(500, INTERNAL_ERROR, instance=request.url.path)

    app.add_exception_handler(Exception, on_crash)
    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
