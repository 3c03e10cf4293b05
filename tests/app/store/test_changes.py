"""Every write says which parts of the store it touched, after the commit, whoever made it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.model import Response
from app.domain.validation import ValidationFailed
from app.paths import Paths
from app.store import Store, StorePart, add_change_listener, remove_change_listener
from tests.factories import TAX_CODE, declaration, sheet


@pytest.fixture
def heard():
    events: list[tuple[Path, frozenset[StorePart]]] = []

    def listener(path: Path, parts: frozenset[StorePart]) -> None:
        events.append((path, parts))

    add_change_listener(listener)
    yield events
    remove_change_listener(listener)


def test_each_write_names_the_parts_it_touched(profile: Paths, heard) -> None:
    from datetime import UTC, datetime

    with Store.open(profile.store_file) as store:
        heard.clear()
        store.declarations.upsert([declaration()])
        store.sheets.save(sheet(), TAX_CODE)
        store.responses.upsert(
            [Response("R1", "k", "104512345670", "upheld", "Đã xử lý.", datetime.now(UTC))],
            "0100109106",
        )
        store.meta.set("k", "v")  # nothing a view shows
    assert [parts for _path, parts in heard] == [
        frozenset({StorePart.DECLARATIONS}),
        frozenset({StorePart.OUTBOX, StorePart.DECLARATIONS}),
        frozenset({StorePart.RESPONSES}),
    ]
    assert {path for path, _ in heard} == {profile.store_file}


def test_a_write_that_failed_is_not_announced(profile: Paths, heard) -> None:
    with Store.open(profile.store_file) as store:
        heard.clear()
        with pytest.raises(ValidationFailed):
            store.sheets.save(sheet("109999999999"), TAX_CODE)  # no such declaration
    assert heard == []


def test_the_sync_workers_connection_is_heard_like_the_windows(profile: Paths, heard) -> None:
    with Store.open(profile.store_file) as owner, Store.attach(profile.store_file) as worker:
        heard.clear()
        worker.declarations.upsert([declaration()])
        assert owner.declarations.count() == 1
    assert heard == [(profile.store_file, frozenset({StorePart.DECLARATIONS}))]
