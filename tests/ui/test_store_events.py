"""The window's one "store changed" signal: from the GUI thread at once, from the worker merged."""

from __future__ import annotations

import threading

from app.paths import Paths
from app.store import Store, StorePart
from tests.factories import TAX_CODE, declaration, sheet
from ui.store_events import StoreEvents


def test_one_action_with_several_writes_is_one_signal(qtbot, profile: Paths) -> None:
    with Store.open(profile.store_file) as store:
        events = StoreEvents(store)
        seen: list[frozenset[StorePart]] = []
        events.changed.connect(seen.append)
        store.declarations.upsert([declaration()])
        store.sheets.save(sheet(), TAX_CODE)
        assert events.pending  # queued, not yet told: views refresh once, next turn
        qtbot.waitUntil(lambda: not events.pending)
        assert seen == [frozenset({StorePart.DECLARATIONS, StorePart.OUTBOX})]
        events.shutdown()


def test_writes_on_the_workers_thread_reach_the_gui_thread_merged(qtbot, profile: Paths) -> None:
    with Store.open(profile.store_file) as store:
        events = StoreEvents(store)
        seen: list[tuple[frozenset[StorePart], bool]] = []
        events.changed.connect(
            lambda parts: seen.append(
                (parts, threading.current_thread() is threading.main_thread())
            )
        )

        def sync_pass() -> None:
            with Store.attach(profile.store_file) as worker:
                for i in range(20):
                    worker.declarations.upsert([declaration(f"1045123456{i:02d}")])

        thread = threading.Thread(target=sync_pass)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(seen) and not events.pending, timeout=10_000)
        assert seen == [(frozenset({StorePart.DECLARATIONS}), True)]
        events.shutdown()


def test_only_the_file_the_store_uses_now_counts(qtbot, profile: Paths, tmp_path) -> None:
    other = tmp_path / "elsewhere" / "store.sqlite3"
    with Store.open(profile.store_file) as store, Store.open(other) as elsewhere:
        events = StoreEvents(store)
        seen: list[frozenset[StorePart]] = []
        events.changed.connect(seen.append)
        elsewhere.declarations.upsert([declaration()])
        qtbot.waitUntil(lambda: not events.pending)
        assert seen == []
        events.notify()  # e.g. after the store moved onto a rescue file: everything
        qtbot.waitUntil(lambda: bool(seen))
        assert seen == [frozenset(StorePart)]
        events.shutdown()


def test_news_still_on_its_way_when_the_store_closes_reaches_no_view(qtbot, profile: Paths) -> None:
    """A worker's change merged for 250 ms, and the window's store closed meanwhile (the test's
    or the program's end): the views must not read a closed store."""
    store = Store.open(profile.store_file)
    events = StoreEvents(store)
    seen: list[frozenset[StorePart]] = []
    events.changed.connect(seen.append)
    with Store.attach(profile.store_file) as worker:
        thread = threading.Thread(target=lambda: worker.declarations.upsert([declaration()]))
        thread.start()
        thread.join()
    qtbot.waitUntil(lambda: events._timer.isActive() or bool(seen), timeout=5_000)
    store.close()
    assert store.closed
    qtbot.wait(400)
    assert seen == []
    events.shutdown()
