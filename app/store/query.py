"""The SQL behind the declarations table: a filter and a sort become a list of row ids.

The table must stay quick with a million declarations. A million Python row objects cost hundreds
of megabytes and a Python sort of them takes seconds, so the table keeps only the ids (8 bytes
each, in an ``array``) in the order SQLite returns them, and fetches the few rows on screen by id.
Every filter and sort here is answered by an index of ``app/store/schema.py`` — each index ends in
``number``, so ties are broken the same way whatever the column.

No Qt here: the model in ``ui/`` calls these functions, tests call them without a display, and
``bench/table.py`` times them on a million rows.
"""

from __future__ import annotations

import enum
import json
import re
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from app.domain.model import Channel, DeclarationStatus
from app.domain.states import RatingState


class Executes(Protocol):
    """A ``Store`` or a plain ``sqlite3.Connection``: the loader thread uses its own connection."""

    def execute(self, sql: str, params: Sequence[object] = ..., /) -> sqlite3.Cursor: ...


class SortColumn(enum.IntEnum):
    """The table's columns, in display order; each sorts by its own index."""

    NUMBER = 0
    TYPE = 1
    OFFICE = 2
    CHANNEL = 3
    REGISTERED = 4
    STATUS = 5
    RATING = 6


_SORT_SQL = {
    SortColumn.NUMBER: None,  # the UNIQUE index on number
    SortColumn.TYPE: "type_code",
    SortColumn.OFFICE: "office_code",
    SortColumn.CHANNEL: "channel",
    SortColumn.REGISTERED: "registered_at",
}

#: Status sorts in lifecycle order, not by the stored code's spelling (which would put
#: "brought_to_storage" first). Each status is one range of the (status, number) index.
STATUS_ORDER: tuple[str, ...] = tuple(s.value for s in DeclarationStatus)

#: Rating states sort with what needs the declarant first.
RATING_ORDER: tuple[RatingState, ...] = (
    RatingState.UNRATED,
    RatingState.REJECTED,
    RatingState.QUEUED,
    RatingState.SENT,
    RatingState.NOT_RATABLE,
)

_NOT_DIGITS = re.compile(r"[\s.\-/]")


def normalize_number_prefix(text: str) -> str | None:
    """What the declarant typed in the search box, as a number prefix; None if it cannot match.

    People copy numbers with spaces or dots ("1045 1234 5670"); those are dropped. Anything else
    that is not a digit means no declaration number can start with it.
    """
    compact = _NOT_DIGITS.sub("", text or "")
    if compact and not compact.isdigit():
        return None
    return compact[:12]


@dataclass(frozen=True, slots=True)
class DeclarationFilter:
    """What the table shows. ``None`` means "any"; an empty set means "none"."""

    statuses: frozenset[str] | None = None
    rating_states: frozenset[str] | None = None
    number_prefix: str = ""

    @classmethod
    def of(
        cls,
        statuses: Iterable[str] | None = None,
        rating_states: Iterable[str] | None = None,
        number_prefix: str = "",
    ) -> DeclarationFilter:
        return cls(
            frozenset(statuses) if statuses is not None else None,
            frozenset(rating_states) if rating_states is not None else None,
            number_prefix,
        )


@dataclass(frozen=True, slots=True)
class TableQuery:
    """A filter plus a sort: everything that decides which ids the table holds, in what order."""

    filter: DeclarationFilter = field(default_factory=DeclarationFilter)
    sort: SortColumn = SortColumn.REGISTERED
    descending: bool = True


@dataclass(frozen=True, slots=True)
class DeclarationRow:
    """One line of the table: the declaration without its targets or history."""

    id: int
    number: str
    type_code: str
    office_code: str
    office_name: str
    channel: Channel | None
    registered_at: datetime
    status: DeclarationStatus
    rating_state: RatingState


@dataclass(frozen=True, slots=True)
class GroupCounts:
    """How many declarations sit in each status and rating state (the tree on the left)."""

    total: int
    by_status: dict[str, int]
    by_rating_state: dict[str, int]

    def statuses(self, statuses: Iterable[str]) -> int:
        return sum(self.by_status.get(s, 0) for s in statuses)


