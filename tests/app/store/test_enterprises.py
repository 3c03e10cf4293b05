"""Several enterprises in one store: the list, the current one, views that never mix, and the
forward migration of a single-enterprise store (built here with the old schema, row by row)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.model import Response, SupportRequest
from app.domain.states import OutboxState, RatingState
from app.domain.validation import ValidationFailed
from app.paths import Paths
from app.store import SCHEMA_VERSION, Store, connect, migrate
from app.store import query as dq
from app.store.query import DeclarationFilter, SortColumn, TableQuery
from app.store.support import last_enterprise_name
from tests.factories import declaration, low_sheet, sheet

A = "0100109106"
B = "0100109106-001"  # a branch: its own tax code, its own rows
A_NUMBERS = ("104512345670", "104512345671", "104512345672")
B_NUMBERS = ("305512345670", "305512345671")


@pytest.fixture
def store(profile: Paths):
    with Store.open(profile.store_file) as opened:
        yield opened


def _request(tax_code: str, name: str) -> SupportRequest:
    return SupportRequest(
        idempotency_key=f"00000000-0000-4000-8000-{abs(hash(tax_code)) % 10**12:012d}",
        tax_code=tax_code,
        enterprise_name=name,
        office_code="03CC",
        operation_code="IDA",
        content="Không gửi được tờ khai IDA, hệ thống báo lỗi E1001.",
        contact_name="Nguyễn Văn An",
        contact_phone="0912345678",
    )


@pytest.fixture
def two(store: Store) -> Store:
    """A with three declarations (one rated, answered), B with two (one rated); a request each."""
    store.enterprises.add(A, "Công ty A", "http://127.0.0.1:1")
    store.enterprises.add(B, "Chi nhánh B", "http://127.0.0.1:1")
    store.declarations.upsert([declaration(n) for n in A_NUMBERS])
    store.declarations.upsert([declaration(n, tax_code=B) for n in B_NUMBERS])
    store.sheets.save(low_sheet(A_NUMBERS[0]), A)
    store.sheets.save(sheet(B_NUMBERS[0]), B)
    key_a = store.outbox.items(tax_code=A)[0].idempotency_key
    store.responses.upsert(
        [Response("R-A", key_a, A_NUMBERS[0], "upheld", "Đã xử lý.", datetime.now(UTC))], A
    )
    store.responses.upsert(
        [Response("R-B", "key-b", B_NUMBERS[0], "upheld", "Đã xử lý B.", datetime.now(UTC))], B
    )
    store.support.save(_request(A, "Công ty A"))
    store.support.save(_request(B, "Chi nhánh B"))
    return store


def _views(store: Store) -> dict[str, object]:
    """Everything a window shows, read the way the views read it."""
    tax_code = store.current_tax_code
    numbers = {
        row.number
        for sort in SortColumn
        for row in dq.fetch_rows(
            store, dq.select_ids(store, TableQuery(sort=sort), tax_code=tax_code)
        ).values()
    }
    unrated_filter = DeclarationFilter.of(rating_states=[RatingState.UNRATED])
    unrated_ids = dq.select_ids(store, TableQuery(unrated_filter), tax_code=tax_code, limit=5)
    return {
        "table": numbers,
        "unrated_table": {r.number for r in dq.fetch_rows(store, unrated_ids).values()},
        "counts": dq.group_counts(store, tax_code).total,
        "count": store.declarations.count(),
        "unrated": store.declarations.count_by_rating_state(RatingState.UNRATED),
        "unrated_numbers": set(store.declarations.unrated_numbers()),
        "outbox": {
            str(i.payload.get("declaration_number", i.tax_code)) for i in store.outbox.items()
        },
        "outbox_tax_codes": {i.tax_code for i in store.outbox.items()},
        "waiting": store.outbox.count_waiting(),
        "outbox_counts": sum(store.outbox.counts().values()),
        "responses": {r.declaration_number for r in store.responses.all()},
        "unread": store.responses.unread_count(),
        "request_name": last_enterprise_name(store.path, tax_code),
    }


def test_two_enterprises_never_see_each_other_s_rows(two: Store) -> None:
    assert two.current_tax_code == A  # the first added is current
    seen = _views(two)
    assert seen["table"] == set(A_NUMBERS)
    assert seen["unrated_table"] == set(A_NUMBERS[1:])
    assert seen["counts"] == seen["count"] == 3
    assert seen["unrated"] == 2 and seen["unrated_numbers"] == set(A_NUMBERS[1:])
    assert seen["outbox_tax_codes"] == {A}
    assert seen["waiting"] == 2 and seen["outbox_counts"] == 2  # A's sheet and A's request
    assert seen["responses"] == {A_NUMBERS[0]} and seen["unread"] == 1
    assert seen["request_name"] == "Công ty A"

    two.enterprises.set_current(B)
    assert two.current_tax_code == B
    seen = _views(two)
    assert seen["table"] == set(B_NUMBERS)
    assert seen["unrated_table"] == {B_NUMBERS[1]}
    assert seen["counts"] == seen["count"] == 2
    assert seen["unrated"] == 1 and seen["unrated_numbers"] == {B_NUMBERS[1]}
    assert seen["outbox_tax_codes"] == {B}
    assert seen["waiting"] == 2
    assert seen["responses"] == {B_NUMBERS[0]} and seen["unread"] == 1
    assert seen["request_name"] == "Chi nhánh B"

    # Across a restart the current enterprise is remembered.
    path = two.path
    two.close()
    with Store.open(path) as again:
        assert again.current_tax_code == B
        assert again.declarations.count() == 2


def test_the_summary_counts_each_enterprise_alone(two: Store) -> None:
    a, b = two.enterprises.summary(A), two.enterprises.summary(B)
    assert (a.declarations, a.unrated, a.waiting, a.unread_responses, a.support_requests) == (
        3,
        2,
        2,
        1,
        1,
    )
    assert (b.declarations, b.unrated, b.waiting, b.unread_responses, b.support_requests) == (
        2,
        1,
        2,
        1,
        1,
    )


def test_a_sheet_of_one_enterprise_cannot_be_saved_under_another(two: Store) -> None:
    with pytest.raises(ValidationFailed):
        two.sheets.save(sheet(A_NUMBERS[1]), B)
    assert two.outbox.count_waiting(B) == 2  # nothing was queued


def test_a_verdict_goes_out_under_the_enterprise_the_answer_came_to(two: Store) -> None:
    two.enterprises.set_current(B)
    two.responses.record_verdict("R-A", "accepted", "", tax_code=B)
    (feedback,) = [i for i in two.outbox.items(tax_code=A) if i.idempotency_key == "feedback:R-A"]
    assert feedback.tax_code == A
    assert not [i for i in two.outbox.items(tax_code=B) if i.idempotency_key == "feedback:R-A"]


def test_the_list_checks_tax_codes_and_removal_keeps_the_rows(two: Store) -> None:
    with pytest.raises(ValidationFailed) as bad:
        two.enterprises.add("0100109107", "Sai số kiểm tra")
    assert bad.value.errors[0].message.code == "bad_check_digit"
    assert two.enterprises.add(" 0100109106001 ").tax_code == B  # canonical, name kept
    assert two.enterprises.get(B).name == "Chi nhánh B"
    assert [e.tax_code for e in two.enterprises.all()] == [B, A]  # by name

    two.enterprises.set_current(B)
    waiting = two.outbox.count_waiting(B)
    assert two.enterprises.remove(B)
    assert two.enterprises.get(B) is None
    assert two.current_tax_code == A  # the remaining one
    # What stays: B's rows, untouched, back when B is added again.
    assert two.outbox.count_waiting(B) == waiting and two.declarations.count(B) == 2
    two.enterprises.add(B, "Chi nhánh B")
    two.enterprises.set_current(B)
    assert two.declarations.count() == 2
    with pytest.raises(KeyError):
        two.enterprises.set_current("0312345678")


def test_a_store_with_no_enterprise_shows_nothing(store: Store) -> None:
    assert store.current_tax_code == "" and store.enterprises.current() is None
    assert len(dq.select_ids(store, TableQuery(), tax_code="")) == 0
    assert store.declarations.count() == 0 and store.outbox.items() == []
    store.declarations.upsert([declaration()])  # the first rows list their enterprise
    assert store.enterprises.current().tax_code == A


# -- the forward migration -------------------------------------------------------------------


def _old_store(path: Path, version: int) -> dict[str, int]:
    """A store of *version* (4 or 5) as the single-enterprise program wrote it; its row counts."""
    conn = connect(path)
    assert migrate(conn, target=version) == version
    now = "2026-11-20T08:30:00+00:00"
    conn.executescript(
        f"""
        BEGIN;
        INSERT INTO declarations(id, number, type_code, office_code, office_name, channel,
            registered_at, status, tax_code, updated_at, rating_state) VALUES
            (1, '104512345670', 'A11', '03CC', 'CC I', 1, '{now}', 'cleared', '{A}', '{now}', 'sent'),
            (2, '104512345671', 'A11', '03CC', 'CC I', 1, '{now}', 'cleared', '{A}', '{now}', 'queued'),
            (3, '104512345672', 'A12', '03EE', 'CC II', 2, '{now}', 'released', '{A}', '{now}', 'unrated'),
            (4, '104512345673', 'A12', '03EE', 'CC II', NULL, '{now}', 'registered', '{A}', '{now}',
             'not_ratable');
        INSERT INTO declaration_targets VALUES (1, 0, 'officer', 'CC1001', 'Lê Văn Bình'),
            (2, 0, 'officer', 'CC1001', 'Lê Văn Bình'), (3, 0, 'team', 'DOI1', 'Đội Thủ tục');
        INSERT INTO status_history VALUES (1, 'registered', '{now}'), (1, 'cleared', '{now}'),
            (2, 'cleared', '{now}');
        INSERT INTO rating_sheets(id, idempotency_key, declaration_id, stage, content, contact_name,
            contact_phone, tax_code, created_at, rejected) VALUES
            (1, 'key-1', 1, 'after_completion', 'Chậm', 'Nguyễn An', '+84912345678', '{A}', '{now}', 0),
            (2, 'key-2', 2, 'after_completion', '', '', '', '{A}', '{now}', 0);
        INSERT INTO sheet_scores VALUES (1, 0, 'officer', 'CC1001', 'Lê Văn Bình', 2, '["slow"]'),
            (2, 0, 'officer', 'CC1001', 'Lê Văn Bình', 5, '[]');
        INSERT INTO outbox(id, kind, ref_id, idempotency_key, tax_code, payload, state, attempts,
            created_at, updated_at, receipt_id) VALUES
            (1, 'rating_sheet', 1, 'key-1', '{A}', '{{"declaration_number":"104512345670"}}',
             'delivered', 1, '{now}', '{now}', 'RC-1'),
            (2, 'rating_sheet', 2, 'key-2', '{A}', '{{"declaration_number":"104512345671"}}',
             'queued', 0, '{now}', '{now}', NULL),
            (3, 'support_request', 1, 'sr-1', '{A}', '{{}}', 'queued', 0, '{now}', '{now}', NULL);
        INSERT INTO responses(id, response_id, sheet_key, declaration_number, result, content,
            responded_at) VALUES (1, 'R-1', 'key-1', '104512345670', 'upheld', 'Đã xử lý', '{now}');
        INSERT INTO support_requests(id, idempotency_key, tax_code, enterprise_name, office_code,
            operation_code, content, created_at) VALUES
            (1, 'sr-1', '{A}', 'Công ty TNHH A', '03CC', 'IDA', 'Lỗi E1001', '{now}');
        INSERT INTO meta VALUES ('last_good_sync', '{now}'),
            ('cursor:declarations:http://127.0.0.1:8000:{A}', 'c-42');
        COMMIT;
        """
    )
    if version == 5:
        conn.execute(f"INSERT INTO rating_prompts VALUES ('104512345672', '{now}')")
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    conn.close()
    return counts


@pytest.mark.parametrize("version", [4, 5])
def test_a_single_enterprise_store_becomes_a_one_entry_list_with_every_row(
    profile: Paths, version: int
) -> None:
    before = _old_store(profile.store_file, version)
    with Store.open(profile.store_file) as store:
        assert store.schema_version == SCHEMA_VERSION == 6
        conn = sqlite3.connect(store.path)
        try:
            for table, count in before.items():
                after = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                # meta gains the current enterprise (and the program's own bookkeeping).
                assert after >= count if table == "meta" else after == count, table
            kept = conn.execute("SELECT receipt_id, state FROM outbox WHERE id = 1").fetchone()
        finally:
            conn.close()
        assert kept == ("RC-1", "delivered")
        (only,) = store.enterprises.all()
        assert only.tax_code == A and only.name == "Công ty TNHH A"
        assert only.last_good_sync == "2026-11-20T08:30:00+00:00"
        assert store.current_tax_code == A
        # Every view shows what it showed before the migration.
        assert store.declarations.count() == 4
        assert store.declarations.rating_state("104512345670") is RatingState.SENT
        assert store.outbox.counts()[OutboxState.QUEUED] == 2
        (answer,) = store.responses.all()
        assert answer.tax_code == A and store.responses.unread_count() == 1
        assert store.meta.get(f"cursor:declarations:http://127.0.0.1:8000:{A}") == "c-42"
        assert store.sheets.by_key("key-1").contact_name == "Nguyễn An"
        assert len(dq.select_ids(store, TableQuery(), tax_code=A)) == 4
        if version == 5:
            assert store.prompts.was_prompted("104512345672")


def test_a_profile_that_mixed_two_enterprises_gets_an_entry_for_each(profile: Paths) -> None:
    """Before the list, a second login on one profile put both enterprises' rows in one table."""
    _old_store(profile.store_file, 5)
    conn = sqlite3.connect(profile.store_file)
    conn.execute(
        "INSERT INTO declarations(number, type_code, office_code, channel, registered_at, status,"
        " tax_code, updated_at, rating_state) VALUES ('305512345670', 'B11', '03CC', 1,"
        f" '2026-11-20T08:30:00+00:00', 'cleared', '{B}', '2026-11-20T08:30:00+00:00', 'unrated')"
    )
    conn.commit()
    conn.close()
    with Store.open(profile.store_file) as store:
        assert {e.tax_code for e in store.enterprises.all()} == {A, B}
        assert store.current_tax_code == A  # the one with the most declarations
        assert store.declarations.count() == 4 and store.declarations.count(B) == 1
