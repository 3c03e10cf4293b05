"""Hỗ trợ → Diễn biến và chẩn đoán: the timeline and the one-line diagnosis of an opened bundle."""

from __future__ import annotations

from pathlib import Path

from app.support.bundle import write_bundle
from server.embedded import start_embedded
from tests.declarants import make_declarant, tax_code_for
from tests.ui.bundles import open_bundle_window
from ui.support_view import SupportView


def test_the_support_view_shows_the_diagnosis_and_the_errors_with_their_times(
    qtbot, dialogs, tmp_path: Path
) -> None:
    with start_embedded(tmp_path / "intake", pace=None) as server:
        declarant = make_declarant(tmp_path / "declarant", server, "maintenance", tax_code_for(77))
    bundle = write_bundle(declarant.paths, tmp_path / "ho-tro.zip")
    opened = open_bundle_window(bundle, dialogs)
    try:
        view = opened.running.bundle_view
        assert view is not None and view.view_action in view.menu.actions()
        view.view_action.trigger()
        support = view.support_view
        assert isinstance(support, SupportView) and support.isVisible()
        diagnosis = support.timeline.diagnosis
        assert diagnosis.scenario == "maintenance"
        assert support.diagnosis_label.text() == diagnosis.message.vi
        assert "503" in support.diagnosis_label.text()
        assert "Đồng bộ thành công: 1 lượt" in support.counts_label.text()
        settings_text = support.settings_label.text()
        assert server.url in settings_text and declarant.tax_code in settings_text
        assert "180 giây" in settings_text and "3 mục" in settings_text
        assert "Hệ thống tiếp nhận đang bận hoặc bảo trì" in support.seen_label.text()
        assert support.seen_label.text().endswith("×3")
        assert "máy chủ tạm chưa nhận: 3" in support.counts_label.text()
        texts = [support.table.item(r, 1).text() for r in range(support.table.rowCount())]
        assert texts[0] == "đồng bộ thành công" and "máy chủ tạm chưa nhận (HTTP 503)" in texts
        assert support.table.item(texts.index("máy chủ tạm chưa nhận (HTTP 503)"), 2).text() == "3"
        assert view.show_support_view() is support  # one view, brought forward again
    finally:
        opened.close()


def test_replay_on_the_command_line_starts_at_once_under_the_scenario_given(
    qtbot, dialogs, tmp_path: Path
) -> None:
    """``customs-rating --open-bundle FILE --replay --scenario offline``."""
    with start_embedded(tmp_path / "intake", pace=None) as server:
        declarant = make_declarant(tmp_path / "declarant", server, "throttled", tax_code_for(78))
    bundle = write_bundle(declarant.paths, tmp_path / "ho-tro.zip")
    opened = open_bundle_window(bundle, dialogs, "--replay", "--scenario", "offline")
    try:
        view = opened.running.bundle_view
        assert view is not None
        qtbot.waitUntil(lambda: view.replay.running, timeout=30_000)
        prepared = view.replay_prepared
        assert prepared is not None and prepared.server.scenario.name == "offline"
        assert view.support_view is not None
        assert view.support_view.chosen_scenario() == "offline"
        assert view.support_view.timeline.diagnosis.scenario == "throttled"
        assert "offline" in view.banner.text() and not view.support_view.replay_button.isEnabled()
        assert view.replay.start("normal") is False  # one replay at a time
    finally:
        opened.close()


def test_a_replay_that_cannot_start_says_why_and_can_be_tried_again(
    qtbot, dialogs, tmp_path: Path, profile
) -> None:
    from dataclasses import replace

    from app.store import Store
    from tests.factories import declaration

    with Store.open(profile.store_file) as store:
        store.declarations.upsert([declaration()])
    bundle = write_bundle(profile, tmp_path / "ho-tro.zip")
    opened = open_bundle_window(bundle, dialogs, "--scenario", "slow:delay=-1")
    try:
        view = opened.running.bundle_view
        assert view is not None
        support = view.show_support_view()
        assert support.chosen_scenario() == "slow:delay=-1"
        support.start_replay()
        qtbot.waitUntil(lambda: support.replay_button.isEnabled(), timeout=30_000)
        assert "UnknownScenario" in support.replay_status.text()
        assert not view.replay.running and opened.running.session.server is None
        view.facts = replace(view.facts, tax_code="")
        failures: list[str] = []
        view.replay.failed.connect(failures.append)
        assert view.replay.start("normal") is False
        assert "mã số thuế" in failures[-1]
    finally:
        opened.close()
