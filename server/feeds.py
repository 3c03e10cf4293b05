"""The two feeds an enterprise pulls: its declarations and customs' responses to its sheets.

Both page by an opaque cursor that is, inside, the last change number the client has seen; a
declaration gets a new change number whenever the simulator moves it, so it comes round again.
Only the enterprise's own rows are ever selected: the tax code is part of every WHERE.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from app.domain.messages import Message
from app.domain.validation import FieldError
from server.clock import iso
from server.schema import declarations, responses


class BadCursor(ValueError):
    error = FieldError(
        "since",
        Message(
            "bad_cursor",
            "Con trỏ đồng bộ (since) không hợp lệ; hãy đồng bộ lại từ đầu.",
            "The sync cursor (since) is not valid; sync again from the start.",
        ),
    )


def parse_cursor(value: str | None) -> int:
    if not value:
        return 0
    if not value.isdigit() or len(value) > 18:
        raise BadCursor(value)
    return int(value)


def declaration_json(row: Row[*tuple[Any, ...]]) -> dict[str, Any]:
    return {
        "number": row.number,
        "type_code": row.type_code,
        "office_code": row.office_code,
        "office_name": row.office_name,
        "channel": row.channel,
        "registered_at": iso(row.registered_at),
        "status": row.status,
        "tax_code": row.tax_code,
        "targets": row.targets,
        "history": row.history,
    }


_DECLARATION_COLUMNS = (
    declarations.c.number,
    declarations.c.type_code,
    declarations.c.office_code,
    declarations.c.office_name,
    declarations.c.channel,
    declarations.c.registered_at,
    declarations.c.status,
    declarations.c.tax_code,
    declarations.c.targets,
    declarations.c.history,
    declarations.c.change_seq,
)


def declarations_page(conn: Connection, tax_code: str, since: str, limit: int) -> dict[str, Any]:
    after = parse_cursor(since)
    d = declarations.c
    rows = conn.execute(
        sa.select(*_DECLARATION_COLUMNS)
        .where(d.tax_code == tax_code, d.change_seq > after)
        .order_by(d.change_seq)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    return {
        "items": [declaration_json(r) for r in page],
        "next_cursor": str(page[-1].change_seq if page else after),
        "has_more": len(rows) > limit,
    }


def declaration(conn: Connection, tax_code: str, number: str) -> dict[str, Any] | None:
    d = declarations.c
    row = conn.execute(
        sa.select(*_DECLARATION_COLUMNS).where(d.tax_code == tax_code, d.number == number)
    ).first()
    return declaration_json(row) if row else None


def response_json(row: Row[Any]) -> dict[str, Any]:
    return {
        "response_id": row.response_id,
        "sheet_key": row.sheet_key,
        "receipt_id": row.receipt_id,
        "declaration_number": row.declaration_number,
        "result": row.result,
        "content": row.content,
        "responded_at": iso(row.responded_at),
    }


def responses_page(conn: Connection, tax_code: str, since: str, limit: int) -> dict[str, Any]:
    after = parse_cursor(since)
    r = responses.c
    rows = conn.execute(
        sa.select(responses)
        .where(r.tax_code == tax_code, r.id > after)
        .order_by(r.id)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    return {
        "items": [response_json(row) for row in page],
        "next_cursor": str(page[-1].id if page else after),
        "has_more": len(rows) > limit,
    }
