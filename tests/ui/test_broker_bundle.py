"""A broker's support bundle (issues 12 and 15): only the enterprises chosen, opened and replayed.

A broker's profile (``tests.declarants.make_broker``: the real client store and sync engine
against the real intake server, the three demo enterprises each with its own password) has
sheets of every enterprise in other outbox states. The bundle is made for the first and the
third only: the zip holds nothing of the second (tax code, declaration numbers, name, keys);
opened in a fresh profile, the enterprise switcher lists those two and switches read-only, each
enterprise's views equal the declarant's, the banner and the diagnosis are the shown
enterprise's, nothing is written to the bundle's copy and no prompt shows. The replay seeds the
embedded server with both enterprises and their declarations, logs each in with its own
credentials, and delivers the sheets of both once switched to ``normal``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QApplication

from app.domain.states import OutboxState
from app.store import OutboxKind, Store
from app.support.bundle import write_bundle
from server.embedded import EmbeddedServer, start_embedded
from server.schema import rating_sheets as server_sheets
from tests.declarants import Broker, make_broker
from tests.ui.bundles import OpenedBundle, file_hashes, open_bundle_window
from ui.rating_dialog import RatingDialog


@pytest.fixture(scope="module")
def broker_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    with start_embedded(tmp_path_factory.mktemp("broker-intake"), pace=None) as running:
        yield running


def declarations_of(store: Store, tax_code: str) -> list[tuple[object, ...]]:
    return store.execute(
        "SELECT number, status, channel, rating_state FROM declarations WHERE tax_code = ?"
        " ORDER BY number",
        (tax_code,),
    ).fetchall()


def outbox_of(store: Store, tax_code: str | None = None) -> list[tuple[object, ...]]:
    return [
        (item.kind, item.state, item.attempts, item.error.code if item.error else None)
        for item in store.outbox.items(tax_code=tax_code)
    ]


def keys_of(store: Store, tax_code: str) -> set[str]:
    return {item.idempotency_key for item in store.outbox.items(tax_code=tax_code)}


def shown_numbers(opened: OpenedBundle) -> list[str]:
    model = opened.running.window.model
    model.wait()
    rows = (model.declaration_at(row) for row in range(model.rowCount()))
    return sorted(row.number for row in rows if row is not None)


def switch_to(opened: OpenedBundle, tax_code: str) -> None:
    """As the user does: pick the enterprise in the switcher's list."""
    combo = opened.running.window.enterprise_switcher.combo
    index = combo.findData(tax_code)
    assert index >= 0, tax_code
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    QApplication.processEvents()


def accepted(server: EmbeddedServer, tax_code: str) -> set[str]:
    c = server_sheets.c
    with server.runtime.db.read() as conn:
        return set(
            conn.execute(
                sa.select(c.idempotency_key).where(c.tax_code == tax_code, c.status == "accepted")
            ).scalars()
        )


@pytest.fixture(scope="module")
def broker(broker_server: EmbeddedServer, tmp_path_factory: pytest.TempPathFactory) -> Broker:
    return make_broker(tmp_path_factory.mktemp("broker"), broker_server)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_a_broker_bundle_holds_only_the_enterprises_chosen_and_opens_as_it_was(
    qtbot, dialogs, broker: Broker, tmp_path: Path
) -> None:
    a, b, c = broker.tax_codes
    with Store.open(broker.paths.store_file) as theirs:
        their = {
            code: (declarations_of(theirs, code), outbox_of(theirs, code), keys_of(theirs, code))
            for code in (a, b, c)
        }
    # The profile really has sheets of each in other states.
    assert {s for _, s, *_ in their[a][1]} == {OutboxState.DELIVERED, OutboxState.REJECTED}
    assert {s for _, s, *_ in their[b][1]} == {OutboxState.DELIVERED}
    assert {s for _, s, *_ in their[c][1]} == {OutboxState.QUEUED}
    bundle = write_bundle(broker.paths, tmp_path / "ho-tro-dai-ly.zip", enterprises=[a, c])

    # Nothing of B anywhere in the zip: its bytes, and every member's.
    traces = [b, broker.names[b], *broker.numbers[b], *their[b][2]]
    raw = bundle.read_bytes()
    with zipfile.ZipFile(bundle) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for trace in traces:
        assert trace.encode() not in raw, trace
        for member, data in members.items():
            assert trace.encode() not in data, f"{trace} in {member}"
    assert a.encode() in members["store.sqlite3"] and c.encode() in members["store.sqlite3"]
    summary = members["summary.txt"].decode()  # one diagnosis per enterprise included
    assert summary.count("Enterprise (tax code)") == 2 and a in summary and c in summary
    assert "reject-all" in summary and "offline" in summary

    opened = open_bundle_window(bundle, dialogs)
    try:
        running = opened.running
        store, session, view = running.store, running.session, running.bundle_view
        assert view is not None
        before = file_hashes(opened.paths.data_dir)
        switcher = running.window.enterprise_switcher
        listed = [switcher.combo.itemData(i) for i in range(switcher.combo.count())]
        assert sorted(listed) == sorted([a, c]) and switcher.combo.isEnabled()
        assert sorted(e.tax_code for e in store.enterprises.all()) == sorted([a, c])

        for code in (a, c, a):
            switch_to(opened, code)
            assert store.current_tax_code == code
            assert code in running.window.windowTitle()
            assert declarations_of(store, code) == their[code][0]
            assert outbox_of(store) == their[code][1]  # the current enterprise's outbox
            qtbot.waitUntil(lambda code=code: shown_numbers(opened) == broker.numbers[code])
            assert code in view.banner.text()
            support = view.show_support_view()
            assert code in support.windowTitle()
            diagnosis = support.timeline.diagnosis
            assert diagnosis.scenario == ("reject-all" if code == a else "offline")
            assert view.show_handback().tax_code_edit.text() == code  # handed back to it

        # Nothing of B in what the window shows, either.
        texts = [view.banner.text(), running.window.windowTitle()]
        texts += [switcher.combo.itemText(i) for i in range(switcher.combo.count())]
        assert not [t for t in texts for trace in traces if trace in t]
        assert b not in {row[0] for row in store.execute("SELECT tax_code FROM declarations")}

        qtbot.wait(300)
        assert session.server is None and session.sync is None  # nothing ran by itself
        assert file_hashes(opened.paths.data_dir) == before
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, RatingDialog)]
        assert dialogs.shown == []
    finally:
        opened.close()


