"""The verification queue and one case: what the console reads and writes about low sheets.

A case's state is worked out in SQL from what the tables already say, so no second copy can
drift from the first:

- ``answered``: the sheet has customs' response (``rating_sheets.review_state = 'answered'``)
  and nobody reopened it;
- ``reopened``: answered, then the enterprise said "not resolved" or an official reopened it;
- ``verifying``: awaiting an answer, and an official took it (``console_cases.assigned_to``);
- ``new``: awaiting an answer, nobody took it yet.

Answers go through ``server.review.respond``, the same function as the CLI's ``review respond``
and the officials' API: a row in ``responses``, which the declarant's client reads from its
responses feed at the next sync.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.model import TargetKind
from server.clock import as_utc, utc_now
from server.console.index import local_date, working_days_between
from server.console.schema import (
    console_cases,
    console_closures,
    console_scores,
    console_sheets,
    console_targets,
)
from server.database import Database
from server.schema import declarations, enterprises, rating_sheets, response_feedback, responses

STATES = ("new", "verifying", "answered", "reopened")
OPEN_STATES = ("new", "verifying", "reopened")
PAGE_SIZE = 50
NOTE_MAX = 4000

_s, _r, _f, _c, _cs = (
    rating_sheets.c,
    responses.c,
    response_feedback.c,
    console_cases.c,
    console_sheets.c,
)

_x = console_closures.c


def _after_closure(moment: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """A verdict or a reopening that counts: none closed the case after it."""
    return sa.or_(_x.closed_at.is_(None), moment > _x.closed_at)


_reopened = sa.and_(
    _r.response_id.is_not(None),
    sa.or_(
        sa.and_(_f.verdict == "not_resolved", _after_closure(_f.recorded_at)),
        sa.and_(_c.reopened_at.is_not(None), _after_closure(_c.reopened_at)),
    ),
)
state_column = sa.case(
    (_reopened, "reopened"),
    (_s.review_state == "answered", "answered"),
    (_c.assigned_to.is_not(None), "verifying"),
    else_="new",
).label("case_state")

_CASE_TABLES = (
    rating_sheets.join(console_sheets, _cs.sheet_id == _s.id)
    .join(enterprises, enterprises.c.tax_code == _s.tax_code)
    .outerjoin(responses, _r.receipt_id == _s.receipt_id)
    .outerjoin(response_feedback, _f.response_id == _r.response_id)
    .outerjoin(console_cases, _c.receipt_id == _s.receipt_id)
    .outerjoin(console_closures, _x.receipt_id == _s.receipt_id)
)

_CASE_COLUMNS = (
    _s.id,
    _s.receipt_id,
    _s.declaration_number,
    _s.tax_code,
    enterprises.c.name.label("enterprise_name"),
    _s.stage,
    _s.received_at,
    _s.scores,
    _s.content,
    _s.contact_name,
    _s.contact_phone,
    _cs.due_at,
    _cs.office_code,
    _cs.min_score,
    _c.assigned_to,
    _c.handling_note,
    _c.reopened_at,
    _c.reopened_by,
    _r.response_id,
    _r.result,
    _r.content.label("response_content"),
    _r.responded_at,
    _r.responded_by,
    _f.verdict,
    _f.content.label("feedback_content"),
    _f.recorded_at.label("feedback_at"),
    _x.note.label("closure_note"),
    _x.closed_at,
    _x.closed_by,
    state_column,
)


@dataclass(slots=True)
class QueueFilters:
    """What the queue's filter form asks for; empty strings mean "any"."""

    state: str = ""  # "" = the open states; "all" = every state
    score: str = ""
    sub_department: str = ""
    team: str = ""
    officer: str = ""
    stage: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query: dict[str, str]) -> QueueFilters:
        def pick(name: str, allowed: tuple[str, ...] | None = None) -> str:
            value = query.get(name, "").strip()[:64]
            return value if allowed is None or value in allowed else ""

        try:
            page = max(1, min(int(query.get("page", "1")), 100_000))
        except ValueError:
            page = 1
        return cls(
            state=pick("state", (*STATES, "all")),
            score=pick("score", ("1", "2")),
            sub_department=pick("sub_department"),
            team=pick("team"),
            officer=pick("officer"),
            stage=pick("stage"),
            q=pick("q"),
            page=page,
        )

    def targets(self) -> list[tuple[str, str]]:
        return [
            (kind, code)
            for kind, code in (
                (TargetKind.SUB_DEPARTMENT.value, self.sub_department),
                (TargetKind.TEAM.value, self.team),
                (TargetKind.OFFICER.value, self.officer),
                (TargetKind.STAGE.value, self.stage),
            )
            if code
        ]

    def query_string(self, **changes: Any) -> dict[str, str]:
        values = {
            "state": self.state,
            "score": self.score,
            "sub_department": self.sub_department,
            "team": self.team,
            "officer": self.officer,
            "stage": self.stage,
            "q": self.q,
            "page": str(self.page),
        }
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v and not (k == "page" and v == "1")}