#: Below this share of all rows a filter is "selective": its own index finds the few matches
#: and SQLite sorts them. Above it, the first page is read along the sort column's index and the
#: filter checked row by row, which stops after a page of matches instead of sorting them all.
SELECTIVE_SHARE = 0.02


def estimated_share(flt: DeclarationFilter, counts: GroupCounts | None) -> float | None:
    """Roughly which share of all rows a filter keeps (None if the counts are unknown)."""
    if counts is None or counts.total == 0:
        return None
    share = 1.0
    if flt.statuses is not None:
        share *= counts.statuses(flt.statuses) / counts.total
    if flt.rating_states is not None:
        share *= sum(counts.by_rating_state.get(r, 0) for r in flt.rating_states) / counts.total
    prefix = normalize_number_prefix(flt.number_prefix)
    if prefix:
        # Numbers start 10 (import) or 30 (export); the digits after those are spread evenly.
        share *= 0.5 if len(prefix) <= 2 else 0.5 * 10.0 ** (2 - len(prefix))
    return share


def _where(
    flt: DeclarationFilter,
    prefix: str | None,
    tax_code: str,
    *,
    walk_sort_index: SortColumn | None = None,
) -> tuple[list[str], list[object]] | None:
    """SQL conditions for a filter of one enterprise's rows, or None when it can match nothing.

    With *walk_sort_index*, the filter columns get SQLite's unary ``+``, which keeps their
    indexes out of the plan so the rows are read along that sort column's index instead. The
    tax code never does: every index leads with it, so each enterprise is one range of each.
    """
    clauses: list[str] = ["tax_code = ?"]
    params: list[object] = [tax_code]
    if prefix is None or not tax_code:
        return None
    plus = "+" if walk_sort_index is not None else ""
    if flt.statuses is not None:
        if not flt.statuses:
            return None
        clauses.append(f"{plus}status IN ({','.join('?' * len(flt.statuses))})")
        params.extend(sorted(flt.statuses))
    if flt.rating_states is not None:
        if not flt.rating_states:
            return None
        clauses.append(f"{plus}rating_state IN ({','.join('?' * len(flt.rating_states))})")
        params.extend(sorted(flt.rating_states))
    if prefix:
        # A range, not LIKE: it always uses the index and numbers are digits only, so every
        # number starting with the prefix sorts below prefix + "~".
        number_plus = "" if walk_sort_index is SortColumn.NUMBER else plus
        clauses.append(f"{number_plus}number >= ? AND {number_plus}number < ?")
        params.extend((prefix, prefix + "~"))
    return clauses, params


def _select_ids(conn: Executes, sql: str, params: Sequence[object]) -> array[int]:
    """Run a ``SELECT id ...`` and return its ids in order.

    Iterating a million one-column rows builds a million tuples in Python (about 220 ms here);
    letting SQLite join the ids into one JSON text and parsing it with the C json module takes
    about 140 ms. SQLite feeds an aggregate the rows of an ordered subquery in that order.
    """
    text = conn.execute(f"SELECT json_group_array(id) FROM ({sql})", tuple(params)).fetchone()[0]
    return array("q", json.loads(text)) if text and text != "[]" else array("q")


def _limit(sql: str, params: list[object], limit: int | None) -> tuple[str, list[object]]:
    return (sql, params) if limit is None else (sql + " LIMIT ?", [*params, limit])


def _segmented(
    conn: Executes,
    column: str,
    order: Sequence[object],
    clauses: list[str],
    params: list[object],
    descending: bool,
    limit: int | None,
) -> array[int]:
    """Sort by a column with few values in a chosen order: one index range per value, joined."""
    direction = "DESC" if descending else "ASC"
    result = array("q")
    for value in reversed(order) if descending else order:
        remaining = None if limit is None else limit - len(result)
        if remaining is not None and remaining <= 0:
            break
        where = " AND ".join([f"{column} = ?", *clauses])
        sql = f"SELECT id FROM declarations WHERE {where} ORDER BY number {direction}"
        result.extend(_select_ids(conn, *_limit(sql, [value, *params], remaining)))
    return result


