"""The declarations table's SQL, checked against plain Python on the same rows — no Qt here."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.model import Channel, DeclarationStatus
from app.domain.states import RatingState
from app.paths import Paths
from app.store import Store
from app.store import query as dq
from app.store.query import DeclarationFilter, SortColumn, TableQuery
from tests.factories import TAX_CODE, declaration, low_sheet

STATUSES = [s.value for s in DeclarationStatus]
RATINGS = list(RatingState)


def _fill(store: Store, count: int, seed: int) -> list[dict[str, object]]:
    """Random rows straight into the table (the store's own rules are tested elsewhere)."""
    rnd = random.Random(seed)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    numbers = rnd.sample(range(10**9), count)
    for n in numbers:
        rows.append(
            {
                "number": rnd.choice(("10", "30")) + f"{n:010d}",
                "type_code": rnd.choice(("A11", "A12", "E31", "B11")),
                "office_code": rnd.choice(("03CC", "03EE", "20BC")),
                "channel": rnd.choice((1, 2, 3, None)),
                # Few distinct times, so ties (broken by number) really happen.
                "registered_at": (base + timedelta(hours=rnd.randrange(5))).isoformat(),
                "status": rnd.choice(STATUSES),
                "rating_state": rnd.choice(RATINGS),
            }
        )
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO declarations(number, type_code, office_code, office_name, channel,"
            " registered_at, status, tax_code, updated_at, rating_state) VALUES"
            " (:number, :type_code, :office_code, 'x', :channel, :registered_at, :status,"
            " '0100109106', :registered_at, :rating_state)",
            rows,
        )
    ids = dict(store.execute("SELECT number, id FROM declarations"))
    for row in rows:
        row["id"] = ids[row["number"]]
    return rows


def _expected(rows: list[dict[str, object]], query: TableQuery) -> list[int]:
    flt = query.filter
    prefix = dq.normalize_number_prefix(flt.number_prefix)
    if prefix is None:
        return []
    chosen = [
        r
        for r in rows
        if (flt.statuses is None or r["status"] in flt.statuses)
        and (flt.rating_states is None or r["rating_state"] in flt.rating_states)
        and str(r["number"]).startswith(prefix)
    ]

    def key(r: dict[str, object]) -> tuple[object, str]:
        column = query.sort
        if column is SortColumn.STATUS:
            value: object = dq.STATUS_ORDER.index(str(r["status"]))
        elif column is SortColumn.RATING:
            value = dq.RATING_ORDER.index(str(r["rating_state"]))
        elif column is SortColumn.CHANNEL:
            value = -1 if r["channel"] is None else r["channel"]  # SQLite puts NULL first
        elif column is SortColumn.NUMBER:
            value = ""
        else:
            name = {
                SortColumn.TYPE: "type_code",
                SortColumn.OFFICE: "office_code",
                SortColumn.REGISTERED: "registered_at",
            }[column]
            value = r[name]
        return value, str(r["number"])

    chosen.sort(key=key, reverse=query.descending)
    return [int(r["id"]) for r in chosen]  # type: ignore[call-overload]


@pytest.fixture
def store(profile: Paths):
    with Store.open(profile.store_file) as opened:
        yield opened


@pytest.fixture
def rows(store: Store) -> list[dict[str, object]]:
    return _fill(store, 300, seed=7)


@pytest.mark.parametrize("column", list(SortColumn))
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_like_python_with_number_breaking_ties(
    store: Store, rows: list[dict[str, object]], column: SortColumn, descending: bool
) -> None:
    query = TableQuery(DeclarationFilter(), column, descending)
    assert list(dq.select_ids(store, query, tax_code=TAX_CODE)) == _expected(rows, query)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    statuses=st.none() | st.frozensets(st.sampled_from(STATUSES)),
    ratings=st.none() | st.frozensets(st.sampled_from(RATINGS)),
    prefix=st.sampled_from(["", "1", "30", "10 0", "3.0", "x1", "1" * 13]),
    column=st.sampled_from(list(SortColumn)),
    descending=st.booleans(),
)
def test_any_filter_and_sort_agrees_with_python(
    store: Store,
    rows: list[dict[str, object]],
    statuses: frozenset[str] | None,
    ratings: frozenset[str] | None,
    prefix: str,
    column: SortColumn,
    descending: bool,
) -> None:
    query = TableQuery(DeclarationFilter(statuses, ratings, prefix), column, descending)
    expected = _expected(rows, query)
    assert list(dq.select_ids(store, query, tax_code=TAX_CODE)) == expected
    # The first screen, whichever plan the estimate picks, is the start of the same list.
    counts = dq.group_counts(store, TAX_CODE)
    for limit in (1, 7, 400):
        assert (
            list(dq.select_ids(store, query, tax_code=TAX_CODE, limit=limit, counts=counts))
            == expected[:limit]
        )
    assert list(dq.select_ids(store, query, tax_code=TAX_CODE, limit=7)) == expected[:7]


def test_status_sorts_in_lifecycle_order_not_alphabetically(
    store: Store, rows: list[dict[str, object]]
) -> None:
    ids = dq.select_ids(
        store, TableQuery(sort=SortColumn.STATUS, descending=False), tax_code=TAX_CODE
    )
    statuses = [dq.fetch_rows(store, [i])[i].status for i in ids]
    first_cleared = statuses.index(DeclarationStatus.CLEARED)
    assert DeclarationStatus.REGISTERED in statuses[:first_cleared]
    assert DeclarationStatus.BROUGHT_TO_STORAGE in statuses[:first_cleared]