@dataclass(slots=True)
class Case:
    receipt_id: str
    declaration_number: str
    tax_code: str
    enterprise_name: str
    stage: str
    received_at: datetime
    due_at: datetime | None
    days_since: int
    overdue: bool
    scores: list[dict[str, Any]]
    content: str
    contact_name: str
    contact_phone: str
    state: str
    office_code: str
    assigned_to: str | None
    handling_note: str
    reopened_at: datetime | None
    response: dict[str, Any] | None
    feedback: dict[str, Any] | None
    closure: dict[str, Any] | None = None
    declaration: dict[str, Any] | None = None


@dataclass(slots=True)
class QueuePage:
    cases: list[Case]
    total: int
    page: int
    pages: int
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _case(row: Any, now: datetime) -> Case:
    received = as_utc(row.received_at)
    due = as_utc(row.due_at) if row.due_at else None
    response = None
    if row.response_id:
        response = {
            "response_id": row.response_id,
            "result": row.result,
            "content": row.response_content,
            "responded_at": as_utc(row.responded_at),
            "responded_by": row.responded_by,
        }
    feedback = None
    if row.verdict:
        feedback = {
            "verdict": row.verdict,
            "content": row.feedback_content,
            "recorded_at": as_utc(row.feedback_at),
        }
    open_case = row.case_state in OPEN_STATES
    return Case(
        receipt_id=row.receipt_id,
        declaration_number=row.declaration_number,
        tax_code=row.tax_code,
        enterprise_name=row.enterprise_name,
        stage=row.stage,
        received_at=received,
        due_at=due,
        days_since=max(0, (local_date(now) - local_date(received)).days),
        overdue=bool(open_case and due is not None and due < now),
        scores=list(row.scores or []),
        content=row.content or "",
        contact_name=row.contact_name or "",
        contact_phone=row.contact_phone or "",
        state=row.case_state,
        office_code=row.office_code,
        assigned_to=row.assigned_to,
        handling_note=row.handling_note or "",
        reopened_at=as_utc(row.reopened_at) if row.reopened_at else None,
        response=response,
        feedback=feedback,
        closure=(
            {"note": row.closure_note, "at": as_utc(row.closed_at), "by": row.closed_by}
            if row.closed_at
            else None
        ),
    )


