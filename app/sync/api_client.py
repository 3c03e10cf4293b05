"""The HTTP client for the customs intake server (API v1).

Every way the network can fail becomes one ``ApiError`` with a ``kind`` the sync engine can act on
(back off, honour Retry-After, log in again, give up on a batch) and a message the declarant can
read. A reply is trusted only once it has passed ``app.domain.wire.read_reply`` with the model the
server serves it with: a captive portal's "200 OK" HTML page, a truncated JSON body, a result
too many or a status nobody knows is ``INVALID_RESPONSE``, never a delivery.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from app import __version__
from app.domain import wire
from app.domain.messages import Message, login_throttled
from app.domain.states import ErrorKind

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0


_MESSAGES = {
    ErrorKind.UNREACHABLE: Message(
        "unreachable",
        "Không kết nối được tới hệ thống tiếp nhận của Hải quan. Phiếu vẫn được lưu và sẽ tự gửi lại.",
        "Cannot reach the customs intake system. Sheets are kept and will be sent again automatically.",
    ),
    ErrorKind.TIMEOUT: Message(
        "timeout",
        "Hệ thống tiếp nhận không trả lời kịp. Phiếu sẽ được gửi lại (không bị tính hai lần).",
        "The intake system did not answer in time. Sheets will be resent (never counted twice).",
    ),
    ErrorKind.SERVER: Message(
        "server_error",
        "Hệ thống tiếp nhận đang gặp lỗi. Phiếu sẽ được gửi lại sau.",
        "The intake system reported an error. Sheets will be sent again later.",
    ),
    ErrorKind.THROTTLED: Message(
        "throttled",
        "Hệ thống tiếp nhận đang bận hoặc bảo trì. Phiếu sẽ được gửi lại sau.",
        "The intake system is busy or under maintenance. Sheets will be sent again later.",
    ),
    ErrorKind.INVALID_RESPONSE: Message(
        "invalid_response",
        "Nhận được trả lời không hợp lệ (có thể mạng yêu cầu đăng nhập trình duyệt). Phiếu chưa được coi là đã gửi.",
        "Received an invalid reply (the network may require a browser login). Sheets are not counted as sent.",
    ),
    ErrorKind.AUTH: Message(
        "auth_failed",
        "Mã số thuế hoặc mật khẩu không đúng, hoặc phiên đăng nhập đã hết hạn.",
        "Wrong tax code or password, or the session has expired.",
    ),
    ErrorKind.CLIENT: Message(
        "request_refused",
        "Hệ thống tiếp nhận từ chối yêu cầu.",
        "The intake system refused the request.",
    ),
    ErrorKind.INSECURE: Message(
        "insecure_url",
        "Địa chỉ máy chủ phải dùng https:// (chỉ máy cục bộ được dùng http://).",
        "The server address must use https:// (plain http:// only for this computer).",
    ),
}


class ApiError(Exception):
    """A failed call, classified for the sync engine and worded for the declarant."""

    def __init__(
        self,
        kind: ErrorKind,
        detail: str = "",
        *,
        status: int | None = None,
        retry_after: float | None = None,
        message: Message | None = None,
    ):
        self.kind = kind
        self.status = status
        self.retry_after = retry_after
        self.message = message or _MESSAGES[kind]
        super().__init__(f"{kind}: {detail}" if detail else kind)

    @property
    def transient(self) -> bool:
        return self.kind.transient


@dataclass(frozen=True, slots=True)
class Token:
    access_token: str
    expires_at: str
    tax_code: str | None
    enterprise_name: str | None
    role: str

    def __repr__(self) -> str:  # never let a token reach a log through repr()
        return (
            f"Token(role={self.role!r}, tax_code={self.tax_code!r}, expires_at={self.expires_at!r})"
        )


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """https anywhere, plain http only to this computer; returns the URL without a trailing /."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url.strip().rstrip("/")
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return url.strip().rstrip("/")
    raise ApiError(ErrorKind.INSECURE, url)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds, from either form HTTP allows (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _TrustStoreAdapter(HTTPAdapter):
    """Verifies TLS against the operating system's trust store (the Windows certificate store).

    A government CA may be in the Windows store and not in certifi's bundle; truststore makes
    requests see what the declarant's browser sees. Verification is never turned off.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        import truststore

        self._ssl_context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        super().__init__(*args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._ssl_context
        super().init_poolmanager(*args, **kwargs)


def _transport_retry() -> Retry:
    # Only faults where the request provably never reached the server are retried here (a refused
    # or failed connect); anything after that is the outbox's business, with its own backoff.
    return Retry(
        total=2,
        connect=2,
        read=0,
        status=0,
        other=0,
        redirect=0,
        backoff_factor=0.1,
        raise_on_status=False,
    )


class ApiClient:
    """One ``requests.Session`` per client, a (connect, read) timeout on every call."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
        session: requests.Session | None = None,
    ):
        self.base_url = check_server_url(base_url)
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = f"customs-rating/{__version__}"
        self.session.mount("http://", HTTPAdapter(max_retries=_transport_retry()))
        self.session.mount("https://", _TrustStoreAdapter(max_retries=_transport_retry()))
        self.token: Token | None = None

    def close(self) -> None:
        self.session.close()

    # -- plumbing -------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        headers["X-Request-ID"] = uuid.uuid4().hex
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token.access_token}"
        url = f"{self.base_url}{path}"
        try:
            response = self.session.request(
                method, url, headers=headers, timeout=self.timeout, **kwargs
            )
        except requests.exceptions.ConnectTimeout as error:
            raise ApiError(ErrorKind.UNREACHABLE, str(error)) from error
        except requests.exceptions.Timeout as error:
            raise ApiError(ErrorKind.TIMEOUT, str(error)) from error
        except requests.exceptions.SSLError as error:
            # A bad certificate is not something a retry fixes, but neither is it our data's
            # fault: report it as unreachable with the reason in the log.
            raise ApiError(ErrorKind.UNREACHABLE, f"TLS: {error}") from error
        except requests.exceptions.RequestException as error:
            # ConnectionError (refused, reset, dropped mid-reply), ChunkedEncodingError, etc.
            raise ApiError(ErrorKind.UNREACHABLE, str(error)) from error
        log.debug("%s %s -> %s (%s)", method, path, response.status_code, headers["X-Request-ID"])
        self._raise_for_status(response)
        return response

    @staticmethod
    def _raise_for_status(response: requests.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        detail = f"HTTP {status}"
        problem = _problem_message(response)
        if status == 401:
            raise ApiError(ErrorKind.AUTH, detail, status=status)
        if status in (429, 503):
            # A busy server and a login refused for too many wrong passwords both answer 429;
            # only the problem's code tells them apart, and the user's next step differs.
            login_refusal = problem if problem and problem.code.startswith("login_") else None
            raise ApiError(
                ErrorKind.THROTTLED,
                detail,
                status=status,
                retry_after=retry_after,
                message=login_refusal,
            )
        if status >= 500:
            raise ApiError(ErrorKind.SERVER, detail, status=status, retry_after=retry_after)
        raise ApiError(ErrorKind.CLIENT, detail, status=status, message=problem)

    @staticmethod
    def _reply(
        response: requests.Response,
        model: type[wire.Reply],
        context: wire.ReplyContext | None = None,
    ) -> wire.Reply:
        """The reply as *model*, or INVALID_RESPONSE: the one rule for every call."""
        content_type = response.headers.get("Content-Type", "")
        if "json" not in content_type:
            raise ApiError(ErrorKind.INVALID_RESPONSE, f"content type {content_type!r}")
        try:
            return wire.read_reply(model, response.content, context)
        except ValidationError as error:
            raise ApiError(
                ErrorKind.INVALID_RESPONSE, f"not a {model.__name__}: {_first_problem(error)}"
            ) from error

    # -- calls ----------------------------------------------------------------------------

    def health(self) -> wire.HealthOut:
        return self._reply(self._request("GET", "/api/v1/health"), wire.HealthOut)

    def login(self, tax_code: str, password: str) -> Token:
        self.token = None
        try:
            response = self._request(
                "POST", "/api/v1/auth/token", json={"tax_code": tax_code, "password": password}
            )
        except ApiError as error:
            if error.status == 429 and error.message.code == "login_throttled":
                # Too many wrong passwords: say how long to wait, from the Retry-After header.
                raise ApiError(
                    ErrorKind.THROTTLED,
                    "login throttled",
                    status=429,
                    retry_after=error.retry_after,
                    message=login_throttled(error.retry_after),
                ) from error
            raise
        body = self._reply(response, wire.TokenOut)
        self.token = Token(
            access_token=body.access_token,
            expires_at=body.expires_at,
            tax_code=body.tax_code,
            enterprise_name=body.enterprise_name,
            role=body.role,
        )
        return self.token

    def logout(self) -> None:
        self.token = None

    def declarations(self, since: str = "", limit: int = 500) -> wire.DeclarationPage:
        """A page of the logged-in enterprise's declarations: one of another is a broken reply."""
        context: wire.ReplyContext = {}
        if self.token is not None and self.token.tax_code is not None:
            context["tax_code"] = self.token.tax_code
        response = self._request(
            "GET", "/api/v1/declarations", params={"since": since, "limit": limit}
        )
        return self._reply(response, wire.DeclarationPage, context)

    def responses(self, since: str = "", limit: int = 500) -> wire.ResponsePage:
        response = self._request(
            "GET", "/api/v1/responses", params={"since": since, "limit": limit}
        )
        return self._reply(response, wire.ResponsePage)

    def send_sheets(self, keys: list[str], body: bytes) -> list[wire.SheetResultOut]:
        """POST one batch (a pre-serialised ``{"items": [...]}``) and return its results.

        The reply must hold exactly one result per sent key, in order, each with a known status
        and a receipt where it says the sheet is kept (``wire.SheetBatchOut``); anything else
        means we cannot tell what the server kept, so the batch counts as not sent (the
        idempotency keys make the resend safe).
        """
        response = self._request(
            "POST",
            "/api/v1/rating-sheets/batch",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        return self._reply(response, wire.SheetBatchOut, {"sent_keys": keys}).results

    def submit_support_request(
        self, payload: dict[str, Any], screenshot: tuple[bytes, str] | None
    ) -> wire.SupportReceiptOut:
        """POST one support request as multipart; the payload carries its idempotency key."""
        files = None
        if screenshot is not None:
            data, content_type = screenshot
            extension = "png" if content_type == "image/png" else "jpg"
            files = {"screenshot": (f"screenshot.{extension}", data, content_type)}
        response = self._request(
            "POST", "/api/v1/support-requests", data=_support_fields(payload), files=files
        )
        return self._reply(response, wire.SupportReceiptOut)

    def search_support_requests(
        self, *, operation_code: str = "", tax_code: str = "", text: str = ""
    ) -> list[wire.SupportAnswerOut]:
        """Answered support requests, for the search view and the suggestions before asking."""
        params = {"operation_code": operation_code, "tax_code": tax_code, "q": text}
        response = self._request(
            "GET", "/api/v1/support-requests", params={k: v for k, v in params.items() if v}
        )
        return self._reply(response, wire.SupportAnswerList).items

    def send_feedback(self, response_id: str, verdict: str, content: str) -> None:
        response = self._request(
            "POST",
            f"/api/v1/responses/{response_id}/feedback",
            json={"verdict": verdict, "content": content},
        )
        self._reply(response, wire.FeedbackOut)


def _support_fields(payload: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in payload.items() if value is not None}


def _problem_message(response: requests.Response) -> Message | None:
    """The first bilingual error of an RFC 9457 problem body, if the server sent one.

    Only a refusal's wording depends on it: the status code has classified the failure already,
    so a body that is no problem document (a proxy's page) just leaves the generic message.
    """
    try:
        problem = wire.read_reply(wire.ProblemOut, response.content)
    except ValidationError:
        return None
    return problem.errors[0].to_message() if problem.errors else None


def _first_problem(error: ValidationError) -> str:
    """Where a reply broke the contract, short enough for a log line."""
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    return f"{where}: {first['msg']} ({error.error_count()} error(s))"