def test_search_ignores_spaces_and_dots_and_refuses_letters() -> None:
    assert dq.normalize_number_prefix("1045 1234.5") == "104512345"
    assert dq.normalize_number_prefix("") == ""
    assert dq.normalize_number_prefix("10A") is None


def test_rows_are_fetched_by_id_with_their_columns(store: Store) -> None:
    store.declarations.upsert(
        [
            declaration("104512345670", channel=Channel.RED),
            declaration("304512345671", status=DeclarationStatus.INSPECTION),
        ]
    )
    store.sheets.save(low_sheet("104512345670"), "0100109106")
    ids = dq.select_ids(
        store, TableQuery(sort=SortColumn.NUMBER, descending=False), tax_code=TAX_CODE
    )
    rows = dq.fetch_rows(store, ids)
    first, second = (rows[i] for i in ids)
    assert (first.number, first.channel, first.rating_state) == (
        "104512345670",
        Channel.RED,
        RatingState.QUEUED,
    )
    assert first.registered_at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    assert (second.status, second.rating_state) == (
        DeclarationStatus.INSPECTION,
        RatingState.NOT_RATABLE,
    )
    assert dq.fetch_rows(store, [999_999]) == {}
    assert dq.id_of_number(store, "304512345671") == ids[1]


def test_fetching_more_rows_than_one_batch(store: Store, rows: list[dict[str, object]]) -> None:
    ids = dq.select_ids(store, TableQuery(), tax_code=TAX_CODE)
    assert len(ids) == 300
    assert set(dq.fetch_rows(store, list(ids))) == set(ids)


def test_group_counts(store: Store, rows: list[dict[str, object]]) -> None:
    counts = dq.group_counts(store, TAX_CODE)
    assert counts.total == 300
    for status in STATUSES:
        assert counts.by_status.get(status, 0) == sum(r["status"] == status for r in rows)
    assert counts.statuses(STATUSES) == 300
    assert sum(counts.by_rating_state.values()) == 300


def test_a_plain_connection_in_another_thread_reads_the_same(
    store: Store, rows: list[dict[str, object]]
) -> None:
    """The table loads ids on a worker thread with its own connection."""
    query = TableQuery(DeclarationFilter.of(rating_states=[RatingState.UNRATED]))
    with sqlite3.connect(store.path) as conn:
        assert dq.select_ids(conn, query, tax_code=TAX_CODE) == dq.select_ids(
            store, query, tax_code=TAX_CODE
        )


def test_empty_store_gives_no_ids(store: Store) -> None:
    assert len(dq.select_ids(store, tax_code=TAX_CODE, query=TableQuery())) == 0
    assert dq.group_counts(store, TAX_CODE).total == 0


def test_the_first_screen_walks_the_sort_index_when_the_filter_keeps_many_rows(
    store: Store, rows: list[dict[str, object]]
) -> None:
    """Sorting 90% of a million rows to show 256 of them would take a second."""
    counts = dq.group_counts(store, TAX_CODE)
    broad = DeclarationFilter.of(statuses=STATUSES[:-1])
    assert dq.estimated_share(broad, counts) > dq.SELECTIVE_SHARE
    assert dq.estimated_share(DeclarationFilter(number_prefix="1045123"), counts) < 0.01
    assert dq.estimated_share(broad, None) is None
    clauses, params = dq._where(broad, "", TAX_CODE, walk_sort_index=SortColumn.REGISTERED)
    sql = "SELECT id FROM declarations WHERE " + " AND ".join(clauses)
    plan = store.execute(
        f"EXPLAIN QUERY PLAN {sql} ORDER BY registered_at, number LIMIT 5", params
    ).fetchall()
    text = " ".join(str(p[-1]) for p in plan)
    assert "declarations_by_registered" in text and "TEMP B-TREE" not in text, text


def test_the_queries_use_indexes(store: Store, rows: list[dict[str, object]]) -> None:
    """A full scan of a million rows would blow the 100 ms budget: each sort has its index,
    within the enterprise's range of it."""
    for column in ("type_code", "office_code", "channel", "registered_at", "number"):
        order = "number" if column == "number" else f"{column}, number"
        plan = store.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM declarations WHERE tax_code = ? ORDER BY {order}",
            (TAX_CODE,),
        ).fetchall()
        text = " ".join(str(p[-1]) for p in plan)
        assert "COVERING INDEX" in text and "TEMP B-TREE" not in text, text


def test_a_selective_filter_reads_its_own_index_not_the_whole_enterprise(
    store: Store, rows: list[dict[str, object]], profile: Paths
) -> None:
    """Every index leads with the tax code: a filter not known to be broad (a rare rating
    state, or counts not loaded yet) sorted by date is found through the rating index and
    sorted, not by walking the enterprise's whole date index row by row."""
    query = TableQuery(DeclarationFilter.of(rating_states=["rejected"]), SortColumn.REGISTERED)
    conn = sqlite3.connect(profile.store_file)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        ids = dq.select_ids(conn, query, tax_code=TAX_CODE, limit=256)
        conn.set_trace_callback(None)
        (sql,) = [s for s in seen if "json_group_array" in s]
        plan = " ".join(str(p[-1]) for p in conn.execute("EXPLAIN QUERY PLAN " + sql))
    finally:
        conn.close()
    assert "declarations_by_rating" in plan and "declarations_by_registered" not in plan, plan
    assert list(ids) == _expected(rows, query)[:256]
