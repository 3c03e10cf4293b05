"""The local store on a real SQLite file: durability, migration, corruption, a full disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.model import DeclarationStatus, RatingStage
from app.domain.validation import ValidationFailed
from app.paths import Paths
from app.store import (
    SCHEMA_VERSION,
    OutboxState,
    RatingState,
    Store,
    StoreError,
    StoreFull,
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
        store.upsert_declarations([declaration()])
        sheet_id = store.save_sheet(low_sheet(), TAX_CODE)
    # A fresh connection sees the commit: it was durable before save_sheet returned.
    with Store.open(store_path) as store:
        items = store.outbox_items()
        assert [i.ref_id for i in items] == [sheet_id]
        item = items[0]
        assert item.state == OutboxState.QUEUED
        assert item.tax_code == TAX_CODE
        assert item.payload["contact_phone"] == "+84912345678"
        assert item.payload["scores"][0]["score"] == 2
        assert store.rating_state("104512345670") == RatingState.QUEUED
        assert store.count_outbox_waiting() == 1


def test_rating_state_follows_the_declaration_lifecycle(store: Store) -> None:
    number = "304512345678"
    newly = store.upsert_declarations([declaration(number, DeclarationStatus.INSPECTION)])
    assert newly == []
    assert store.rating_state(number) == RatingState.NOT_RATABLE
    newly = store.upsert_declarations([declaration(number, DeclarationStatus.RELEASED)])
    assert newly == [number]
    assert store.rating_state(number) == RatingState.UNRATED
    # Released → cleared is not a second "just completed": the prompt is raised once.
    assert store.upsert_declarations([declaration(number, DeclarationStatus.CLEARED)]) == []
    assert store.unrated_numbers() == [number]


def test_declaration_roundtrip_keeps_targets_and_history(store: Store) -> None:
    store.upsert_declarations([declaration()])
    loaded = store.get_declaration("104512345670")
    assert loaded is not None
    assert loaded.targets == declaration().targets
    assert loaded.status is DeclarationStatus.CLEARED
    assert store.get_declaration("999999999999") is None


def test_only_one_after_completion_sheet_per_declaration(store: Store) -> None:
    store.upsert_declarations([declaration()])
    store.save_sheet(sheet(), TAX_CODE)
    with pytest.raises(ValidationFailed) as failed:
        store.save_sheet(sheet(), TAX_CODE)
    assert failed.value.errors[0].message.code == "already_rated"
    assert store.count_sheets() == 1


def test_during_clearance_feedback_is_refused_once_completed(store: Store) -> None:
    store.upsert_declarations([declaration(status=DeclarationStatus.INSPECTION)])
    store.save_sheet(sheet(stage=RatingStage.DURING_CLEARANCE), TAX_CODE)
    store.save_sheet(sheet(stage=RatingStage.DURING_CLEARANCE), TAX_CODE)  # several are fine
    with pytest.raises(ValidationFailed) as failed:
        store.save_sheet(sheet(), TAX_CODE)
    assert failed.value.errors[0].message.code == "not_completed"
    store.upsert_declarations([declaration(status=DeclarationStatus.CLEARED)])
    with pytest.raises(ValidationFailed) as failed:
        store.save_sheet(sheet(stage=RatingStage.DURING_CLEARANCE), TAX_CODE)
    assert failed.value.errors[0].message.code == "not_in_clearance"
    assert store.count_sheets() == 2


def test_an_unknown_declaration_cannot_be_rated(store: Store) -> None:
    with pytest.raises(ValidationFailed) as failed:
        store.save_sheet(sheet(), TAX_CODE)
    assert failed.value.errors[0].message.code == "unknown_declaration"


def test_an_invalid_sheet_writes_nothing(store: Store, store_path: Path) -> None:
    store.upsert_declarations([declaration()])
    with pytest.raises(ValidationFailed):
        store.save_sheet(low_sheet(contact_phone=""), TAX_CODE)
    assert rows(store_path, "rating_sheets") == 0
    assert rows(store_path, "outbox") == 0


def test_a_write_failing_midway_leaves_no_partial_sheet(store: Store, store_path: Path) -> None:
    store.upsert_declarations([declaration()])

    def crash(_conn: sqlite3.Connection) -> None:
        raise OSError("simulated crash between the sheet and its outbox row")

    with pytest.raises(OSError):
        store.save_sheet(sheet(), TAX_CODE, _after_sheet_insert=crash)
    assert rows(store_path, "rating_sheets") == 0
    assert rows(store_path, "sheet_scores") == 0
    assert rows(store_path, "outbox") == 0
    assert store.rating_state("104512345670") == RatingState.UNRATED
    store.save_sheet(sheet(), TAX_CODE)  # and the store is still usable
    assert rows(store_path, "outbox") == 1


def test_a_failing_outbox_insert_rolls_back_the_sheet(store: Store, store_path: Path) -> None:
    store.upsert_declarations([declaration()])
    store.execute(
        "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox"
        " BEGIN SELECT RAISE(ABORT, 'outbox refused'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.save_sheet(sheet(), TAX_CODE)
    assert rows(store_path, "rating_sheets") == 0
    assert rows(store_path, "sheet_scores") == 0


def test_a_full_disk_says_not_saved_and_keeps_nothing(store: Store, store_path: Path) -> None:
    numbers = [f"10{i:010d}" for i in range(200)]
    store.upsert_declarations([declaration(n) for n in numbers])
    pages = store.execute("PRAGMA page_count").fetchone()[0]
    # SQLITE_FULL the honest way: the file may not grow by a single page any more.
    store.execute(f"PRAGMA max_page_count = {pages}")
    saved = 0
    with pytest.raises(StoreFull) as failed:
        for number in numbers:
            store.save_sheet(sheet(number, content="Nội dung dài. " * 140), TAX_CODE)
            saved += 1
    message = failed.value.message
    assert message.code == "disk_full"
    assert "Chưa lưu được" in message.vi and "Not saved" in message.en
    assert saved < len(numbers)
    # What committed before is whole; the failed write left no orphan row anywhere.
    assert rows(store_path, "rating_sheets") == saved
    assert rows(store_path, "outbox") == saved
    failed_number = numbers[saved]
    assert store.rating_state(failed_number) == RatingState.UNRATED


def test_a_corrupt_file_is_moved_aside_and_reported(store_path: Path) -> None:
    with Store.open(store_path) as store:
        store.upsert_declarations([declaration()])
    original = store_path.read_bytes()
    # Overwrite the header and first pages: "file is not a database".
    store_path.write_bytes(b"this is not sqlite" * 512 + original[8192:])
    for side in ("-wal", "-shm"):
        store_path.with_name(store_path.name + side).unlink(missing_ok=True)
    with Store.open(store_path) as store:
        assert store.notice is not None
        assert store.notice.code == "store_recovered"
        assert "không bị xóa" in store.notice.vi
        assert store.get_declaration("104512345670") is None  # a fresh store
        assert store.schema_version == SCHEMA_VERSION
    kept = list(store_path.parent.glob("store.corrupt-*.sqlite3"))
    assert len(kept) == 1
    assert kept[0].read_bytes().startswith(b"this is not sqlite")
    assert kept[0].name in store.notice.vi


def test_a_damaged_page_fails_the_quick_check_and_is_quarantined(store_path: Path) -> None:
    with Store.open(store_path) as store:
        store.upsert_declarations([declaration(f"10{i:010d}") for i in range(2000)])
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
        assert store.rating_state("104512345670") == RatingState.QUEUED
        assert store.rating_state("104512345671") == RatingState.UNRATED
        assert store.rating_state("304512345672") == RatingState.NOT_RATABLE
        assert store.outbox_items()[0].receipt_id is None
        with pytest.raises(ValidationFailed):
            store.save_sheet(sheet("104512345670"), TAX_CODE)  # the v1 sheet still counts
        store.save_sheet(sheet("104512345671"), TAX_CODE)


def test_migration_is_idempotent_on_reopen(store_path: Path) -> None:
    Store.open(store_path).close()
    with Store.open(store_path) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_meta_values_roundtrip(store: Store) -> None:
    assert store.get_meta("declarations_cursor") is None
    store.set_meta("declarations_cursor", "42")
    store.set_meta("declarations_cursor", "43")
    assert store.get_meta("declarations_cursor") == "43"


def test_a_deferred_check_marks_the_file_and_the_next_start_moves_it_aside(
    store_path: Path,
) -> None:
    with Store.open(store_path) as store:
        store.upsert_declarations([declaration(f"10{i:010d}") for i in range(2000)])
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert Store.check_integrity(store_path)
    data = bytearray(store_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 4 : page_size * 7] = b"\xff" * (page_size * 3)
    store_path.write_bytes(bytes(data))
    # The window opens without the slow check, so the damage is not seen yet...
    with Store.open(store_path, deep_check=False) as store:
        assert store.notice is None
    # ...the background check finds it and leaves a mark for the next start.
    assert not Store.check_integrity(store_path)
    with Store.open(store_path, deep_check=False) as store:
        assert store.notice is not None and store.notice.code == "store_recovered"
        # What the damaged pages did not hold was salvaged into the fresh store.
        salvaged = store.execute("SELECT count(*) FROM declarations").fetchone()[0]
        assert 0 < salvaged <= 2000
    assert len(list(store_path.parent.glob("store.corrupt-*.sqlite3"))) == 1
    assert not list(store_path.parent.glob("*.damaged"))


def test_only_targets_that_handled_the_declaration_can_be_rated(store: Store) -> None:
    from app.domain.model import Score, Target, TargetKind, TargetScore

    store.upsert_declarations([declaration()])
    stranger = Target(TargetKind.OFFICER, "CC9999", "Người Không Liên Quan")
    with pytest.raises(ValidationFailed) as failed:
        store.save_sheet(sheet(scores=(TargetScore(stranger, Score.SATISFIED),)), TAX_CODE)
    assert failed.value.errors[0].field == "scores.0"
    assert failed.value.errors[0].message.code == "unknown_target"
    assert store.count_sheets() == 0
