"""scripts/coverage_floor.py: a file's coverage may not fall, files may come and go."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scripts.conftest import load_script

floor = load_script("coverage_floor")


def report(tmp_path: Path, files: dict[str, tuple[int, int]]) -> Path:
    """A ``coverage json`` report: file -> (covered lines, statements)."""
    path = tmp_path / "coverage.json"
    body = {
        name: {"summary": {"covered_lines": covered, "num_statements": statements}}
        for name, (covered, statements) in files.items()
    }
    path.write_text(json.dumps({"files": body}), encoding="utf-8")
    return path


def floors_file(tmp_path: Path, floors: dict[str, float]) -> Path:
    path = tmp_path / "floors.json"
    path.write_text(json.dumps(floors), encoding="utf-8")
    return path


def test_figures_are_per_file_percent_with_empty_files_left_out(tmp_path: Path) -> None:
    absolute = str(floor.ROOT / "ui" / "main.py")
    path = tmp_path / "coverage.json"
    path.write_text(
        json.dumps(
            {
                "files": {
                    absolute: {"summary": {"covered_lines": 27, "num_statements": 100}},
                    "app/store/core.py": {"summary": {"covered_lines": 2, "num_statements": 3}},
                    "app/__init__.py": {"summary": {"covered_lines": 0, "num_statements": 0}},
                }
            }
        ),
        encoding="utf-8",
    )
    assert floor.measured(path) == {"ui/main.py": 27.0, "app/store/core.py": 66.7}


def test_a_file_below_its_floor_fails_within_the_slack_it_passes() -> None:
    floors = {"app/a.py": 80.0}
    assert floor.check({"app/a.py": 80.0 - floor.SLACK}, floors) == []
    assert floor.check({"app/a.py": 95.0}, floors) == []
    (failure,) = floor.check({"app/a.py": 78.9}, floors)
    assert "app/a.py" in failure and "80.0" in failure


def test_a_new_file_needs_the_default_floor_and_a_vanished_one_is_no_error() -> None:
    floors = {"app/store/core.py": 90.0}
    figures = {"app/store/outbox.py": 75.0, "app/store/responses.py": 59.9}
    (failure,) = floor.check(figures, floors)  # core.py is gone: split into the two new files
    assert "app/store/responses.py" in failure and "60" in failure


def test_update_raises_adds_drops_and_never_lowers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floors = floors_file(tmp_path, {"app/a.py": 50.0, "app/b.py": 90.0, "app/gone.py": 70.0})
    run = report(tmp_path, {"app/a.py": (60, 100), "app/b.py": (80, 100), "app/new.py": (61, 100)})
    assert floor.main([str(run), "--update", "--floors", str(floors)]) == 0
    assert json.loads(floors.read_text(encoding="utf-8")) == {
        "app/a.py": 60.0,
        "app/b.py": 90.0,  # below its floor: kept, and the check still fails on it
        "app/new.py": 61.0,
    }
    assert "1 raised, 1 added, 1 dropped" in capsys.readouterr().out
    assert floor.main([str(run), "--floors", str(floors)]) == 1


def test_update_refuses_to_record_a_new_file_below_the_default(tmp_path: Path) -> None:
    floors = floors_file(tmp_path, {"app/a.py": 50.0})
    run = report(tmp_path, {"app/a.py": (50, 100), "app/weak.py": (30, 100)})
    assert floor.main([str(run), "--update", "--floors", str(floors)]) == 1
    assert json.loads(floors.read_text(encoding="utf-8")) == {"app/a.py": 50.0}
    assert floor.main([str(run), "--floors", str(floors)]) == 1


def test_the_committed_floors_cover_the_three_packages_and_hold_the_default_for_new_files() -> None:
    committed = json.loads(floor.FLOORS.read_text(encoding="utf-8"))
    assert {name.split("/")[0] for name in committed} == {"app", "ui", "server"}
    assert all(0 <= value <= 100 for value in committed.values())
    assert floor.NEW_FILE_FLOOR == 60.0
