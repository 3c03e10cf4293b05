"""The support desk of seed 004: questions about VNACCS operations, answered and searchable.

A declarant sends the operation code (IDA, IDC, EDA…), the office where the problem arose, the
text and an optional screenshot; customs answers; everybody can then search the answered ones by
operation code, tax code or words, as the customs portal's "Tìm kiếm" does. Searches ignore
Vietnamese diacritics and case, in Python, so SQLite and PostgreSQL find the same rows.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from app.domain.messages import Message
from app.domain.model import SupportRequest
from app.domain.support_rules import sniff_image, validate_support_request
from app.domain.validation import (
    CONTENT_MAX,
    FieldError,
    ValidationFailed,
    check_text,
    normalize_text,
)
from app.domain.wire import UUID_PATTERN
from server import untrusted
from server.clock import iso, utc_now
from server.database import Database
from server.limits import SCREENSHOT_MAX_BYTES
from server.problems import Problem
from server.schema import support_requests

_UUID_RE = re.compile(UUID_PATTERN)

REQUEST_NOT_FOUND = Message(
    "unknown_support_request",
    "Không tìm thấy yêu cầu hỗ trợ này.",
    "This support request does not exist.",
)
ALREADY_ANSWERED = Message(
    "already_answered", "Yêu cầu này đã được trả lời.", "This request has already been answered."
)
KEY_CONFLICT = Message(
    "idempotency_conflict",
    "Mã gửi này đã được dùng cho một yêu cầu hỗ trợ khác.",
    "This idempotency key was already used for a different support request.",
)


def fold(text: str) -> str:
    """Lower case without diacritics: 'Thông quan' → 'thong quan', 'Đội' → 'doi'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


@dataclass(frozen=True, slots=True)
class SupportForm:
    idempotency_key: str
    enterprise_name: str
    office_code: str
    operation_code: str
    content: str
    contact_name: str
    contact_phone: str
    screenshot: bytes | None
    screenshot_type: str | None


def check_form(
    *,
    tax_code: str,
    idempotency_key: str,
    enterprise_name: str,
    office_code: str,
    operation_code: str,
    content: str,
    contact_name: str,
    contact_phone: str,
    screenshot: bytes | None,
) -> SupportForm:
    """Every rule at once, the very ones the client checks (app.domain.support_rules), plus the key.

    First, no field may hold an unsafe character (``server.untrusted``): a form is not JSON, so
    the input guard does not see it, and a NUL would fail the insert on PostgreSQL. Nor U+FFFD:
    Starlette decodes form fields with "replace", so invalid UTF-8 arrives as that character,
    and a value we could not read is refused rather than stored mangled.
    """
    texts = {
        "idempotency_key": idempotency_key,
        "enterprise_name": enterprise_name,
        "office_code": office_code,
        "operation_code": operation_code,
        "content": content,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
    }
    unsafe = [
        untrusted.bad_characters_error(f) for f, v in texts.items() if untrusted.has_unsafe(v)
    ]
    if unsafe:
        raise ValidationFailed(unsafe)
    errors: list[FieldError] = []
    key = normalize_text(idempotency_key)
    if not _UUID_RE.fullmatch(key):
        errors.append(
            FieldError(
                "idempotency_key",
                Message(
                    "bad_format",
                    "Mã gửi (idempotency_key) phải là một UUID.",
                    "idempotency_key must be a UUID.",
                ),
            )
        )
    request = SupportRequest(
        tax_code=tax_code,
        enterprise_name=enterprise_name,
        office_code=office_code,
        operation_code=operation_code,
        content=content,
        contact_name=contact_name,
        contact_phone=contact_phone,
        screenshot=screenshot or None,
        idempotency_key=key,
    )
    try:
        request = validate_support_request(request)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    if errors:
        raise ValidationFailed(errors)
    return SupportForm(
        key.lower(),
        request.enterprise_name,
        request.office_code,
        request.operation_code,
        request.content,
        request.contact_name,
        request.contact_phone,
        request.screenshot,
        sniff_image(request.screenshot) if request.screenshot else None,
    )


def screenshot_too_large(size: int | None) -> FieldError:
    """*size* None: the whole request was refused unread, so the file's size is unknown."""
    vi_size = f" (tệp gửi lên: {size / 1048576:.1f} MB)" if size is not None else ""
    en_size = f" (this one is {size / 1048576:.1f} MB)" if size is not None else ""
    return FieldError(
        "screenshot",
        Message(
            "screenshot_too_large",
            f"Ảnh chụp màn hình dung lượng tối đa 1 MB{vi_size}.",
            f"The screenshot may be at most 1 MB{en_size}.",
        ),
    )


def check_screenshot_size(data: bytes | None) -> None:
    if data is not None and len(data) > SCREENSHOT_MAX_BYTES:
        raise Problem(
            413,
            screenshot_too_large(len(data)).message,
            errors=[screenshot_too_large(len(data))],
        )


def new_request_id() -> str:
    return "HT-" + base64.b32encode(secrets.token_bytes(10)).decode()


