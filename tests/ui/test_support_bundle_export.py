"""Trợ giúp → Xuất gói hỗ trợ from the window, and opening what it wrote."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.domain.model import SupportRequest
from app.logs import configure_logging
from app.paths import Paths
from app.store import Store
from app.support.bundle import BUNDLE_FAILED, open_bundle_profile
from tests.factories import TAX_CODE, declaration, low_sheet
from tests.ui.test_support_request_dialog import FakeFiles
from ui.main_window import MainWindow
from ui.support_actions import SupportActions

PHONE_DIGITS = "912345678"
PASSWORD = "Mật-khẩu 2026!"


def test_export_writes_a_zip_with_progress_and_nothing_secret(
    qtbot, make_window, store, profile: Paths, dialogs, tmp_path
) -> None:
    handler = configure_logging(profile.log_dir)
    logging.getLogger("test").warning("contact phone 0912 345 678 password=%s", PASSWORD)
    handler.flush()
    store.support.save(
        SupportRequest(
            tax_code="0100109106",
            enterprise_name="Công ty TNHH Hải Phòng",
            office_code="03CE",
            operation_code="IDA",
            content="Lỗi khi gửi IDA",
            contact_name="Nguyễn Văn An",
            contact_phone="0912345678",
        )
    )
    window = make_window()
    target = tmp_path / "out" / "ho-tro.zip"
    session = SimpleNamespace(paths=profile, connection_details=lambda: None, sync=None)
    actions = SupportActions(window, session, files=FakeFiles(saves=[target]))
    assert actions.export_action in window.help_menu.actions()

    seen: list[tuple[int, int]] = []
    actions.export_action.trigger()
    exporter = actions.exporter
    assert exporter.dialog is not None and exporter.dialog.isVisible()
    exporter._progress.changed.connect(lambda done, total: seen.append((done, total)))
    qtbot.waitUntil(lambda: exporter.written is not None, timeout=20_000)
    logging.getLogger().removeHandler(handler)
    handler.close()

    assert exporter.dialog is None
    assert seen and seen[-1][0] == seen[-1][1]
    assert dialogs.shown[-1].kind == "information" and str(target) in dialogs.shown[-1].text
    with zipfile.ZipFile(target) as bundle:
        blobs = {name: bundle.read(name) for name in bundle.namelist()}
    assert "store.sqlite3" in blobs and "manifest.json" in blobs
    assert b'"pyside6"' in blobs["manifest.json"] and b'"qt"' in blobs["manifest.json"]
    for name, blob in blobs.items():
        assert PASSWORD.encode() not in blob, name
        assert PHONE_DIGITS.encode() not in blob.replace(b" ", b""), name

    # Support staff open it: the throwaway profile carries the store, and a window builds on it.
    from app.paths import resolve_paths

    scratch, root = open_bundle_profile(target)
    try:
        with Store.open(resolve_paths(root).store_file) as copy:
            assert copy.execute("SELECT count(*) FROM support_requests").fetchone()[0] == 1
            other = MainWindow(copy, window.settings, dialogs=dialogs, background=False)
            qtbot.addWidget(other)
            other.show()
            assert other.isVisible()
            other.shutdown()
    finally:
        scratch.cleanup()


def test_an_exported_bundle_opens_and_passes_the_self_test(
    profile: Paths, store, tmp_path, capsys
) -> None:
    """What ``--open-bundle FILE --self-test`` does, with the throwaway profile cleaned up here."""
    from app.paths import resolve_paths
    from app.settings import Settings
    from app.support.bundle import write_bundle
    from ui.self_test import run_self_test

    bundle = write_bundle(profile, tmp_path / "b.zip")
    scratch, root = open_bundle_profile(bundle)
    try:
        paths = resolve_paths(root)
        assert run_self_test(paths, Settings.load(paths.settings_file)) == 0
    finally:
        scratch.cleanup()
    assert "self-test: all ok" in capsys.readouterr().out


def test_export_cancelled_at_the_save_dialog_does_nothing(make_window, profile, dialogs) -> None:
    window = make_window()
    session = SimpleNamespace(paths=profile, connection_details=lambda: None, sync=None)
    actions = SupportActions(window, session, files=FakeFiles())
    actions.export_action.trigger()
    assert actions.exporter.dialog is None and dialogs.shown == []
    assert not Path(profile.data_dir / "x.zip").exists()


def _exporter(window, paths: Paths, saves: list[Path]) -> SupportActions:
    session = SimpleNamespace(paths=paths, connection_details=lambda: None, sync=None)
    return SupportActions(window, session, files=FakeFiles(saves=saves))


def test_export_from_a_damaged_store_still_in_place_succeeds(
    qtbot, make_window, dialogs, tmp_path
) -> None:
    """The damage warning says "export a bundle first": that must work on the damaged file."""
    damaged = Paths(tmp_path / "d" / "data", tmp_path / "d" / "config", tmp_path / "d" / "logs")
    damaged.ensure()
    with Store.open(damaged.store_file) as other:
        other.declarations.upsert([declaration()])
        other.sheets.save(low_sheet(content="Gọi theo số 0944 555 666 nhé."), TAX_CODE)
    data = bytearray(damaged.store_file.read_bytes())
    data[:100] = bytes(range(100))  # the header overwritten: "file is not a database"
    damaged.store_file.write_bytes(bytes(data))
    window = make_window()
    target = tmp_path / "out" / "ho-tro.zip"
    actions = _exporter(window, damaged, [target])

    actions.export_action.trigger()
    qtbot.waitUntil(lambda: actions.exporter.written is not None, timeout=20_000)

    assert dialogs.shown[-1].kind == "information" and str(target) in dialogs.shown[-1].text
    with zipfile.ZipFile(target) as bundle:
        raw = bundle.read("store.sqlite3")
        manifest = bundle.read("manifest.json").decode()
    assert len(raw) == len(data) and b"0944 *** *66" in raw and b"555 666" not in raw
    assert PHONE_DIGITS.encode() not in raw
    assert "file is not a database" in manifest


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "Không tạo được tệp"), ("en", "Could not create the file")],
)
def test_a_failed_export_says_why_in_the_users_language(
    qtbot, make_window, settings, profile: Paths, dialogs, tmp_path, language, expected
) -> None:
    settings.language = language
    window = make_window()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    actions = _exporter(window, profile, [blocker / "ho-tro.zip"])

    actions.export_action.trigger()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20_000)

    shown = dialogs.shown[-1]
    assert shown.kind == "warning" and expected in shown.text
    assert "Errno" not in shown.text
    assert actions.exporter.dialog is None and not actions.exporter.busy
    # And the next export works once the user picks a usable folder.
    actions.exporter.start(tmp_path / "ok" / "ho-tro.zip")
    qtbot.waitUntil(lambda: actions.exporter.written is not None, timeout=20_000)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_unexpected_failure_is_still_a_message(
    make_window, settings, profile: Paths, dialogs, language
) -> None:
    settings.language = language
    window = make_window()
    exporter = _exporter(window, profile, []).exporter
    exporter._progress.changed.connect(exporter._advance)  # as start() leaves it

    exporter._failed(RuntimeError("KeyError: 'boom' in a worker"))

    shown = dialogs.shown[-1]
    assert shown.kind == "warning" and BUNDLE_FAILED.text(language) in shown.text
    assert "boom" not in shown.text
