"""The declarations feed and the VNACCS simulator behind it."""

from __future__ import annotations

import itertools
import random
import shutil
from collections import Counter
from pathlib import Path

from app.domain.model import COMPLETED_STATUSES, Channel, DeclarationStatus, can_transition
from app.domain.validation import validate_tax_code
from server.embedded import EmbeddedServer
from server.runtime import IntakeRuntime
from server.simulator import draw_channel
from tests.server.conftest import Api

IMPORT_TYPES = {"A11", "A12", "A31", "A41", "E11", "E21", "E31", "G12"}
EXPORT_TYPES = {"B11", "B13", "E42", "E52", "E62", "G61"}


def test_a_newcomer_finds_declarations_ready_to_rate(demo: Api) -> None:
    items = demo.declarations()
    statuses = Counter(d["status"] for d in items)
    assert sum(statuses[s.value] for s in COMPLETED_STATUSES) >= 5
    assert statuses["registered"] and statuses["inspection"] and statuses["cancelled"]


def test_declarations_look_like_vnaccs_ones(demo: Api) -> None:
    for declaration in demo.declarations():
        number = declaration["number"]
        assert len(number) == 12 and number.isdigit()
        if number.startswith("10"):
            assert declaration["type_code"] in IMPORT_TYPES
        else:
            assert number.startswith("30") and declaration["type_code"] in EXPORT_TYPES
        assert validate_tax_code(declaration["tax_code"]) == declaration["tax_code"]
        code = declaration["office_code"]
        assert len(code) == 4 and code[:2].isdigit()
        assert "Chi cục Hải quan khu vực" in declaration["office_name"]
        kinds = {t["kind"] for t in declaration["targets"]}
        assert {"sub_department", "team", "stage", "officer"} <= kinds
        history = [DeclarationStatus(h["status"]) for h in declaration["history"]]
        assert history[0] is DeclarationStatus.REGISTERED
        assert history[-1].value == declaration["status"]
        assert all(can_transition(a, b) for a, b in itertools.pairwise(history))
        if declaration["status"] in ("inspection", "brought_to_storage"):
            assert declaration["channel"] in (2, 3)


def test_the_client_reads_import_and_export_right(demo: Api) -> None:
    from app.domain.wire import DeclarationOut

    for item in demo.declarations():
        declaration = DeclarationOut.model_validate(item).to_declaration()
        assert declaration.is_import == (item["type_code"] in IMPORT_TYPES)
        assert declaration.targets and declaration.history


def test_the_feed_pages_by_cursor(demo: Api) -> None:
    everything = demo.declarations()
    seen: list[str] = []
    cursor = ""
    while True:
        page = demo.get("/declarations", params={"since": cursor, "limit": 5}).json()
        assert len(page["items"]) <= 5
        seen += [d["number"] for d in page["items"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert seen == [d["number"] for d in everything]
    empty = demo.get("/declarations", params={"since": cursor}).json()
    assert (empty["items"], empty["next_cursor"], empty["has_more"]) == ([], cursor, False)


def test_a_changed_declaration_comes_round_again(intake_server: EmbeddedServer, demo: Api) -> None:
    cursor = demo.get("/declarations").json()["next_cursor"]
    numbers = intake_server.complete_declarations(2)
    page = demo.get("/declarations", params={"since": cursor}).json()
    assert [d["number"] for d in page["items"]] == numbers
    assert all(d["status"] in ("released", "brought_to_storage", "cleared") for d in page["items"])


def test_ticks_register_and_move_declarations(intake_server: EmbeddedServer, demo: Api) -> None:
    cursor = demo.get("/declarations").json()["next_cursor"]
    changed = intake_server.simulator.advance(40)
    assert changed
    mine = demo.get("/declarations", params={"since": cursor}).json()["items"]
    assert mine, "forty ticks move at least one of the demo enterprise's declarations"


def test_a_bad_cursor_is_422(demo: Api) -> None:
    for cursor in ("abc", "-1", "9" * 40):
        response = demo.get("/declarations", params={"since": cursor})
        assert response.status_code == 422
    assert demo.get("/declarations", params={"limit": 0}).status_code == 422
    assert demo.get("/declarations", params={"limit": 501}).status_code == 422


def test_new_declaration_walks_to_the_status_asked_for(intake_server: EmbeddedServer) -> None:
    simulator = intake_server.simulator
    for status in DeclarationStatus:
        number = simulator.new_declaration(status=status)
        assert number in intake_server.declaration_numbers(status=status)
    exported = simulator.new_declaration(
        export=True, channel=Channel.RED, status=DeclarationStatus.INSPECTION
    )
    assert exported.startswith("30")


def test_the_same_seed_gives_the_same_world(tmp_path: Path, intake_template: Path) -> None:
    runs = []
    for name in ("a", "b"):
        data_dir = tmp_path / name
        data_dir.mkdir()
        shutil.copyfile(intake_template, data_dir / intake_template.name)
        runtime = IntakeRuntime(data_dir=data_dir)
        try:
            runtime.simulator.advance(25)
            runtime.simulator.complete_declarations(3)
            with runtime.db.read() as conn:
                rows = conn.exec_driver_sql(
                    "SELECT number, tax_code, type_code, office_code, channel, status, targets "
                    "FROM declarations ORDER BY change_seq"
                ).all()
        finally:
            runtime.stop()
        runs.append([tuple(row) for row in rows])
    assert runs[0] == runs[1]


def test_a_fresh_data_dir_with_another_seed_is_another_world(tmp_path: Path) -> None:
    numbers = []
    for seed in (1, 2):
        runtime = IntakeRuntime(data_dir=tmp_path / str(seed), seed=seed)
        try:
            with runtime.db.read() as conn:
                numbers.append(
                    set(conn.exec_driver_sql("SELECT number FROM declarations").scalars())
                )
        finally:
            runtime.stop()
    assert not numbers[0] & numbers[1]


def test_channels_are_mostly_green() -> None:
    rng = random.Random(7)
    counts = Counter(draw_channel(rng) for _ in range(20_000))
    assert 0.76 < counts[Channel.GREEN] / 20_000 < 0.80
    assert 0.18 < counts[Channel.YELLOW] / 20_000 < 0.22
    assert 0.01 < counts[Channel.RED] / 20_000 < 0.03
