"""``--open-bundle FILE``: the declarant's data as it was, read-only, nothing sent, no prompt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app import __version__
from app.domain.messages import Message
from app.domain.model import DeclarationStatus, Response
from app.domain.states import OutboxState, RatingState
from app.paths import Paths
from app.settings import Settings
from app.store import SendOutcome, Store, connect, migrate
from app.store.bundle_copy import StoreReadOnly, open_bundle_store
from app.support.bundle import write_bundle
from tests.factories import TAX_CODE, declaration, low_sheet, sheet
from tests.ui.bundles import file_hashes, open_bundle_window
from ui.bundle_view import OpenBundleAction, bundle_command, created_label
from ui.main import BUNDLE_SESSION_LOGS, parse_args, session_log_dir
from ui.rating_dialog import RatingDialog

NUMBERS = ["104512345670", "104512345671", "104512345672", "304512345673"]


def declarant_bundle(profile: Paths, target: Path) -> Path:
    """A declarant's profile with a delivered, a rejected and a queued sheet and an unread answer."""
    Settings(tax_code=TAX_CODE, server_url="https://intake.example").save(profile.settings_file)
    with Store.open(profile.store_file) as store:
        store.declarations.upsert([declaration(n) for n in NUMBERS[:3]])
        store.declarations.upsert(
            [declaration(NUMBERS[3], status=DeclarationStatus.CHANNEL_ASSIGNED)]
        )
        delivered = store.sheets.save(sheet(NUMBERS[0]), TAX_CODE)
        rejected = store.sheets.save(low_sheet(NUMBERS[1]), TAX_CODE)
        store.sheets.save(sheet(NUMBERS[2]), TAX_CODE)
        ids = {item.ref_id: item.id for item in store.outbox.items()}
        store.outbox.apply_results(
            [
                SendOutcome(ids[delivered], OutboxState.DELIVERED, "PDG-1", "2026-12-01T08:00:00Z"),
                SendOutcome(
                    ids[rejected],
                    OutboxState.REJECTED,
                    error=Message("intake_paused", "Tạm dừng tiếp nhận.", "Intake is paused."),
                ),
            ]
        )
        store.responses.upsert(
            [
                Response(
                    "PH-1",
                    "k",
                    NUMBERS[0],
                    "upheld",
                    "Đã xác minh.",
                    datetime(2026, 12, 1, tzinfo=UTC),
                )
            ],
            TAX_CODE,
        )
    return write_bundle(profile, target)


def rows_of(store: Store) -> list[tuple[object, ...]]:
    return store.execute(
        "SELECT number, status, rating_state FROM declarations ORDER BY number"
    ).fetchall()


@pytest.mark.slow
def test_an_opened_bundle_shows_the_declarants_data_and_writes_nothing_for_seconds(
    qtbot, profile: Paths, dialogs, tmp_path
) -> None:
    bundle = declarant_bundle(profile, tmp_path / "ho-tro.zip")
    with Store.open(profile.store_file) as original:
        expected_rows = rows_of(original)
        expected_outbox = [
            (i.state, i.error.code if i.error else None) for i in original.outbox.items()
        ]

    opened = open_bundle_window(bundle, dialogs)
    try:
        window, session, store = opened.running.window, opened.running.session, opened.running.store
        before = file_hashes(opened.paths.data_dir)
        assert rows_of(store) == expected_rows
        assert [(i.state, i.error.code if i.error else None) for i in store.outbox.items()] == (
            expected_outbox
        )
        assert store.declarations.rating_state(NUMBERS[1]) == RatingState.REJECTED
        assert store.responses.unread_count() == 1

        # Several seconds with the event loop running: the old path logged in as the demo
        # enterprise and synced its declarations into the copy by now.
        qtbot.wait(6000)
        assert session.server is None and session.sync is None
        assert store.declarations.count() == len(NUMBERS)
        assert file_hashes(opened.paths.data_dir) == before
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, RatingDialog)]
        assert dialogs.shown == []

        banner = opened.running.bundle_view.banner.text()  # type: ignore[union-attr]
        assert TAX_CODE in banner and __version__ in banner and "không có gì được gửi đi" in banner
        created = opened.running.bundle_view.facts.created_at  # type: ignore[union-attr]
        assert created_label(created) in banner
        assert "ho-tro.zip" in window.windowTitle()
        for action in (window.rate_action, window.sync_action, session.login_action):
            assert not action.isEnabled()
        window.table.selectRow(0)
        assert not window.feedback_action.isEnabled()

        # Looking at the answer does not mark it read; a write is refused before it begins.
        session.show_inbox()
        assert store.responses.unread_count() == 1
        with pytest.raises(StoreReadOnly) as refused:
            store.sheets.save(sheet(NUMBERS[0]), TAX_CODE)
        assert "chỉ" in refused.value.message.vi.lower() or "xem" in refused.value.message.vi
        window.declarations_completed(NUMBERS[:3])
        qtbot.wait(100)
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, RatingDialog)]
        assert file_hashes(opened.paths.data_dir) == before
        # Support's own log lines go beside the bundle's logs, never into them.
        args = parse_args(["--open-bundle", "x.zip"])
        args.profile = str(opened.root)
        assert session_log_dir(args, opened.paths) == opened.root / BUNDLE_SESSION_LOGS
    finally:
        opened.close()


