"""The timeline and diagnosis of issue 15, from logs the real client wrote against the real server."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.support.bundle import unpack_bundle, write_bundle
from app.support.summary import SUMMARY_NAME
from app.support.timeline import (
    EventKind,
    build_timeline,
    duration_text,
    events_from_log,
    log_files,
    offset_of,
    read_log_lines,
)
from server.embedded import EmbeddedServer, start_embedded
from server.scenarios import Scenario
from tests.declarants import SCENARIOS, make_declarant, tax_code_for

ICT = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    with start_embedded(tmp_path_factory.mktemp("intake"), pace=None) as running:
        yield running


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_diagnosis_of_a_bundle_names_the_scenario_the_declarant_met(
    server: EmbeddedServer, tmp_path: Path, scenario: str
) -> None:
    declarant = make_declarant(
        tmp_path / "declarant", server, scenario, tax_code_for(SCENARIOS.index(scenario))
    )
    bundle = write_bundle(declarant.paths, tmp_path / "ho-tro.zip")
    paths = unpack_bundle(bundle, tmp_path / "support")
    manifest = json.loads((tmp_path / "support" / "manifest.json").read_text())
    timeline = build_timeline(
        read_log_lines(paths.log_dir), manifest["outbox"], offset_of(manifest["utc_offset_minutes"])
    )
    diagnosis = timeline.diagnosis
    assert diagnosis.scenario == scenario
    Scenario.parse(diagnosis.scenario_spec)  # the replay can start under it as written
    assert timeline.count(EventKind.PASS_OK) >= 1  # the first pass, before the trouble
    errors = timeline.errors_by_kind
    assert errors and all(times == sorted(times) for times in errors.values())
    with zipfile.ZipFile(bundle) as opened:
        summary = opened.read(SUMMARY_NAME).decode()
    assert diagnosis.message.vi in summary and diagnosis.message.en in summary
    assert declarant.tax_code in summary and diagnosis.scenario_spec in summary
    assert (tmp_path / "support" / SUMMARY_NAME).read_text(encoding="utf-8") == summary
    if scenario == "maintenance":
        assert diagnosis.options == {"retry_after": 30}
        assert "503" in diagnosis.message.en and "Retry-After 30 s" in diagnosis.message.en
    if scenario == "slow":
        assert diagnosis.read_timeout == 1.0 and diagnosis.options == {"delay": 2.0}
    if scenario == "flaky":
        assert errors.keys() <= {EventKind.SERVER, EventKind.DROPPED}
        share = diagnosis.options
        assert 0 < float(share["errors"]) + float(share["drops"]) <= 1
    if scenario == "reject-all":
        assert "intake_paused" in diagnosis.message.en and "3 sheets" in diagnosis.message.en


def line(at: str, text: str, level: str = "WARNING") -> str:
    return f"{at},123 {level} app.sync.engine [sync] {text}"


def test_a_full_disk_and_a_refused_login_are_said_in_words() -> None:
    disk = [
        line(
            "2026-12-02 09:00:00",
            "sync pass stopped by a local error: StoreFull('Not saved: the disk is full.')",
            "ERROR",
        ),
        line("2026-12-02 09:00:10", "sync pass stopped again by a local error: StoreFull('full')"),
    ]
    timeline = build_timeline(disk, [], ICT)
    assert timeline.diagnosis.problem is EventKind.DISK
    assert (
        "disk was full" in timeline.diagnosis.message.en and timeline.diagnosis.scenario == "normal"
    )
    auth = [
        line(f"2026-12-02 09:0{i}:00", "sync failed (auth: HTTP 401); next try in 2.0 s")
        for i in range(3)
    ]
    diagnosis = build_timeline(auth, [], ICT).diagnosis
    assert (
        diagnosis.problem is EventKind.AUTH and "login was refused 3 times" in diagnosis.message.en
    )
    other = [line("2026-12-02 09:00:00", "sync pass stopped by a local error: OSError('EIO')")]
    assert build_timeline(other, [], ICT).diagnosis.problem is EventKind.LOCAL


def test_no_trouble_a_tie_goes_to_the_latest_and_runs_merge() -> None:
    ok = line(
        "2026-12-02 08:00:00",
        "sync pass ok in 0.2 s: 1 delivered, 0 rejected, 5 declarations, 0 responses",
        "INFO",
    )
    assert build_timeline([ok], [], ICT).diagnosis.message.code == "no_trouble"
    lines = [
        ok,
        line(
            "2026-12-02 08:01:00",
            "sync failed (throttled: HTTP 429, Retry-After 60 s); next try in 60.0 s",
        ),
        line(
            "2026-12-02 08:41:00",
            "sync failed (throttled: HTTP 429, Retry-After 60 s); next try in 60.0 s",
        ),
        line(
            "2026-12-02 09:00:00",
            "sync failed (unreachable: Max retries exceeded (Caused by NewConnectionError('Connection refused')))); next try in 4.0 s",
        ),
        line(
            "2026-12-02 09:05:00",
            "sync failed (unreachable: [Errno 111] Connection refused); next try in 8.0 s",
        ),
        line("2026-12-02 09:06:00", "the intake server answers again; syncing now", "INFO"),
        "a line of another shape",
    ]
    timeline = build_timeline(lines, [], ICT)
    assert timeline.diagnosis.scenario == "offline"  # two each: the later trouble wins
    assert [(r.kind, r.count) for r in timeline.runs()] == [
        (EventKind.PASS_OK, 1),
        (EventKind.THROTTLED, 2),
        (EventKind.OFFLINE, 2),
        (EventKind.BACK, 1),
    ]
    throttled = build_timeline(lines[:3], [], ICT).diagnosis
    assert throttled.scenario == "throttled" and throttled.options == {"retry_after": 60}
    assert "429 with Retry-After 60 s for 40 minutes" in throttled.message.en
    assert throttled.scenario_spec == "throttled:retry_after=60"


def test_outbox_rows_give_deliveries_and_rejections_in_the_declarants_time() -> None:
    rows = [
        {
            "state": "delivered",
            "updated_at": "2026-12-02T01:00:00.000+00:00",
            "receipt_id": "PDG-1",
        },
        {
            "state": "rejected",
            "updated_at": "2026-12-02T02:00:00+00:00",
            "error_code": "x",
            "error_en": "No.",
        },
        {"state": "queued", "updated_at": "not a time"},
    ]
    timeline = build_timeline([], rows, ICT)
    assert [(e.kind, e.at.hour) for e in timeline.events] == [
        (EventKind.DELIVERED, 8),
        (EventKind.REJECTED, 9),
    ]
    assert timeline.waiting == 2 and timeline.diagnosis.scenario == "reject-all"


def test_durations_offsets_and_rotated_logs(tmp_path: Path) -> None:
    assert duration_text(timedelta(seconds=40)) == ("40 giây", "40 s")
    assert duration_text(timedelta(minutes=40)) == ("40 phút", "40 minutes")
    assert duration_text(timedelta(hours=2, minutes=5)) == ("2 giờ 5 phút", "2 h 5 min")
    assert offset_of(420) == ICT
    assert offset_of("x").utcoffset(None) == datetime.now().astimezone().utcoffset()
    for name, text in (
        ("customs-rating.log", "new"),
        ("customs-rating.log.2", "oldest"),
        ("customs-rating.log.1", "older"),
    ):
        (tmp_path / name).write_text(text + "\n")
    assert [p.name for p in log_files(tmp_path)] == [
        "customs-rating.log.2",
        "customs-rating.log.1",
        "customs-rating.log",
    ]
    assert read_log_lines(tmp_path) == ["oldest", "older", "new"]
    stamped = events_from_log(
        [
            line(
                "2026-12-02 09:00:00",
                "sync failed (timeout: Read timed out. (read timeout=30.0)); next try in 2.0 s",
            )
        ],
        ICT,
    )
    assert (
        stamped[0].at == datetime(2026, 12, 2, 2, 0, tzinfo=UTC) and stamped[0].read_timeout == 30.0
    )


def test_in_a_brokers_bundle_each_enterprise_has_its_own_lines_and_outbox() -> None:
    """Pass lines end with the enterprise (``[MST …]``); untagged lines (older logs) go to all."""
    a, c = "0299987654", "0299987654-001"
    lines = [
        line("2026-12-02 09:00:00", f"sync failed (auth: HTTP 401); next try in 2.0 s [MST {a}]"),
        line("2026-12-02 09:01:00", f"sync failed (auth: HTTP 401); next try in 4.0 s [MST {a}]"),
        line(
            "2026-12-02 09:02:00",
            "sync failed (unreachable: [Errno 111] Connection refused); next try in 8.0 s"
            f" [MST {c}]",
        ),
        line("2026-12-02 09:03:00", "sync failed (auth: HTTP 401); next try in 2.0 s"),
    ]
    rows = [
        {"tax_code": c, "state": "queued", "created_at": "2026-12-02T01:00:00+00:00"},
        {"tax_code": a, "state": "queued", "created_at": "2026-12-02T01:00:00+00:00"},
        {"tax_code": a, "state": "delivered", "updated_at": "2026-12-02T01:05:00+00:00"},
    ]
    mine = build_timeline(lines, rows, ICT, a)
    assert mine.diagnosis.problem is EventKind.AUTH and mine.count(EventKind.AUTH) == 3
    assert mine.count(EventKind.OFFLINE) == 0 and mine.waiting == 1
    assert all("MST" not in event.detail for event in mine.events)
    theirs = build_timeline(lines, rows, ICT, c)
    assert theirs.count(EventKind.OFFLINE) == 1 and theirs.count(EventKind.AUTH) == 1
    assert theirs.count(EventKind.DELIVERED) == 0 and theirs.waiting == 1
    # Told for nobody in particular (a one-enterprise bundle): every line counts.
    assert build_timeline(lines, rows, ICT).count(EventKind.AUTH) == 3
