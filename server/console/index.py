"""Keeps ``console_sheets`` / ``console_scores`` / ``console_reasons`` level with ``rating_sheets``.

The intake path stays as it is (the API's batch insert is the server's hot path); the console
copies each accepted sheet into flat rows when one of its pages next asks, a few rows per
request in normal use, in chunks on the first run over an existing database. Done in Python from
the stored JSON, so the same code serves SQLite and PostgreSQL.

Which sheets are new: ``id`` above a mark kept in ``meta``, and on PostgreSQL also any of the
last ``LOOKBACK`` ids without a row yet: there two batches commit in any order, so a sheet with
a lower id can become visible after one with a higher id was copied. SQLite has one writer at a
time, so its ids become visible in order.

A low sheet's due date is fixed when it is copied: N working days (Monday to Friday, Vietnamese
time) after its arrival, N from the console's settings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server.clock import as_utc
from server.console.schema import console_reasons, console_scores, console_sheets, console_units
from server.database import Database
from server.schema import declarations, rating_sheets

VIETNAM = timezone(timedelta(hours=7))
MARK_KEY = "console_index_mark"
LOOKBACK = 5_000
CHUNK = 5_000


def local_date(moment: datetime) -> date:
    return as_utc(moment).astimezone(VIETNAM).date()


def month_of(moment: datetime) -> str:
    return local_date(moment).strftime("%Y-%m")


def add_working_days(day: date, count: int) -> date:
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def due_at(received_at: datetime, working_days: int) -> datetime:
    """The end (23:59:59 Vietnamese time) of the N-th working day after arrival, in UTC."""
    last_day = add_working_days(local_date(received_at), working_days)
    return datetime.combine(last_day, time(23, 59, 59), VIETNAM).astimezone(UTC)


def working_days_between(start: date, end: date) -> int:
    """Working days after *start* up to and including *end* (negative if *end* is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def catch_up(db: Database, working_days: int) -> int:
    """Copy every accepted sheet not yet copied; returns how many."""
    copied = 0
    with db.read() as conn:
        # The common case (nothing new) costs one read, not a write lock per page view.
        if not _pending(conn, db.dialect, int(db.get_meta(conn, MARK_KEY) or 0), limit=1):
            return 0
    while True:
        with db.write() as conn:
            # PostgreSQL: two pages catching up at once would copy the same sheets (harmless,
            # the inserts skip conflicts) and race on the mark; one at a time.
            db.serialise_feed_writes(conn, console_sheets)
            mark = int(db.get_meta(conn, MARK_KEY) or 0)
            rows = _pending(conn, db.dialect, mark)
            if not rows:
                return copied
            sheets, scores, reasons = _flatten(rows, working_days)
            db.insert_many_ignoring_conflicts(conn, console_sheets, sheets)
            db.insert_many_ignoring_conflicts(conn, console_scores, scores)
            db.insert_many_ignoring_conflicts(conn, console_reasons, reasons)
            units = {r.office_code: r.office_name for r in rows if r.office_code}
            db.insert_many_ignoring_conflicts(
                conn,
                console_units,
                [{"office_code": c, "office_name": n} for c, n in sorted(units.items())],
            )
            top = max(row.id for row in rows)
            if top > mark:
                db.set_meta(conn, MARK_KEY, str(top))
            copied += len(rows)
        if len(rows) < CHUNK:
            return copied


def _pending(conn: Connection, dialect: str, mark: int, limit: int = CHUNK) -> list[Any]:
    s, d = rating_sheets.c, declarations.c
    copied = sa.exists().where(console_sheets.c.sheet_id == s.id)
    floor = mark - LOOKBACK if dialect == "postgresql" else mark
    query = (
        sa.select(
            s.id,
            s.receipt_id,
            s.received_at,
            s.stage,
            s.scores,
            s.is_low,
            d.office_code,
            d.office_name,
        )
        .select_from(rating_sheets.outerjoin(declarations, d.number == s.declaration_number))
        .where(s.status == "accepted", s.id > max(floor, 0), ~copied)
        .order_by(s.id)
        .limit(limit)
    )
    return list(conn.execute(query))


def _flatten(
    rows: list[Any], working_days: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    sheets: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    reasons: list[dict[str, Any]] = []
    for row in rows:
        received = as_utc(row.received_at)
        month = month_of(received)
        office = row.office_code or ""
        items = row.scores or []
        sheets.append(
            {
                "sheet_id": row.id,
                "receipt_id": row.receipt_id,
                "received_at": received,
                "month": month,
                "stage": row.stage or "",
                "office_code": office,
                "min_score": min((int(i["score"]) for i in items), default=0),
                "is_low": bool(row.is_low),
                "due_at": due_at(received, working_days) if row.is_low else None,
            }
        )
        for position, item in enumerate(items):
            score = int(item["score"])
            scores.append(
                {
                    "sheet_id": row.id,
                    "position": position,
                    "received_at": received,
                    "month": month,
                    "target_kind": item["target_kind"],
                    "target_code": str(item["target_code"])[:32],
                    "target_name": str(item["target_name"])[:255],
                    "score": score,
                    "office_code": office,
                }
            )
            for reason in dict.fromkeys(item.get("reasons") or ()):
                reasons.append(
                    {
                        "sheet_id": row.id,
                        "position": position,
                        "reason": str(reason)[:32],
                        "received_at": received,
                        "score": score,
                        "office_code": office,
                    }
                )
    return sheets, scores, reasons