def test_an_older_store_is_migrated_in_a_working_copy_and_the_bundles_file_is_left_alone(
    tmp_path,
) -> None:
    source = tmp_path / "store.sqlite3"
    conn = connect(source)  # a version-4 store, as a declarant's older program wrote it
    assert migrate(conn, target=4) == 4
    now = "2026-11-20T08:30:00+00:00"
    conn.execute(
        "INSERT INTO declarations(id, number, type_code, office_code, office_name, channel,"
        " registered_at, status, tax_code, updated_at, rating_state)"
        " VALUES (1, ?, 'A11', '03CC', 'CC I', 1, ?, 'cleared', ?, ?, 'unrated')",
        (NUMBERS[0], now, TAX_CODE, now),
    )
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = file_hashes(tmp_path)
    store, notices = open_bundle_store(source, tmp_path / "working")
    try:
        assert store.path == tmp_path / "working" / "store.sqlite3"
        assert store.schema_version > 4 and store.declarations.count() == 1
        assert notices == []
    finally:
        store.close()
    assert {k: v for k, v in file_hashes(tmp_path).items()} == before


def test_help_open_bundle_starts_the_program_on_the_chosen_file(make_window, tmp_path) -> None:
    window = make_window()
    launched: list[Path] = []
    chosen = tmp_path / "ho-tro.zip"
    action = OpenBundleAction(
        window, choose=lambda _parent: chosen, launch=lambda p: launched.append(p) or True
    )
    assert action.action in window.help_menu.actions()
    action.action.trigger()
    assert launched == [chosen]
    program, arguments = bundle_command(chosen)
    assert arguments[-2:] == ["--open-bundle", str(chosen)] and Path(program).exists()
    failing = OpenBundleAction(window, choose=lambda _parent: chosen, launch=lambda _p: False)
    assert failing.open() is None
    assert window.dialogs.shown[-1].kind == "warning"
    nothing = OpenBundleAction(window, choose=lambda _parent: None, launch=lambda _p: True)
    assert nothing.open() is None


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_program_opens_a_bundle_as_its_own_process_and_leaves_no_profile_behind(
    profile: Paths, tmp_path
) -> None:
    """``customs-rating --open-bundle FILE``, to its window painted (the start-up probe)."""
    import os
    import subprocess
    import sys

    from ui.main import STARTUP_PROBE_ENV

    bundle = declarant_bundle(profile, tmp_path / "ho-tro.zip")
    before = bundle.read_bytes()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "ui", "--open-bundle", str(bundle)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", STARTUP_PROBE_ENV: "1",
             "TMPDIR": str(scratch)},
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ready" in done.stdout
    assert bundle.read_bytes() == before
    assert list(scratch.iterdir()) == []  # the throwaway profile went with the program
    broken = tmp_path / "not-a-bundle.zip"
    broken.write_bytes(b"PK not really")
    refused = subprocess.run(
        [sys.executable, "-m", "ui", "--open-bundle", str(broken)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 2 and "gói hỗ trợ" in refused.stderr