def sheet_keys(store: Store, tax_code: str, *, delivered: bool) -> set[str]:
    return {
        item.idempotency_key
        for item in store.outbox.items(tax_code=tax_code)
        if item.kind == OutboxKind.RATING_SHEET
        and (item.state == OutboxState.DELIVERED) == delivered
    }


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_the_replay_of_a_broker_bundle_syncs_each_enterprise_with_its_own_credentials(
    qtbot, dialogs, broker: Broker, tmp_path: Path
) -> None:
    a, b, c = broker.tax_codes
    with Store.open(broker.paths.store_file) as theirs:
        waiting = {code: sheet_keys(theirs, code, delivered=False) for code in (a, c)}
        declared = {code: declarations_of(theirs, code) for code in (a, c)}
    assert waiting[a] and waiting[c]
    bundle = write_bundle(broker.paths, tmp_path / "ho-tro-dai-ly.zip", enterprises=[a, c])
    opened = open_bundle_window(bundle, dialogs)
    try:
        running = opened.running
        store, session, view = running.store, running.session, running.bundle_view
        assert view is not None
        before = file_hashes(opened.paths.data_dir)
        switch_to(opened, a)
        support = view.show_support_view()
        assert support.chosen_scenario() == "reject-all"  # what the shown enterprise met
        support.start_replay()
        qtbot.waitUntil(lambda: view.replay.running, timeout=30_000)
        prepared = view.replay_prepared
        assert prepared is not None and session.server is prepared.server
        # Both enterprises, each with its own password and its own declarations; nothing of B.
        assert set(prepared.passwords) == {a, c} and len(set(prepared.passwords.values())) == 2
        assert set(session.syncs) == {a, c}
        for code in (a, c):
            assert session.syncs[code].server_url == prepared.server.url
            assert sorted(prepared.server.declaration_numbers(tax_code=code)) == [
                row[0] for row in declared[code]
            ]
        assert prepared.server.declaration_numbers(tax_code=b) == []

        def refused(code: str) -> bool:
            items = [
                i for i in store.outbox.items(tax_code=code) if i.idempotency_key in waiting[code]
            ]
            return bool(items) and all(i.state == OutboxState.REJECTED for i in items)

        # Under reject-all, the sheets of both enterprises are refused, as A's were.
        qtbot.waitUntil(lambda: refused(a) and refused(c), timeout=60_000)
        assert accepted(prepared.server, a) == accepted(prepared.server, c) == set()

        support.choose_scenario("normal")
        # Delivered, each under its own enterprise (the server files a sheet under the token's).
        qtbot.waitUntil(
            lambda: (
                accepted(prepared.server, a) == waiting[a]
                and accepted(prepared.server, c) == waiting[c]
            ),
            timeout=60_000,
        )
        for code in (a, c):
            qtbot.waitUntil(
                lambda code=code: all(
                    i.state == OutboxState.DELIVERED for i in store.outbox.items(tax_code=code)
                ),
                timeout=30_000,
            )
        assert accepted(prepared.server, b) == set()
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, RatingDialog)]
        assert [s for s in dialogs.shown if s.kind == "warning"] == []
        assert file_hashes(opened.paths.data_dir) == before  # the replay wrote its own copy
    finally:
        opened.close()
