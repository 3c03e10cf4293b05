"""The customs side of a low rating: verify it, record the handling result, hear back.

Every 1–2 star sheet waits here ("awaiting") until an official records a result; the result
becomes a response in the enterprise's feed, and the enterprise may say whether it resolves the
problem. Used by the officials' endpoints and by ``customs-rating-intake review``.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from app.domain.messages import Message
from app.domain.validation import CONTENT_MAX, FieldError, ValidationFailed, check_text
from server.clock import iso, utc_now
from server.database import Database
from server.feeds import response_json
from server.problems import Problem
from server.schema import enterprises, rating_sheets, response_feedback, responses

RESULT_LABELS: dict[str, tuple[str, str]] = {
    "upheld": ("Phản ánh đúng, đã xử lý", "Upheld: the complaint was justified and acted on"),
    "not_upheld": ("Phản ánh không đúng", "Not upheld after verification"),
    "explained": ("Đã giải thích, hướng dẫn doanh nghiệp", "Explained to the enterprise"),
}

SHEET_NOT_FOUND = Message(
    "unknown_sheet",
    "Không có phiếu đánh giá thấp nào với số biên nhận này.",
    "No low rating sheet has this receipt id.",
)
ALREADY_ANSWERED = Message(
    "already_answered",
    "Phiếu này đã có kết quả xử lý.",
    "This sheet already has a handling result.",
)
RESPONSE_NOT_FOUND = Message(
    "unknown_response", "Không tìm thấy phản hồi này.", "This response does not exist."
)


def new_response_id() -> str:
    return "PH-" + base64.b32encode(secrets.token_bytes(10)).decode()


def low_sheets(conn: Connection, state: str, limit: int) -> list[dict[str, Any]]:
    s, r, f = rating_sheets.c, responses.c, response_feedback.c
    query = (
        sa.select(
            s.receipt_id,
            s.idempotency_key,
            s.declaration_number,
            s.tax_code,
            enterprises.c.name.label("enterprise_name"),
            s.stage,
            s.received_at,
            s.scores,
            s.content,
            s.contact_name,
            s.contact_phone,
            s.review_state,
            r.response_id,
            r.result,
            r.content.label("response_content"),
            r.responded_at,
            f.verdict,
            f.content.label("feedback_content"),
            f.recorded_at,
        )
        .select_from(
            rating_sheets.join(enterprises, enterprises.c.tax_code == s.tax_code)
            .outerjoin(responses, r.receipt_id == s.receipt_id)
            .outerjoin(response_feedback, f.response_id == r.response_id)
        )
        .where(s.review_state == state)
        .order_by(s.received_at, s.id)
        .limit(limit)
    )
    return [_low_sheet_json(row) for row in conn.execute(query)]


def _low_sheet_json(row: Row[*tuple[Any, ...]]) -> dict[str, Any]:
    response = None
    if row.response_id:
        response = {
            "response_id": row.response_id,
            "sheet_key": row.idempotency_key,
            "receipt_id": row.receipt_id,
            "declaration_number": row.declaration_number,
            "result": row.result,
            "content": row.response_content,
            "responded_at": iso(row.responded_at),
        }
    feedback = None
    if row.verdict:
        feedback = {
            "verdict": row.verdict,
            "content": row.feedback_content,
            "recorded_at": iso(row.recorded_at),
        }
    return {
        "receipt_id": row.receipt_id,
        "sheet_key": row.idempotency_key,
        "declaration_number": row.declaration_number,
        "tax_code": row.tax_code,
        "enterprise_name": row.enterprise_name,
        "stage": row.stage,
        "received_at": iso(row.received_at),
        "scores": row.scores,
        "content": row.content,
        "contact_name": row.contact_name,
        "contact_phone": row.contact_phone,
        "state": row.review_state,
        "response": response,
        "feedback": feedback,
    }


def respond(
    db: Database, receipt_id: str, result: str, content: str, official: str
) -> dict[str, Any]:
    """Record customs' handling result for one low sheet; it joins the enterprise's feed."""
    if result not in RESULT_LABELS:
        raise ValueError(f"unknown result {result!r}")
    text, error = check_text(
        "content",
        content,
        label=("Nội dung trả lời", "Response text"),
        required=True,
        max_length=CONTENT_MAX,
        multiline=True,
    )
    if error:
        raise ValidationFailed([error])
    s = rating_sheets.c
    with db.write() as conn:
        db.serialise_feed_writes(conn, responses)
        sheet = conn.execute(
            sa.select(
                s.id, s.tax_code, s.idempotency_key, s.declaration_number, s.review_state
            ).where(s.receipt_id == receipt_id, s.is_low.is_(True))
        ).first()
        if sheet is None:
            raise Problem(404, SHEET_NOT_FOUND)
        if sheet.review_state != "awaiting":
            raise Problem(409, ALREADY_ANSWERED)
        values = {
            "response_id": new_response_id(),
            "receipt_id": receipt_id,
            "tax_code": sheet.tax_code,
            "sheet_key": sheet.idempotency_key,
            "declaration_number": sheet.declaration_number,
            "result": result,
            "content": text,
            "responded_at": utc_now(),
            "responded_by": official,
        }
        conn.execute(sa.insert(responses).values(**values))
        conn.execute(
            sa.update(rating_sheets).where(s.id == sheet.id).values(review_state="answered")
        )
        row = conn.execute(
            sa.select(responses).where(responses.c.response_id == values["response_id"])
        ).one()
        return response_json(row)


FEEDBACK_CONTENT_REQUIRED = Message(
    "required",
    "Vui lòng cho biết vì sao kết quả xử lý chưa giải quyết được vướng mắc.",
    "Please say why the handling result does not resolve the problem.",
)


def record_feedback(
    db: Database, tax_code: str, response_id: str, verdict: str, content: str
) -> None:
    """The enterprise's word on a response; sending it again replaces it (idempotent)."""
    text, error = check_text(
        "content",
        content,
        label=("Nội dung", "Content"),
        required=False,
        max_length=CONTENT_MAX,
        multiline=True,
    )
    if error:
        raise ValidationFailed([error])
    if verdict == "not_resolved" and not text:
        raise ValidationFailed([FieldError("content", FEEDBACK_CONTENT_REQUIRED)])
    r, f = responses.c, response_feedback.c
    with db.write() as conn:
        owner = conn.execute(
            sa.select(r.tax_code).where(r.response_id == response_id)
        ).scalar_one_or_none()
        if owner != tax_code:
            raise Problem(404, RESPONSE_NOT_FOUND)
        values = {"verdict": verdict, "content": text, "recorded_at": utc_now()}
        updated = conn.execute(
            sa.update(response_feedback).where(f.response_id == response_id).values(**values)
        )
        if updated.rowcount == 0:
            conn.execute(
                db.insert_ignoring_conflicts(response_feedback).values(
                    response_id=response_id, tax_code=tax_code, **values
                )
            )
