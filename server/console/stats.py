"""Satisfaction statistics for a period and a unit, counted in SQL (SQLite and PostgreSQL alike).

Definitions (also in the README):

- *sheets received*: accepted sheets whose arrival falls in the period (Vietnamese dates);
- *scores*: the stars a sheet gives each of its targets; one sheet usually scores several;
- *share of each level*: scores at that level / all scores;
- *satisfaction index*: scores of 4–5 stars (Hài lòng, Rất hài lòng) / all scores, in %;
- *low ratings*: sheets with a 1–2 star score; *answered on time*: those with customs' response
  recorded by their due date.

Every query is a GROUP BY over ``console_rollup`` (counts by day and by month) with plain CASE
sums, so both dialects run the same SQL, and a year's page adds up a few thousand rows whatever
the number of sheets: whole months from the monthly rows, the rest from the daily ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.model import TargetKind
from server.console.index import VIETNAM, local_date
from server.console.schema import console_rollup, console_targets, console_units

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

    def add_level(self, level: int, n: int) -> None:
        if level in self.levels:
            self.levels[level] += n
            self.scores += n
            self.score_sum += level * n

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


def _split(period: Period) -> tuple[list[str], list[tuple[str, str]]]:
    """The period as whole months (``YYYY-MM``) and day ranges (``YYYY-MM-DD``) of the rest."""
    whole: list[str] = []
    days: list[tuple[str, str]] = []
    for month in months_between(period.start, period.end):
        first = date.fromisoformat(month + "-01")
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        if first >= period.start and last <= period.end:
            whole.append(month)
        else:
            days.append((max(first, period.start).isoformat(), min(last, period.end).isoformat()))
    return whole, days


def _rows(period: Period, *kinds: str) -> sa.Subquery:
    """The rollup rows of the period: one UNION ALL branch per kind and span of time.

    Each branch is a range of the primary key (kind, grain, period), which both databases read
    directly; one WHERE with ORs of the spans made SQLite read every row of the kind instead.
    """
    c = console_rollup.c
    whole, days = _split(period)
    unit = [c.office_code == period.unit] if period.unit else []
    columns = (c.code, c.score, c.month, c.n, c.answered, c.on_time)
    branches: list[sa.Select[Any]] = []
    for kind in kinds:
        if whole:
            branches.append(
                sa.select(*columns).where(
                    c.kind == kind, c.grain == "m", c.period.in_(whole), *unit
                )
            )
        for first, last in days:
            branches.append(
                sa.select(*columns).where(
                    c.kind == kind, c.grain == "d", c.period >= first, c.period <= last, *unit
                )
            )
    if not branches:
        return sa.select(*columns).where(sa.false()).subquery()
    if len(branches) == 1:
        return branches[0].subquery()
    return sa.union_all(*branches).subquery()


_Sum = sa.ColumnElement[Any]


def _sums(rows: sa.Subquery) -> tuple[_Sum, _Sum, _Sum, _Sum]:
    low = sa.case((rows.c.score <= 2, rows.c.n), else_=0)
    return (
        sa.func.sum(rows.c.n),
        sa.func.sum(low),
        sa.func.sum(rows.c.answered),
        sa.func.sum(rows.c.on_time),
    )


def totals(conn: Connection, period: Period) -> Counts:
    counts = Counts()
    sheets = _rows(period, "sheet")
    n, low, answered, on_time = conn.execute(sa.select(*_sums(sheets))).one()
    counts.sheets, counts.low = int(n or 0), int(low or 0)
    counts.answered, counts.on_time = int(answered or 0), int(on_time or 0)
    scores = _rows(period, "level")
    for score, n in conn.execute(
        sa.select(scores.c.score, sa.func.sum(scores.c.n)).group_by(scores.c.score)
    ):
        counts.add_level(int(score), int(n))
    return counts


def by_kind(conn: Connection, period: Period, kind: str) -> list[Counts]:
    """One row per target of *kind*: scores by level, average, index, low scores, answers."""
    rows: dict[str, Counts] = {}
    found = _rows(period, kind)
    n, _low, answered, on_time = _sums(found)
    for code, score, n_, answered_, on_time_ in conn.execute(
        sa.select(found.c.code, found.c.score, n, answered, on_time).group_by(
            found.c.code, found.c.score
        )
    ):
        counts = rows.setdefault(code, Counts(code=code, name=code))
        counts.add_level(int(score), int(n_))
        counts.sheets = counts.scores
        counts.low = counts.levels[1] + counts.levels[2]
        counts.answered += int(answered_ or 0)
        counts.on_time += int(on_time_ or 0)
    if rows:
        t = console_targets.c
        for code, name in conn.execute(
            sa.select(t.code, t.name).where(t.kind == kind, t.code.in_(list(rows)))
        ):
            rows[code].name = name
    return sorted(rows.values(), key=lambda c: c.code)


def months(conn: Connection, period: Period) -> list[Counts]:
    found = {m: Counts(code=m, name=m) for m in months_between(period.start, period.end)}
    sheets = _rows(period, "sheet")
    for month, n, low, answered, on_time in conn.execute(
        sa.select(sheets.c.month, *_sums(sheets)).group_by(sheets.c.month)
    ):
        counts = found[month]
        counts.sheets, counts.low = int(n or 0), int(low or 0)
        counts.answered, counts.on_time = int(answered or 0), int(on_time or 0)
    scores = _rows(period, "level")
    for month, score, n in conn.execute(
        sa.select(scores.c.month, scores.c.score, sa.func.sum(scores.c.n)).group_by(
            scores.c.month, scores.c.score
        )
    ):
        found[month].add_level(int(score), int(n))
    # Every month of the period, the empty ones too: a gap in the chart is a gap in the data.
    return list(found.values())


def months_between(start: date, end: date) -> list[str]:
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def top_reasons(conn: Connection, period: Period, limit: int = 10) -> list[tuple[str, int]]:
    found = _rows(period, "reason")
    total = sa.func.sum(found.c.n).label("times")
    rows = conn.execute(
        sa.select(found.c.code, total)
        .group_by(found.c.code)
        .order_by(total.desc(), found.c.code)
        .limit(limit)
    )
    return [(reason, int(times)) for reason, times in rows]


def units(conn: Connection) -> list[tuple[str, str]]:
    u = console_units.c
    query = sa.select(u.office_code, u.office_name).order_by(u.office_code)
    return [(code, name) for code, name in conn.execute(query)]


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


CHART_WIDTH, CHART_HEIGHT, CHART_BASE = 1200, 220, 190


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