def select_ids(
    conn: Executes,
    query: TableQuery,
    *,
    tax_code: str,
    limit: int | None = None,
    counts: GroupCounts | None = None,
) -> array[int]:
    """The ids of one enterprise's declarations the table shows, in display order.

    With *limit*, only the first rows (the first screen): when *counts* show the filter keeps
    many rows, those are read along the sort index and the scan stops after *limit* matches.
    """
    flt = query.filter
    prefix = normalize_number_prefix(flt.number_prefix)
    share = estimated_share(flt, counts) if limit is not None else None
    walk = query.sort if share is not None and share >= SELECTIVE_SHARE else None
    where = _where(flt, prefix, tax_code, walk_sort_index=walk)
    if where is None:
        return array("q")
    clauses, params = where
    direction = "DESC" if query.descending else "ASC"
    if query.sort is SortColumn.STATUS:
        order = [s for s in STATUS_ORDER if flt.statuses is None or s in flt.statuses]
        return _segmented(conn, "status", order, clauses, params, query.descending, limit)
    if query.sort is SortColumn.RATING:
        order = [s for s in RATING_ORDER if flt.rating_states is None or s in flt.rating_states]
        return _segmented(conn, "rating_state", order, clauses, params, query.descending, limit)
    column = _SORT_SQL[query.sort]
    order_by = (
        f"number {direction}" if column is None else f"{column} {direction}, number {direction}"
    )
    if walk is None and len(clauses) > 1:
        # A selective filter (or one of unknown size): its own index finds the few rows and
        # SQLite sorts them. Every index leads with the tax code, so without the "+" SQLite
        # would walk the sort column's index through the whole enterprise instead, checking
        # each row (the indexes led by the filtered column, before, chose this by themselves).
        order_by = "+" + order_by
    sql = "SELECT id FROM declarations WHERE " + " AND ".join(clauses)
    return _select_ids(conn, *_limit(sql + " ORDER BY " + order_by, params, limit))


_ROW_COLUMNS = (
    "id, number, type_code, office_code, office_name, channel, registered_at, status, rating_state"
)
_BATCH = 500
#: The stored text to its member by a dict lookup: ``RatingState(text)`` costs ten times more,
#: and the first screen builds a row per id on the GUI thread.
_RATING_STATES = {state.value: state for state in RatingState}


def fetch_rows(conn: Executes, ids: Sequence[int]) -> dict[int, DeclarationRow]:
    """The rows for some ids (the page on screen), keyed by id; ids no longer stored are absent."""
    rows: dict[int, DeclarationRow] = {}
    for start in range(0, len(ids), _BATCH):
        chunk = list(ids[start : start + _BATCH])
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            f"SELECT {_ROW_COLUMNS} FROM declarations WHERE id IN ({marks})", chunk
        ):
            rows[r[0]] = DeclarationRow(
                id=r[0],
                number=r[1],
                type_code=r[2],
                office_code=r[3],
                office_name=r[4],
                channel=Channel(r[5]) if r[5] else None,
                registered_at=datetime.fromisoformat(r[6]),
                status=DeclarationStatus(r[7]),
                rating_state=_RATING_STATES[r[8]],
            )
    return rows


def group_counts(conn: Executes, tax_code: str) -> GroupCounts:
    """One enterprise's counts per status and per rating state, each one pass over its range of
    a covering index."""
    by_status = dict(
        conn.execute(
            "SELECT status, count(*) FROM declarations WHERE tax_code = ? GROUP BY status",
            (tax_code,),
        )
    )
    by_rating = dict(
        conn.execute(
            "SELECT rating_state, count(*) FROM declarations WHERE tax_code = ?"
            " GROUP BY rating_state",
            (tax_code,),
        )
    )
    return GroupCounts(sum(by_status.values()), by_status, by_rating)


def id_of_number(conn: Executes, number: str) -> int | None:
    row = conn.execute("SELECT id FROM declarations WHERE number = ?", (number,)).fetchone()
    return row[0] if row else None