def _body_hash(form: SupportForm) -> str:
    fields = {
        "enterprise_name": form.enterprise_name,
        "office_code": form.office_code,
        "operation_code": form.operation_code,
        "content": form.content,
        "contact_name": form.contact_name,
        "contact_phone": form.contact_phone,
        "screenshot": hashlib.sha256(form.screenshot).hexdigest() if form.screenshot else None,
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def submit(db: Database, tax_code: str, form: SupportForm) -> dict[str, Any]:
    """Store a request once per key; the same key again returns the first receipt."""
    digest = _body_hash(form)
    s = support_requests.c
    request_id = new_request_id()
    with db.write() as conn:
        conn.execute(
            db.insert_ignoring_conflicts(support_requests).values(
                request_id=request_id,
                tax_code=tax_code,
                idempotency_key=form.idempotency_key,
                body_hash=digest,
                enterprise_name=form.enterprise_name,
                office_code=form.office_code,
                operation_code=form.operation_code,
                content=form.content,
                contact_name=form.contact_name,
                contact_phone=form.contact_phone,
                screenshot=form.screenshot,
                screenshot_type=form.screenshot_type,
                received_at=utc_now(),
                search_text=fold(form.content),
            )
        )
        row = conn.execute(
            sa.select(s.request_id, s.body_hash, s.received_at).where(
                s.tax_code == tax_code, s.idempotency_key == form.idempotency_key
            )
        ).one()
    if row.body_hash != digest:
        raise Problem(409, KEY_CONFLICT)
    return {
        "status": "accepted" if row.request_id == request_id else "duplicate",
        "request_id": row.request_id,
        "received_at": iso(row.received_at),
    }


def search_answered(
    conn: Connection,
    *,
    operation_code: str | None,
    tax_code: str | None,
    q: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    s = support_requests.c
    query = sa.select(
        s.request_id,
        s.operation_code,
        s.office_code,
        s.tax_code,
        s.content,
        s.answer,
        s.answered_at,
    ).where(s.answer.is_not(None))
    if operation_code:
        query = query.where(s.operation_code == operation_code.strip().upper())
    if tax_code:
        query = query.where(s.tax_code == tax_code.strip())
    for word in fold(q or "").split():
        query = query.where(s.search_text.contains(word, autoescape=True))
    rows = conn.execute(query.order_by(s.answered_at.desc(), s.id.desc()).limit(limit))
    return [
        {
            "request_id": r.request_id,
            "operation_code": r.operation_code,
            "office_code": r.office_code,
            "tax_code": r.tax_code,
            "content": r.content,
            "answer": r.answer,
            "answered_at": iso(r.answered_at),
        }
        for r in rows
    ]


def _official_json(row: Row[Any]) -> dict[str, Any]:
    return {
        "request_id": row.request_id,
        "tax_code": row.tax_code,
        "enterprise_name": row.enterprise_name,
        "office_code": row.office_code,
        "operation_code": row.operation_code,
        "content": row.content,
        "contact_name": row.contact_name,
        "contact_phone": row.contact_phone,
        "has_screenshot": bool(row.has_screenshot),
        "received_at": iso(row.received_at),
        "answer": row.answer,
        "answered_at": iso(row.answered_at) if row.answered_at else None,
    }


_OFFICIAL_COLUMNS = (
    support_requests.c.request_id,
    support_requests.c.tax_code,
    support_requests.c.enterprise_name,
    support_requests.c.office_code,
    support_requests.c.operation_code,
    support_requests.c.content,
    support_requests.c.contact_name,
    support_requests.c.contact_phone,
    support_requests.c.screenshot.is_not(None).label("has_screenshot"),
    support_requests.c.received_at,
    support_requests.c.answer,
    support_requests.c.answered_at,
)


def list_for_officials(conn: Connection, state: str, limit: int) -> list[dict[str, Any]]:
    s = support_requests.c
    query = sa.select(*_OFFICIAL_COLUMNS)
    query = query.where(s.answer.is_(None) if state == "open" else s.answer.is_not(None))
    rows = conn.execute(query.order_by(s.received_at, s.id).limit(limit))
    return [_official_json(r) for r in rows]


def answer(db: Database, request_id: str, text: str, official: str) -> dict[str, Any]:
    body, error = check_text(
        "answer",
        text,
        label=("Nội dung trả lời", "Answer"),
        required=True,
        max_length=CONTENT_MAX,
        multiline=True,
    )
    if error:
        raise ValidationFailed([error])
    s = support_requests.c
    with db.write() as conn:
        row = conn.execute(
            sa.select(s.id, s.content, s.answer).where(s.request_id == request_id)
        ).first()
        if row is None:
            raise Problem(404, REQUEST_NOT_FOUND)
        if row.answer is not None:
            raise Problem(409, ALREADY_ANSWERED)
        conn.execute(
            sa.update(support_requests)
            .where(s.id == row.id)
            .values(
                answer=body,
                answered_at=utc_now(),
                answered_by=official,
                search_text=fold(f"{row.content}\n{body}"),
            )
        )
        return _official_json(
            conn.execute(sa.select(*_OFFICIAL_COLUMNS).where(s.id == row.id)).one()
        )
