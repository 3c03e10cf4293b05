"""Keeps the console's derived tables level with ``rating_sheets`` and ``responses``.

The intake path stays as it is (the API's batch insert is the server's hot path); the console
catches up when one of its pages next asks: a few rows per view in normal use, in chunks on the
first run over an existing database. Done in Python from the stored JSON, so the same code
serves SQLite and PostgreSQL.

- New sheets: ``id`` above a mark kept in ``meta``, and on PostgreSQL also any of the last
  ``LOOKBACK`` ids without a ``console_sheets`` row yet: there two batches commit in any order,
  so a sheet with a lower id can become visible after one with a higher id was copied. SQLite has
  one writer at a time, so its ids become visible in order. Each sheet is counted into
  ``console_rollup`` in the transaction that writes its ``console_sheets`` row, so no sheet is
  counted twice or never.
- New answers: ``responses.id`` above a second mark; that table's writers commit in id order on
  both databases (``Database.serialise_feed_writes``), so the mark alone is exact.

A low sheet's due date is fixed when it is copied: N working days (Monday to Friday, Vietnamese
time) after its arrival, N from the console's settings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server.clock import as_utc
from server.console.schema import (
    console_rollup,
    console_scores,
    console_sheets,
    console_targets,
    console_units,
)
from server.database import Database
from server.schema import declarations, meta, rating_sheets, responses

VIETNAM = timezone(timedelta(hours=7))
MARK_KEY = "console_index_mark"
ANSWERS_KEY = "console_answers_mark"
LOOKBACK = 5_000
CHUNK = 5_000

#: (kind, grain, period, office_code, code, score) → [n, answered, on_time]
Key = tuple[str, str, str, str, str, int]
Tally = dict[Key, list[int]]


#: Bumped whenever the derived tables change shape: ``prepare`` then rebuilds them.
DERIVED_VERSION = "4"
DERIVED_VERSION_KEY = "console_derived_version"
DERIVED_TABLES = (console_sheets, console_scores, console_rollup, console_targets, console_units)
#: Derived tables of earlier versions, dropped by ``prepare``.
RETIRED_TABLES = ("console_reasons",)


def prepare(db: Database) -> None:
    """Rebuild the derived tables if they were made by another version of the console.

    They hold nothing that ``rating_sheets`` and ``responses`` do not: dropped, they refill at
    the next page view. The console's own records (sessions, cases) are never touched here.
    """
    with db.read() as conn:
        if db.get_meta(conn, DERIVED_VERSION_KEY) == DERIVED_VERSION:
            return
    with db.write() as conn:
        for name in RETIRED_TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        for table in reversed(DERIVED_TABLES):
            table.drop(conn, checkfirst=True)
        for table in DERIVED_TABLES:
            table.create(conn)
        conn.execute(sa.delete(meta).where(meta.c.key.in_((MARK_KEY, ANSWERS_KEY))))
        db.set_meta(conn, DERIVED_VERSION_KEY, DERIVED_VERSION)


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
    """Copy and count every sheet and answer not yet seen; returns how many sheets."""
    with db.read() as conn:
        # The common case (nothing new) costs one read, not a write lock per page view.
        sheet_mark, answer_mark = _marks(db, conn)
        if not _pending(conn, db.dialect, sheet_mark, limit=1) and not _new_answers(
            conn, answer_mark, limit=1
        ):
            return 0
    copied = 0
    while True:
        with db.write() as conn:
            # PostgreSQL: one catch-up at a time, so each sheet and answer is counted once.
            db.serialise_feed_writes(conn, console_sheets)
            sheet_mark, answer_mark = _marks(db, conn)
            rows = _pending(conn, db.dialect, sheet_mark)
            if rows:
                _copy_sheets(db, conn, rows, working_days)
                top = max(row.id for row in rows)
                if top > sheet_mark:
                    db.set_meta(conn, MARK_KEY, str(top))
                copied += len(rows)
            answers = _new_answers(conn, answer_mark)
            if answers:
                _add(conn, _answer_tally(conn, answers))
                db.set_meta(conn, ANSWERS_KEY, str(max(a.id for a in answers)))
        if len(rows) < CHUNK and len(answers) < CHUNK:
            return copied


def _marks(db: Database, conn: Connection) -> tuple[int, int]:
    return int(db.get_meta(conn, MARK_KEY) or 0), int(db.get_meta(conn, ANSWERS_KEY) or 0)


def _pending(conn: Connection, dialect: str, mark: int, limit: int = CHUNK) -> list[Any]:
    s, d = rating_sheets.c, declarations.c
    copied = sa.exists().where(console_sheets.c.sheet_id == s.id)
    floor = mark - LOOKBACK if dialect == "postgresql" else mark
    query = (
        sa.select(
            s.id,
            s.receipt_id,
            s.received_at,
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


def _new_answers(conn: Connection, mark: int, limit: int = CHUNK) -> list[Any]:
    r = responses.c
    return list(
        conn.execute(
            sa.select(r.id, r.receipt_id, r.responded_at)
            .where(r.id > mark)
            .order_by(r.id)
            .limit(limit)
        )
    )


def _grains(moment: datetime) -> tuple[tuple[str, str, str], ...]:
    day = local_date(moment).isoformat()
    return (("d", day, day[:7]), ("m", day[:7], day[:7]))


def _count(tally: Tally, kind: str, moment: datetime, office: str, code: str, score: int,
           n: int = 0, answered: int = 0, on_time: int = 0) -> None:  # fmt: skip
    for grain, period, _month in _grains(moment):
        cell = tally.setdefault((kind, grain, period, office, code, score), [0, 0, 0])
        cell[0] += n
        cell[1] += answered
        cell[2] += on_time


def _copy_sheets(db: Database, conn: Connection, rows: list[Any], working_days: int) -> None:
    sheets: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    targets: dict[tuple[str, str], str] = {}
    low_targets: set[tuple[str, str]] = set()
    units: dict[str, str] = {}
    tally: Tally = {}
    for row in rows:
        received = as_utc(row.received_at)
        office = row.office_code or ""
        if office:
            units[office] = row.office_name
        items = row.scores or []
        low = bool(row.is_low)
        lowest = min((int(i["score"]) for i in items), default=0)
        sheets.append(
            {
                "sheet_id": row.id,
                "receipt_id": row.receipt_id,
                "received_at": received,
                "office_code": office,
                "min_score": lowest,
                "is_low": low,
                "due_at": due_at(received, working_days) if low else None,
            }
        )
        _count(tally, "sheet", received, office, "", lowest, n=1)
        for position, item in enumerate(items):
            score, kind = int(item["score"]), str(item["target_kind"])
            code, name = str(item["target_code"])[:32], str(item["target_name"])[:255]
            targets[(kind, code)] = name
            _count(tally, kind, received, office, code, score, n=1)
            _count(tally, "level", received, office, "", score, n=1)
            for reason in dict.fromkeys(item.get("reasons") or ()):
                _count(tally, "reason", received, office, str(reason)[:32], score, n=1)
            if score <= 2:
                low_targets.add((kind, code))
            if low:
                scores.append(
                    {
                        "sheet_id": row.id,
                        "position": position,
                        "target_kind": kind,
                        "target_code": code,
                        "target_name": name,
                        "score": score,
                    }
                )
    db.insert_many_ignoring_conflicts(conn, console_sheets, sheets)
    db.insert_many_ignoring_conflicts(conn, console_scores, scores)
    if targets:
        conn.execute(
            db.insert_ignoring_conflicts(console_targets),
            [
                {"kind": k, "code": c, "name": n, "has_low": (k, c) in low_targets}
                for (k, c), n in sorted(targets.items())
            ],
        )
    if low_targets:
        t = console_targets.c
        conn.execute(
            sa.update(console_targets)
            .where(t.kind == sa.bindparam("k"), t.code == sa.bindparam("c"), ~t.has_low)
            .values(has_low=True),
            [{"k": k, "c": c} for k, c in sorted(low_targets)],
        )
    if units:
        conn.execute(
            db.insert_ignoring_conflicts(console_units),
            [{"office_code": c, "office_name": n} for c, n in sorted(units.items())],
        )
    _add(conn, tally)


def _answer_tally(conn: Connection, answers: list[Any]) -> Tally:
    """Each answer counted on its sheet's row and on each of the sheet's 1–2 star scores."""
    sh, sc = console_sheets.c, console_scores.c
    by_receipt = {a.receipt_id: a for a in answers}
    sheets = {
        row.receipt_id: row
        for row in conn.execute(
            sa.select(sh.sheet_id, sh.receipt_id, sh.received_at, sh.office_code, sh.min_score,
                      sh.due_at).where(sh.receipt_id.in_(list(by_receipt)))
        )
    }  # fmt: skip
    low_scores: dict[int, list[Any]] = defaultdict(list)
    ids = [row.sheet_id for row in sheets.values()]
    for row in conn.execute(
        sa.select(sc.sheet_id, sc.target_kind, sc.target_code, sc.score).where(
            sc.sheet_id.in_(ids), sc.score <= 2
        )
    ):
        low_scores[row.sheet_id].append(row)
    tally: Tally = {}
    for receipt, answer in by_receipt.items():
        sheet = sheets.get(receipt)
        if sheet is None or sheet.due_at is None:
            continue  # not a low sheet the console knows: nothing to count
        received, office = as_utc(sheet.received_at), sheet.office_code
        in_time = int(as_utc(answer.responded_at) <= as_utc(sheet.due_at))
        _count(tally, "sheet", received, office, "", sheet.min_score, answered=1, on_time=in_time)
        for score in low_scores[sheet.sheet_id]:
            _count(tally, score.target_kind, received, office, score.target_code, score.score,
                   answered=1, on_time=in_time)  # fmt: skip
    return tally


_KEY_COLUMNS = ("kind", "grain", "period", "office_code", "code", "score")


def _add(conn: Connection, tally: Tally) -> None:
    """Add *tally* to ``console_rollup``: UPDATE the rows that exist, INSERT the others."""
    if not tally:
        return
    c = console_rollup.c
    periods = sorted({key[2] for key in tally})
    existing: set[Key] = set()
    for start in range(0, len(periods), 500):
        existing.update(
            (r.kind, r.grain, r.period, r.office_code, r.code, int(r.score))
            for r in conn.execute(
                sa.select(*(c[name] for name in _KEY_COLUMNS)).where(
                    c.period.in_(periods[start : start + 500]),
                    c.kind.in_(sorted({key[0] for key in tally})),
                )
            )
        )
    updates = [_params(key, cell, "k_") for key, cell in tally.items() if key in existing]
    inserts = [_row(key, cell) for key, cell in tally.items() if key not in existing]
    if updates:
        conn.execute(
            sa.update(console_rollup)
            .where(*(c[name] == sa.bindparam(f"k_{name}") for name in _KEY_COLUMNS))
            .values(
                n=c.n + sa.bindparam("d_n"),
                answered=c.answered + sa.bindparam("d_answered"),
                on_time=c.on_time + sa.bindparam("d_on_time"),
            ),
            updates,
        )
    if inserts:
        conn.execute(sa.insert(console_rollup), inserts)


def _params(key: Key, cell: Iterable[int], prefix: str) -> dict[str, Any]:
    n, answered, on_time = cell
    pairs = zip(_KEY_COLUMNS, key, strict=True)
    values: dict[str, Any] = {f"{prefix}{name}": value for name, value in pairs}
    return values | {"d_n": n, "d_answered": answered, "d_on_time": on_time}


def _row(key: Key, cell: list[int]) -> dict[str, Any]:
    row: dict[str, Any] = dict(zip(_KEY_COLUMNS, key, strict=True))
    return row | {"month": key[2][:7], "n": cell[0], "answered": cell[1], "on_time": cell[2]}
