"""Hand-back: support writes a corrected setting from a bundle, the declarant imports it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.paths import Paths
from app.settings import Settings
from app.store import Store
from app.support.bundle import write_bundle
from app.support.handback import HandbackError, read_handback
from tests.factories import TAX_CODE, declaration
from tests.ui.bundles import open_bundle_window
from ui.handback import ImportHandbackAction

TYPO = "https://tiepnhan.haiquan-haiphong.vn:8443x"
FIXED = "https://tiepnhan.haiquan-haiphong.vn"


def test_support_writes_a_checked_setting_and_the_declarant_imports_it(
    qtbot, profile: Paths, dialogs, tmp_path: Path, make_window, settings: Settings
) -> None:
    # The declarant's bundle, pointed at a server address with a typo.
    Settings(tax_code=TAX_CODE, server_url=TYPO).save(profile.settings_file)
    with Store.open(profile.store_file) as theirs:
        theirs.declarations.upsert([declaration()])
    bundle = write_bundle(profile, tmp_path / "ho-tro.zip")
    target = tmp_path / "out" / "thiet-lap.json"
    target.parent.mkdir()
    opened = open_bundle_window(bundle, dialogs)
    try:
        view = opened.running.bundle_view
        assert view is not None and view.handback_action in view.menu.actions()
        dialog = view.show_handback()
        dialog._choose = lambda _parent, _suggested: target
        assert dialog.server_edit.text() == TYPO and dialog.tax_code_edit.text() == TAX_CODE
        dialog.server_edit.setText("http://tiepnhan.haiquan-haiphong.vn")  # plain http: refused
        assert dialog.save() is None and dialog.error.isVisible() and not target.exists()
        dialog.server_edit.setText(FIXED)
        dialog.tax_code_edit.setText("0100109107")  # a wrong check digit
        assert dialog.save() is None and not target.exists()
        dialog.tax_code_edit.setText(TAX_CODE)
        assert dialog.save() == target
        assert dialogs.shown[-1].kind == "information" and str(target) in dialogs.shown[-1].text
    finally:
        opened.close()
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["settings"] == {"server_url": FIXED, "tax_code": TAX_CODE}
    assert "password" not in target.read_text().lower()
    assert read_handback(target).made_for == TAX_CODE

    # The declarant's window: what changes is shown, confirmed, saved.
    settings.server_url = TYPO
    window = make_window(settings_path=profile.settings_file)
    dialogs.answers = ["yes"]
    action = ImportHandbackAction(window, choose=lambda _parent, _start: target)
    assert action.action in window.help_menu.actions()
    assert action.run() is True
    asked = [s for s in dialogs.shown if s.kind == "question"][-1]
    assert f"{TYPO} → {FIXED}" in asked.text
    assert Settings.load(profile.settings_file).server_url == FIXED
    assert window.settings.server_url == FIXED
    assert action.run() is False  # nothing left to change
    assert "không có gì thay đổi" in dialogs.shown[-1].text


def test_a_file_for_another_enterprise_or_no_handback_is_refused(
    qtbot, profile: Paths, dialogs, tmp_path: Path, make_window, settings: Settings
) -> None:
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {
                "kind": "customs-rating-settings",
                "version": 1,
                "made_for": "0299987654",
                "settings": {"server_url": FIXED, "tax_code": "0299987654"},
            }
        ),
        encoding="utf-8",
    )
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]", encoding="utf-8")
    window = make_window(settings_path=profile.settings_file)
    before = profile.settings_file.read_bytes() if profile.settings_file.exists() else None
    assert ImportHandbackAction(window, choose=lambda *_: other).run() is False
    assert "0299987654" in dialogs.shown[-1].text and dialogs.shown[-1].kind == "warning"
    assert ImportHandbackAction(window, choose=lambda *_: junk).run() is False
    assert "không phải tệp thiết lập" in dialogs.shown[-1].text
    assert ImportHandbackAction(window, choose=lambda *_: None).run() is False
    after = profile.settings_file.read_bytes() if profile.settings_file.exists() else None
    assert after == before
    with pytest.raises(HandbackError):
        read_handback(tmp_path / "missing.json")
