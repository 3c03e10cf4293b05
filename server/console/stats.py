"""Satisfaction statistics for a period and a unit, counted in SQL (SQLite and PostgreSQL alike).

Definitions (also in the README):

- *sheets received*: accepted sheets whose arrival falls in the period (Vietnamese dates);
- *scores*: the stars a sheet gives each of its targets; one sheet usually scores several;
- *share of each level*: scores at that level / all scores;
- *satisfaction index*: scores of 4–5 stars (Hài lòng, Rất hài lòng) / all scores, in %;
- *low ratings*: sheets with a 1–2 star score; *answered on time*: those with customs' response
  recorded by their due date.

Every query is a GROUP BY over the console's flat tables with plain CASE sums, so both dialects
run the same SQL, and each reads one covering index of its table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.model import TargetKind
from server.console.index import VIETNAM, local_date
from server.console.schema import console_reasons, console_scores, console_sheets, console_units
from server.schema import responses

KINDS: tuple[str, ...] = (
    TargetKind.SUB_DEPARTMENT.value,
    TargetKind.TEAM.value,
    TargetKind.OFFICER.value,
    TargetKind.STAGE.value,
)
MAX_DAYS = 3 * 366


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive
    unit: str = ""

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(0), VIETNAM).astimezone(UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time(0), VIETNAM).astimezone(UTC)

    def query(self) -> dict[str, str]:
        values = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        return values | ({"unit": self.unit} if self.unit else {})


def default_period(today: date) -> Period:
    """The last twelve months up to today: the trend has something to show."""
    first = date(today.year - (1 if today.month < 12 else 0), today.month % 12 + 1, 1)
    return Period(first, today)


def parse_period(query: dict[str, str], today: date) -> tuple[Period, bool]:
    """The period the form asks for, or the default one and False when the dates are bad."""
    default = default_period(today)
    unit = query.get("unit", "").strip().upper()[:4]
    try:
        start = date.fromisoformat(query["from"]) if query.get("from") else default.start
        end = date.fromisoformat(query["to"]) if query.get("to") else default.end
    except ValueError:
        return Period(default.start, default.end, unit), False
    if end < start or (end - start).days > MAX_DAYS:
        return Period(default.start, default.end, unit), False
    return Period(start, end, unit), True


@dataclass(slots=True)
class Counts:
    """One row of figures: the totals, a target's row, or a month's."""

    code: str = ""
    name: str = ""
    sheets: int = 0
    scores: int = 0
    levels: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))
    score_sum: int = 0
    low: int = 0
    answered: int = 0
    on_time: int = 0

    @property
    def satisfied(self) -> int:
        return self.levels[4] + self.levels[5]

    @property
    def index(self) -> float | None:
        return 100 * self.satisfied / self.scores if self.scores else None

    @property
    def average(self) -> float | None:
        return self.score_sum / self.scores if self.scores else None

    def share(self, level: int) -> float:
        return 100 * self.levels[level] / self.scores if self.scores else 0.0


@dataclass(slots=True)
class Report:
    period: Period
    totals: Counts
    by_kind: dict[str, list[Counts]]
    months: list[Counts]
    reasons: list[tuple[str, int]]
    units: list[tuple[str, str]]


def _level_sums(score: sa.ColumnElement[Any]) -> list[sa.ColumnElement[Any]]:
    return [sa.func.sum(sa.case((score == level, 1), else_=0)) for level in range(1, 6)]


def _in_period(table: sa.Table, period: Period) -> list[sa.ColumnElement[bool]]:
    c = table.c
    conditions = [c.received_at >= period.since, c.received_at < period.until]
    if period.unit:
        conditions.append(c.office_code == period.unit)
    return conditions


def totals(conn: Connection, period: Period) -> Counts:
    sh, sc, r = console_sheets.c, console_scores.c, responses.c
    counts = Counts()
    row = conn.execute(
        sa.select(sa.func.count(), sa.func.sum(sa.case((sh.is_low.is_(True), 1), else_=0))).where(
            *_in_period(console_sheets, period)
        )
    ).one()
    counts.sheets, counts.low = int(row[0] or 0), int(row[1] or 0)
    row = conn.execute(
        sa.select(sa.func.count(), sa.func.sum(sc.score), *_level_sums(sc.score)).where(
            *_in_period(console_scores, period)
        )
    ).one()
    counts.scores, counts.score_sum = int(row[0] or 0), int(row[1] or 0)
    counts.levels = {level: int(row[level + 1] or 0) for level in range(1, 6)}
    row = conn.execute(
        sa.select(sa.func.count(), sa.func.sum(sa.case((r.responded_at <= sh.due_at, 1), else_=0)))
        .select_from(console_sheets.join(responses, r.receipt_id == sh.receipt_id))
        .where(sh.is_low.is_(True), *_in_period(console_sheets, period))
    ).one()
    counts.answered, counts.on_time = int(row[0] or 0), int(row[1] or 0)
    return counts


def by_kind(conn: Connection, period: Period, kind: str) -> list[Counts]:
    """One row per target of *kind*: scores, levels, average, index, low scores, on time."""
    sc, sh, r = console_scores.c, console_sheets.c, responses.c
    in_period = [sc.target_kind == kind, *_in_period(console_scores, period)]
    rows: dict[str, Counts] = {}
    for code, sheets, scores, total, *levels in conn.execute(
        sa.select(
            sc.target_code,
            sa.func.count(sa.distinct(sc.sheet_id)),
            sa.func.count(),
            sa.func.sum(sc.score),
            *_level_sums(sc.score),
        )
        .where(*in_period)
        .group_by(sc.target_code)
    ):
        counts = rows[code] = Counts(code=code, sheets=int(sheets), scores=int(scores))
        counts.score_sum = int(total or 0)
        counts.levels = {level: int(levels[level - 1] or 0) for level in range(1, 6)}
        counts.low = counts.levels[1] + counts.levels[2]
    # Names and answers only for the targets (and low scores) found: a small second query.
    for code, answered, on_time in conn.execute(
        sa.select(
            sc.target_code,
            sa.func.count(),
            sa.func.sum(sa.case((r.responded_at <= sh.due_at, 1), else_=0)),
        )
        .select_from(
            console_scores.join(console_sheets, sh.sheet_id == sc.sheet_id).join(
                responses, r.receipt_id == sh.receipt_id
            )
        )
        .where(sc.score <= 2, *in_period)
        .group_by(sc.target_code)
    ):
        if code in rows:
            rows[code].answered, rows[code].on_time = int(answered), int(on_time or 0)
    if rows:
        for code, name in conn.execute(
            sa.select(sc.target_code, sa.func.max(sc.target_name))
            .where(sc.target_kind == kind, sc.target_code.in_(list(rows)))
            .group_by(sc.target_code)
        ):
            rows[code].name = name
    return sorted(rows.values(), key=lambda c: c.code)


def months(conn: Connection, period: Period) -> list[Counts]:
    sh, sc, r = console_sheets.c, console_scores.c, responses.c
    found: dict[str, Counts] = {}
    for month, sheets, low in conn.execute(
        sa.select(
            sh.month, sa.func.count(), sa.func.sum(sa.case((sh.is_low.is_(True), 1), else_=0))
        )
        .where(*_in_period(console_sheets, period))
        .group_by(sh.month)
    ):
        found[month] = Counts(code=month, name=month, sheets=int(sheets), low=int(low or 0))
    for month, scores, total, *levels in conn.execute(
        sa.select(sc.month, sa.func.count(), sa.func.sum(sc.score), *_level_sums(sc.score))
        .where(*_in_period(console_scores, period))
        .group_by(sc.month)
    ):
        counts = found.setdefault(month, Counts(code=month, name=month))
        counts.scores, counts.score_sum = int(scores), int(total or 0)
        counts.levels = {level: int(levels[level - 1] or 0) for level in range(1, 6)}
    for month, answered, on_time in conn.execute(
        sa.select(
            sh.month,
            sa.func.count(),
            sa.func.sum(sa.case((r.responded_at <= sh.due_at, 1), else_=0)),
        )
        .select_from(console_sheets.join(responses, r.receipt_id == sh.receipt_id))
        .where(sh.is_low.is_(True), *_in_period(console_sheets, period))
        .group_by(sh.month)
    ):
        if month in found:
            found[month].answered, found[month].on_time = int(answered), int(on_time or 0)
    # Every month of the period, the empty ones too: a gap in the chart is a gap in the data.
    result = []
    for month in months_between(period.start, period.end):
        result.append(found.get(month, Counts(code=month, name=month)))
    return result


def months_between(start: date, end: date) -> list[str]:
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def top_reasons(conn: Connection, period: Period, limit: int = 10) -> list[tuple[str, int]]:
    rc = console_reasons.c
    count = sa.func.count().label("times")
    rows = conn.execute(
        sa.select(rc.reason, count)
        .where(*_in_period(console_reasons, period))
        .group_by(rc.reason)
        .order_by(count.desc(), rc.reason)
        .limit(limit)
    )
    return [(reason, int(times)) for reason, times in rows]


def units(conn: Connection) -> list[tuple[str, str]]:
    u = console_units.c
    return [
        (code, name)
        for code, name in conn.execute(
            sa.select(u.office_code, u.office_name).order_by(u.office_code)
        )
    ]


def report(conn: Connection, period: Period) -> Report:
    return Report(
        period=period,
        totals=totals(conn, period),
        by_kind={kind: by_kind(conn, period, kind) for kind in KINDS},
        months=months(conn, period),
        reasons=top_reasons(conn, period),
        units=units(conn),
    )


def today_in_vietnam(now: datetime) -> date:
    return local_date(now)


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float
    sheets_y: float
    sheets_height: float
    low_y: float
    low_height: float
    label: str
    sheets: int
    low: int


CHART_WIDTH, CHART_HEIGHT, CHART_BASE = 900, 220, 190


def chart(months: list[Counts]) -> tuple[list[Bar], int]:
    """Bars (sheets, and the low part of them) for an inline SVG; and the scale's top."""
    top = max((m.sheets for m in months), default=0) or 1
    slot = (CHART_WIDTH - 60) / max(len(months), 1)
    width = max(4.0, slot * 0.7)
    scale = (CHART_BASE - 20) / top
    bars = []
    for i, month in enumerate(months):
        height, low = month.sheets * scale, month.low * scale
        x = 50 + i * slot + (slot - width) / 2
        bars.append(
            Bar(
                x=round(x, 1),
                width=round(width, 1),
                sheets_y=round(CHART_BASE - height, 1),
                sheets_height=round(height, 1),
                low_y=round(CHART_BASE - low, 1),
                low_height=round(low, 1),
                label=month.code[5:] + "/" + month.code[2:4],
                sheets=month.sheets,
                low=month.low,
            )
        )
    return bars, top
