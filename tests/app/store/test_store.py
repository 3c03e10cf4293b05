"""The local store on a real SQLite file: durability, migration, corruption, a full disk."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app.domain.model import DeclarationStatus, RatingStage
from app.domain.states import OutboxState, RatingState
from app.domain.validation import ValidationFailed
from app.paths import Paths
from app.store import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    StoreFull,
    check_integrity,
    connect,
    migrate,
)
from tests.factories import TAX_CODE, declaration, low_sheet, sheet


@pytest.fixture
def store_path(profile: Paths) -> Path:
    return profile.store_file


@pytest.fixture
def store(store_path: Path):
    with Store.open(store_path) as opened:
        yield opened


def rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_new_store_is_durable_by_configuration(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION
    assert store.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.notice is None


def test_the_store_lives_in_the_profile_data_dir(store: Store, profile: Paths) -> None:
    assert store.path.parent == profile.data_dir
    assert store.path.exists()


def test_a_saved_sheet_and_its_outbox_row_survive_reopening(store_path: Path) -> None:
    with Store.open(store_path) as store:
        store.declarations.upsert([declaration()])
        sheet_id = store.sheets.save(low_sheet(), TAX_CODE)
    # A fresh connection sees the commit: it was durable before sheets.save returned.
    with Store.open(store_path) as store:
        items = store.outbox.items()
        assert [i.ref_id for i in items] == [sheet_id]
        item = items[0]
        assert item.state == OutboxState.QUEUED
        assert item.tax_code == TAX_CODE
        assert item.payload["contact_phone"] == "+84912345678"
        assert item.payload["scores"][0]["score"] == 2
        assert store.declarations.rating_state("104512345670") == RatingState.QUEUED
        assert store.outbox.count_waiting() == 1


def test_rating_state_follows_the_declaration_lifecycle(store: Store) -> None:
    number = "304512345678"
    newly = store.declarations.upsert([declaration(number, DeclarationStatus.INSPECTION)])
    assert newly == []
    assert store.declarations.rating_state(number) == RatingState.NOT_RATABLE
    newly = store.declarations.upsert([declaration(number, DeclarationStatus.RELEASED)])
    assert newly == [number]
    assert store.declarations.rating_state(number) == RatingState.UNRATED
    # Released → cleared is not a second "just completed": the prompt is raised once.
    assert store.declarations.upsert([declaration(number, DeclarationStatus.CLEARED)]) == []
    assert store.declarations.unrated_numbers() == [number]


def test_declaration_roundtrip_keeps_targets_and_history(store: Store) -> None:
    store.declarations.upsert([declaration()])
    loaded = store.declarations.get("104512345670")
    assert loaded is not None
    assert loaded.targets == declaration().targets
    assert loaded.status is DeclarationStatus.CLEARED
    assert store.declarations.get("999999999999") is None


def test_only_one_after_completion_sheet_per_declaration(store: Store) -> None:
    store.declarations.upsert([declaration()])
    store.sheets.save(sheet(), TAX_CODE)
    with pytest.raises(ValidationFailed) as failed:
        store.sheets.save(sheet(), TAX_CODE)
    assert failed.value.errors[0].message.code == "already_rated"
    assert store.sheets.count() == 1


def test_during_clearance_feedback_is_refused_once_completed(store: Store) -> None:
    store.declarations.upsert([declaration(status=DeclarationStatus.INSPECTION)])
    store.sheets.save(sheet(stage=RatingStage.DURING_CLEARANCE), TAX_CODE)
    store.sheets.save(sheet(stage=RatingStage.DURING_CLEARANCE), TAX_CODE)  # several are fine
    with pytest.raises(ValidationFailed) as failed:
        store.sheets.save(sheet(), TAX_CODE)
    assert failed.value.errors[0].message.code == "not_completed"
    store.declarations.upsert([declaration(status=DeclarationStatus.CLEARED)])
    with pytest.raises(ValidationFailed) as failed:
        store.sheets.save(sheet(stage=RatingStage.DURING_CLEARANCE), TAX_CODE)
    assert failed.value.errors[0].message.code == "not_in_clearance"
    assert store.sheets.count() == 2


def test_an_unknown_declaration_cannot_be_rated(store: Store) -> None:
    with pytest.raises(ValidationFailed) as failed:
        store.sheets.save(sheet(), TAX_CODE)
    assert failed.value.errors[0].message.code == "unknown_declaration"


def test_an_invalid_sheet_writes_nothing(store: Store, store_path: Path) -> None:
    store.declarations.upsert([declaration()])
    with pytest.raises(ValidationFailed):
        store.sheets.save(low_sheet(contact_phone=""), TAX_CODE)
    assert rows(store_path, "rating_sheets") == 0
    assert rows(store_path, "outbox") == 0


def test_a_write_failing_midway_leaves_no_partial_sheet(store: Store, store_path: Path) -> None:
    store.declarations.upsert([declaration()])

    def crash(_conn: sqlite3.Connection) -> None:
        raise OSError("simulated crash between the sheet and its outbox row")

    with pytest.raises(OSError):
        store.sheets.save(sheet(), TAX_CODE, _after_sheet_insert=crash)
    assert rows(store_path, "rating_sheets") == 0
    assert rows(store_path, "sheet_scores") == 0
    assert rows(store_path, "outbox") == 0
    assert store.declarations.rating_state("104512345670") == RatingState.UNRATED
    store.sheets.save(sheet(), TAX_CODE)  # and the store is still usable
    assert rows(store_path, "outbox") == 1


def test_a_failing_outbox_insert_rolls_back_the_sheet(store: Store, store_path: Path) -> None:
    store.declarations.upsert([declaration()])
    store.execute(
        "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox"
        " BEGIN SELECT RAISE(ABORT, 'outbox refused'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.sheets.save(sheet(), TAX_CODE)
    assert rows(store_path, "rating_sheets") == 0
    assert rows(store_path, "sheet_scores") == 0


def test_a_full_disk_says_not_saved_and_keeps_nothing(store: Store, store_path: Path) -> None:
    numbers = [f"10{i:010d}" for i in range(200)]
    store.declarations.upsert([declaration(n) for n in numbers])
    pages = store.execute("PRAGMA page_count").fetchone()[0]
    # SQLITE_FULL the honest way: the file may not grow by a single page any more.
    store.execute(f"PRAGMA max_page_count = {pages}")
    saved = 0
    with pytest.raises(StoreFull) as failed:
        for number in numbers:
            store.sheets.save(sheet(number, content="Nội dung dài. " * 140), TAX_CODE)
            saved += 1
    message = failed.value.message
    assert message.code == "disk_full"
    assert "Chưa lưu được" in message.vi and "Not saved" in message.en
    assert saved < len(numbers)
    # What committed before is whole; the failed write left no orphan row anywhere.
    assert rows(store_path, "rating_sheets") == saved
    assert rows(store_path, "outbox") == saved
    failed_number = numbers[saved]
    assert store.declarations.rating_state(failed_number) == RatingState.UNRATED


def test_a_corrupt_file_is_moved_aside_and_reported(store_path: Path) -> None:
    with Store.open(store_path) as store:
        store.declarations.upsert([declaration()])
    original = store_path.read_bytes()
    # Overwrite the header and first pages: "file is not a database".
    store_path.write_bytes(b"this is not sqlite" * 512 + original[8192:])
    for side in ("-wal", "-shm"):
        store_path.with_name(store_path.name + side).unlink(missing_ok=True)
    with Store.open(store_path) as store:
        assert store.notice is not None
        assert store.notice.code == "store_recovered"
        assert "không bị xóa" in store.notice.vi
        assert store.declarations.get("104512345670") is None  # a fresh store
        assert store.schema_version == SCHEMA_VERSION
    kept = list(store_path.parent.glob("store.corrupt-*.sqlite3"))
    assert len(kept) == 1
    assert kept[0].read_bytes().startswith(b"this is not sqlite")
    assert kept[0].name in store.notice.vi


def test_a_damaged_page_fails_the_quick_check_and_is_quarantined(store_path: Path) -> None:
    with Store.open(store_path) as store:
        store.declarations.upsert([declaration(f"10{i:010d}") for i in range(2000)])
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(store_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over the middle of the file, past the header and schema pages.
    start = page_size * 4
    data[start : start + page_size * 3] = b"\xff" * (page_size * 3)
    store_path.write_bytes(bytes(data))
    with Store.open(store_path) as store:
        assert store.notice is not None
    assert len(list(store_path.parent.glob("store.corrupt-*"))) >= 1


def test_a_file_from_a_newer_version_is_refused_not_destroyed(store_path: Path) -> None:
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError) as failed:
        Store.open(store_path)
    assert failed.value.message.code == "store_too_new"
    assert store_path.exists()
    assert not list(store_path.parent.glob("store.corrupt-*"))


def test_migration_from_version_one_keeps_data_and_fills_rating_state(store_path: Path) -> None:
    conn = connect(store_path)
    assert migrate(conn, target=1) == 1
    now = "2026-11-20T08:30:00+00:00"
    conn.executescript(
        f"""
        INSERT INTO declarations(id, number, type_code, office_code, channel, registered_at,
            status, tax_code, updated_at)
        VALUES (1, '104512345670', 'A11', '03CC', 1, '{now}', 'cleared', '{TAX_CODE}', '{now}'),
               (2, '104512345671', 'A11', '03CC', 1, '{now}', 'cleared', '{TAX_CODE}', '{now}'),
               (3, '304512345672', 'E31', '03CC', 2, '{now}', 'inspection', '{TAX_CODE}', '{now}');
        INSERT INTO declaration_targets(declaration_id, position, kind, code, name)
        VALUES (2, 0, 'officer', 'CC0231', 'Nguyễn Văn An'),
               (2, 1, 'team', 'DOI1', 'Đội Thủ tục hàng hóa XNK');
        INSERT INTO rating_sheets(id, idempotency_key, declaration_id, stage, tax_code, created_at)
        VALUES (1, 'k-1', 1, 'after_completion', '{TAX_CODE}', '{now}');
        INSERT INTO sheet_scores(sheet_id, position, target_kind, target_code, target_name, score)
        VALUES (1, 0, 'officer', 'CC0231', 'Nguyễn Văn An', 4);
        INSERT INTO outbox(kind, ref_id, idempotency_key, tax_code, payload, created_at, updated_at)
        VALUES ('rating_sheet', 1, 'k-1', '{TAX_CODE}', '{{}}', '{now}', '{now}');
        """
    )
    conn.close()
    with Store.open(store_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.notice is None
        assert store.declarations.rating_state("104512345670") == RatingState.QUEUED
        assert store.declarations.rating_state("104512345671") == RatingState.UNRATED
        assert store.declarations.rating_state("304512345672") == RatingState.NOT_RATABLE
        assert store.outbox.items()[0].receipt_id is None
        with pytest.raises(ValidationFailed):
            store.sheets.save(sheet("104512345670"), TAX_CODE)  # the v1 sheet still counts
        store.sheets.save(sheet("104512345671"), TAX_CODE)


def test_migration_is_idempotent_on_reopen(store_path: Path) -> None:
    Store.open(store_path).close()
    with Store.open(store_path) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_meta_values_roundtrip(store: Store) -> None:
    assert store.meta.get("declarations_cursor") is None
    store.meta.set("declarations_cursor", "42")
    store.meta.set("declarations_cursor", "43")
    assert store.meta.get("declarations_cursor") == "43"


def test_a_deferred_check_marks_the_file_and_the_next_start_moves_it_aside(
    store_path: Path,
) -> None:
    with Store.open(store_path) as store:
        store.declarations.upsert([declaration(f"10{i:010d}") for i in range(2000)])
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert check_integrity(store_path)
    data = bytearray(store_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 4 : page_size * 7] = b"\xff" * (page_size * 3)
    store_path.write_bytes(bytes(data))
    # The window opens without the slow check, so the damage is not seen yet...
    with Store.open(store_path, deep_check=False) as store:
        assert store.notice is None
    # ...the background check finds it and leaves a mark for the next start.
    assert not check_integrity(store_path)
    with Store.open(store_path, deep_check=False) as store:
        assert store.notice is not None and store.notice.code == "store_recovered"
        # What the damaged pages did not hold was salvaged into the fresh store.
        salvaged = store.declarations.count()
        assert 0 < salvaged <= 2000
    assert len(list(store_path.parent.glob("store.corrupt-*.sqlite3"))) == 1
    assert not list(store_path.parent.glob("*.damaged"))


def test_only_targets_that_handled_the_declaration_can_be_rated(store: Store) -> None:
    from app.domain.model import Score, Target, TargetKind, TargetScore

    store.declarations.upsert([declaration()])
    stranger = Target(TargetKind.OFFICER, "CC9999", "Người Không Liên Quan")
    with pytest.raises(ValidationFailed) as failed:
        store.sheets.save(sheet(scores=(TargetScore(stranger, Score.SATISFIED),)), TAX_CODE)
    assert failed.value.errors[0].field == "scores.0"
    assert failed.value.errors[0].message.code == "unknown_target"
    assert store.sheets.count() == 0


@pytest.mark.parametrize("had_prompts_table", [True, False])
def test_version_five_brings_the_prompts_table_into_the_schema(
    store_path: Path, had_prompts_table: bool
) -> None:
    conn = connect(store_path)
    assert migrate(conn, target=4) == 4
    if had_prompts_table:
        # As a version-4 store made by the program before: the table created outside the
        # migrations by the prompt ledger, with a declaration already prompted.
        conn.executescript(
            "CREATE TABLE rating_prompts (number TEXT PRIMARY KEY, prompted_at TEXT NOT NULL);"
            "INSERT INTO rating_prompts VALUES ('104512345670', '2026-11-20T08:30:00+00:00');"
        )
    conn.close()
    with Store.open(store_path) as store:
        assert store.schema_version == SCHEMA_VERSION == 6
        assert store.prompts.was_prompted("104512345670") is had_prompts_table
        assert store.prompts.claim(["104512345670", "104512345671"]) == (
            ["104512345671"] if had_prompts_table else ["104512345670", "104512345671"]
        )


def test_the_state_literals_of_the_store_s_sql_are_the_state_enums() -> None:
    """SQL text keeps its literals; each must be a member of the enum Python compares with."""
    import app.store
    from app.store import declarations

    refreshed = set(re.findall(r"(?:THEN|ELSE) '(\w+)'", declarations._REFRESH_RATING_STATE))
    assert refreshed == set(RatingState)
    package = Path(app.store.__file__).parent
    found = 0
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        compared = re.findall(r"\b(rating_state|state) = '(\w+)'", text) + [
            (column, value)
            for column, listed in re.findall(r"\b(rating_state|state) IN \(([^)?]*)\)", text)
            for value in re.findall(r"'(\w+)'", listed)
        ]
        for column, value in compared:
            enum = RatingState if column == "rating_state" else OutboxState
            assert value in set(enum), (source.name, column, value)
        found += len(compared)
    assert found > 15


def test_declaration_counts_for_the_window(store: Store) -> None:
    assert store.declarations.is_empty() and store.declarations.count() == 0
    store.declarations.upsert(
        [declaration("104512345670"), declaration("304512345671", DeclarationStatus.INSPECTION)]
    )
    assert not store.declarations.is_empty()
    assert store.declarations.count() == 2
    assert store.declarations.count_by_rating_state(RatingState.UNRATED) == 1
    assert store.declarations.count_by_rating_state(RatingState.NOT_RATABLE) == 1


def test_the_engine_counts_what_it_is_about_to_send_per_enterprise_and_kind(store: Store) -> None:
    from app.store import OutboxKind

    store.declarations.upsert(
        [declaration("104512345670"), declaration("104512345671", tax_code="0100109106-001")]
    )
    store.sheets.save(sheet("104512345670"), TAX_CODE)
    store.sheets.save(sheet("104512345671"), "0100109106-001")
    assert store.outbox.count_queued(TAX_CODE) == 1
    assert store.outbox.count_queued(TAX_CODE, OutboxKind.SUPPORT_REQUEST) == 0
    (claimed,) = store.outbox.claim_batch(TAX_CODE, 10)
    assert store.outbox.count_queued(TAX_CODE) == 0  # sending, no longer queued
    item = next(i for i in store.outbox.items() if i.id == claimed.id)
    assert item.kind is OutboxKind.RATING_SHEET and item.state is OutboxState.SENDING
    assert store.outbox.ref_id(claimed.id) == item.ref_id
    with pytest.raises(KeyError):
        store.outbox.ref_id(claimed.id + 100)
