"""The replay's copy of a bundle's store: everything undelivered queued again, phones whole."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.messages import Message
from app.domain.model import Response
from app.domain.states import OutboxState, RatingState
from app.store import SendOutcome, Store
from app.store.bundle_copy import (
    StoreReadOnly,
    _replay_payload,
    copy_store,
    declarations_of,
    open_bundle_store,
    prepare_replay_copy,
    replay_phone,
    requeue_for_replay,
    tax_codes_by_use,
)
from tests.factories import TAX_CODE, declaration, low_sheet, sheet

PAUSED = Message("intake_paused", "Tạm dừng.", "Paused.")


def test_masked_phones_are_made_whole_with_zeros() -> None:
    assert replay_phone("0944***66") == "0944000066"
    assert replay_phone("+8491***78") == "+84910000078"
    assert replay_phone("0912345678") == "0912345678"


def test_the_replay_copy_queues_again_what_was_not_delivered(tmp_path: Path) -> None:
    original = tmp_path / "declarant.sqlite3"
    with Store.open(original) as store:
        store.declarations.upsert([declaration(f"10451234567{i}") for i in range(4)])
        delivered = store.sheets.save(sheet("104512345670"), TAX_CODE)
        rejected = store.sheets.save(low_sheet("104512345671"), TAX_CODE)
        corrected = store.sheets.save(sheet("104512345672"), TAX_CODE)
        ids = {item.ref_id: item.id for item in store.outbox.items()}
        store.outbox.apply_results(
            [
                SendOutcome(ids[delivered], OutboxState.DELIVERED, "PDG-1", "2026-12-01T00:00:00Z"),
                SendOutcome(ids[rejected], OutboxState.REJECTED, error=PAUSED),
                SendOutcome(ids[corrected], OutboxState.REJECTED, error=PAUSED),
            ]
        )
        # "Sửa và gửi lại": a new sheet for the third declaration; its rejected one stays so.
        store.sheets.save(sheet("104512345672"), TAX_CODE)
        assert tax_codes_by_use(store) == [TAX_CODE]
    source = tmp_path / "store.sqlite3"
    copy_store(original, source)  # as a bundle holds it: the phone masked
    before = source.read_bytes()
    copy = tmp_path / "replay" / "store.sqlite3"
    copy.parent.mkdir()
    prepare_replay_copy(source, copy)
    assert source.read_bytes() == before
    with Store.open(copy) as replay:
        states = [(i.ref_id, i.state, i.attempts, i.error) for i in replay.outbox.items()]
        assert states[0][1] == OutboxState.DELIVERED
        assert all(s == OutboxState.QUEUED and a == 0 and e is None for _r, s, a, e in states[1:])
        payload = next(i.payload for i in replay.outbox.items() if i.ref_id == rejected)
        assert payload["contact_phone"] == "+84910000078"  # masked as +8491***78, made whole
        assert replay.declarations.rating_state("104512345671") == RatingState.QUEUED
        assert replay.declarations.rating_state("104512345670") == RatingState.SENT
        mine = declarations_of(replay, TAX_CODE)
        assert mine == [replay.declarations.get(f"10451234567{i}") for i in range(4)]
        assert declarations_of(replay, "0299987654") == []
        # The replay's server refused them again: queued once more before another scenario.
        again = [i.id for i in replay.outbox.items() if i.state == OutboxState.QUEUED]
        replay.outbox.apply_results([SendOutcome(again[0], OutboxState.REJECTED, error=PAUSED)])
        assert requeue_for_replay(replay) == 1
        assert replay.declarations.rating_state("104512345671") == RatingState.QUEUED


def test_a_damaged_bundle_store_is_salvaged_in_a_working_copy_and_left_as_it_came(
    tmp_path: Path,
) -> None:
    source = tmp_path / "store.sqlite3"
    with Store.open(source) as store:
        store.declarations.upsert([declaration(f"10451234567{i}") for i in range(3)])
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(source.read_bytes())
    data[:100] = bytes(range(100))  # the header is garbage: SQLite cannot read the file
    source.write_bytes(bytes(data))
    before = source.read_bytes()
    store, notices = open_bundle_store(source, tmp_path / "working")
    try:
        assert store.path.parent == tmp_path / "working" and store.read_only
        assert notices  # the salvage is said, as at an ordinary start
        with pytest.raises(StoreReadOnly):
            store.meta.set("k", "v")
    finally:
        store.close()
    assert source.read_bytes() == before


def test_during_a_replay_the_copy_is_written_and_answers_are_marked_read(tmp_path: Path) -> None:
    source = tmp_path / "store.sqlite3"
    with Store.open(source) as store:
        store.declarations.upsert([declaration()])
        store.responses.upsert(
            [Response("PH-1", "k", "104512345670", "upheld", "Đã xác minh.", datetime.now(UTC))]
        )
    copy = tmp_path / "replay.sqlite3"
    prepare_replay_copy(source, copy)
    view, _notices = open_bundle_store(source, tmp_path / "working")
    try:
        view.responses.mark_read("PH-1")
        assert view.responses.unread_count() == 1  # looking marks nothing
        assert view.prompts.claim(["104512345670"]) == []
        view.replay_in(copy)
        assert not view.read_only and view.path == copy
        view.responses.mark_read("PH-1")
        assert view.responses.unread_count() == 0
        view.meta.set("k", "v")
        assert view.meta.get("k") == "v"
    finally:
        view.close()
    with Store.open(source) as untouched:
        assert untouched.responses.unread_count() == 1


def test_payloads_without_a_masked_phone_are_kept_byte_for_byte() -> None:
    assert _replay_payload("not json") == "not json"
    assert _replay_payload('{"contact_phone": ""}') == '{"contact_phone": ""}'
    assert _replay_payload("[1]") == "[1]"
    assert json.loads(_replay_payload('{"contact_phone": "0944***66"}'))["contact_phone"] == (
        "0944000066"
    )