def queue(conn: Connection, filters: QueueFilters, now: datetime | None = None) -> QueuePage:
    now = now or utc_now()
    awaiting, answered = _s.review_state == "awaiting", _s.review_state == "answered"
    # The few reopened receipts as values, not a subquery: inside an OR, PostgreSQL reads a
    # subquery row by row over every sheet, but looks values up in the receipts' index.
    reopened_receipts = sorted(conn.execute(_reopened_receipts()).scalars())
    reopened = _s.receipt_id.in_(reopened_receipts)
    by_state: dict[str, sa.ColumnElement[bool]] = {
        "": sa.or_(awaiting, reopened),
        "new": sa.and_(awaiting, _c.assigned_to.is_(None)),
        "verifying": sa.and_(awaiting, _c.assigned_to.is_not(None)),
        "answered": sa.and_(answered, ~reopened),
        "reopened": sa.and_(answered, reopened),
        "all": _s.review_state.in_(("awaiting", "answered")),
    }
    # review_state is set on low sheets only, and indexed: the queue never reads the others.
    conditions: list[sa.ColumnElement[bool]] = [_s.status == "accepted", by_state[filters.state]]
    if filters.score:
        conditions.append(_cs.min_score == int(filters.score))
    for kind, code in filters.targets():
        sc = console_scores.alias()
        conditions.append(
            sa.exists().where(
                sc.c.target_kind == kind, sc.c.target_code == code, sc.c.sheet_id == _s.id
            )
        )
    if filters.q:
        q = filters.q.replace(" ", "")
        conditions.append(
            sa.or_(
                _s.declaration_number.startswith(q, autoescape=True),
                _s.tax_code.startswith(q, autoescape=True),
            )
        )
    where = sa.and_(*conditions)
    total = conn.execute(sa.select(sa.func.count()).select_from(_CASE_TABLES).where(where)).scalar()
    pages = max(1, math.ceil((total or 0) / PAGE_SIZE))
    page = min(filters.page, pages)
    rows = conn.execute(
        sa.select(*_CASE_COLUMNS)
        .select_from(_CASE_TABLES)
        .where(where)
        .order_by(_s.received_at, _s.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return QueuePage(
        cases=[_case(row, now) for row in rows],
        total=total or 0,
        page=page,
        pages=pages,
        options=target_options(conn),
    )


def _reopened_receipts() -> sa.CompoundSelect[Any]:
    """Receipts of answered sheets back in the queue: "not resolved", or reopened by an official.

    Both sets are small (a verdict exists for some answers only), so the open queue reads the
    awaiting sheets by index and these few, never every answered sheet of the years before.
    """
    return sa.union(
        sa.select(_r.receipt_id)
        .select_from(
            responses.join(response_feedback, _f.response_id == _r.response_id).outerjoin(
                console_closures, _x.receipt_id == _r.receipt_id
            )
        )
        .where(_f.verdict == "not_resolved", _after_closure(_f.recorded_at)),
        sa.select(_c.receipt_id)
        .select_from(console_cases.outerjoin(console_closures, _x.receipt_id == _c.receipt_id))
        .where(_c.reopened_at.is_not(None), _after_closure(_c.reopened_at)),
    )


def target_options(conn: Connection) -> dict[str, list[tuple[str, str]]]:
    """(code, name) of every target some low sheet rated, per kind: the filters' choices."""
    t = console_targets.c
    rows = conn.execute(
        sa.select(t.kind, t.code, t.name).where(t.has_low.is_(True)).order_by(t.kind, t.code)
    )
    options: dict[str, list[tuple[str, str]]] = {kind.value: [] for kind in TargetKind}
    for kind, code, name in rows:
        options.setdefault(kind, []).append((code, name))
    return options


def find(conn: Connection, receipt_id: str, now: datetime | None = None) -> Case | None:
    row = conn.execute(
        sa.select(*_CASE_COLUMNS)
        .select_from(_CASE_TABLES)
        .where(_s.receipt_id == receipt_id, _s.is_low.is_(True))
    ).first()
    if row is None:
        return None
    case = _case(row, now or utc_now())
    d = declarations.c
    declaration = conn.execute(
        sa.select(d.number, d.type_code, d.office_code, d.office_name, d.channel, d.status).where(
            d.number == case.declaration_number
        )
    ).first()
    case.declaration = dict(declaration._mapping) if declaration else None
    return case


def days_to_due(case: Case, now: datetime) -> int | None:
    if case.due_at is None:
        return None
    return working_days_between(local_date(now), local_date(case.due_at))


# -- writes --------------------------------------------------------------------------------------


def _upsert(db: Database, conn: Connection, receipt_id: str, **values: Any) -> None:
    now = utc_now()
    updated = conn.execute(
        sa.update(console_cases).where(_c.receipt_id == receipt_id).values(updated_at=now, **values)
    )
    if updated.rowcount == 0:
        row = {
            "receipt_id": receipt_id,
            "assigned_to": None,
            "assigned_at": None,
            "handling_note": "",
            "reopened_at": None,
            "reopened_by": None,
            "updated_at": now,
        } | values
        conn.execute(db.insert_ignoring_conflicts(console_cases).values(**row))


def _exists(conn: Connection, receipt_id: str) -> bool:
    found = conn.execute(
        sa.select(_s.id).where(_s.receipt_id == receipt_id, _s.is_low.is_(True))
    ).first()
    return found is not None


def assign(db: Database, receipt_id: str, username: str) -> bool:
    with db.write() as conn:
        if not _exists(conn, receipt_id):
            return False
        _upsert(db, conn, receipt_id, assigned_to=username, assigned_at=utc_now())
        return True


def save_note(db: Database, receipt_id: str, username: str, note: str) -> bool:
    """The official's verification notes; taking the case too if nobody had."""
    with db.write() as conn:
        if not _exists(conn, receipt_id):
            return False
        current = conn.execute(
            sa.select(_c.assigned_to).where(_c.receipt_id == receipt_id)
        ).scalar_one_or_none()
        values: dict[str, Any] = {"handling_note": note}
        if current is None:
            values |= {"assigned_to": username, "assigned_at": utc_now()}
        _upsert(db, conn, receipt_id, **values)
        return True


def close(db: Database, receipt_id: str, username: str, note: str) -> str | None:
    """A reopened case handled again; None, or why not ("not_reopened")."""
    with db.write() as conn:
        case = find(conn, receipt_id)
        if case is None or case.state != "reopened":
            return "not_reopened"
        values = {"note": note, "closed_at": utc_now(), "closed_by": username}
        updated = conn.execute(
            sa.update(console_closures).where(_x.receipt_id == receipt_id).values(**values)
        )
        if updated.rowcount == 0:
            conn.execute(sa.insert(console_closures).values(receipt_id=receipt_id, **values))
        return None


def reopen(db: Database, receipt_id: str, username: str) -> bool:
    """Back into the queue after an answer; False when the sheet has no answer to reopen."""
    with db.write() as conn:
        answered = conn.execute(
            sa.select(_r.response_id).where(_r.receipt_id == receipt_id)
        ).first()
        if answered is None:
            return False
        _upsert(db, conn, receipt_id, reopened_at=utc_now(), reopened_by=username)
        return True
