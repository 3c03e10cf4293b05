"""The markers are really on the tests they describe, and the plugins the suite needs are required.

``gui`` (tests/ui/conftest.py), ``integration`` and the ``slow`` list (tests/conftest.py) are set
by rules at collection time; a collection in a child process shows which test got which marker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SLOW, _stale_slow_entries

ROOT = Path(__file__).resolve().parent.parent

RECORD = """
import json, sys, pytest
class Record:
    def pytest_collection_finish(self, session):
        print("MARKERS " + json.dumps({
            item.nodeid: {m.name: list(m.args) for m in reversed(list(item.iter_markers()))}
            for item in session.items
        }, default=repr))
sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", *sys.argv[1:]],
                     plugins=[Record()]))
"""

FILES = [
    "tests/app/domain/test_support_rules.py",  # plain unit tests
    "tests/app/sync/test_faults.py",  # a module-wide loopback server, two slow tests
    "tests/server/test_declarations.py",  # the intake_server fixture, and runtimes never listening
    "tests/ui/test_star_rating.py",  # widgets, no server
    "tests/ui/test_sync_controller.py",  # widgets and a server its own fixture starts
    "tests/ui/test_sync_responsive.py",  # a test that starts its server in its body
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RECORD, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )


@pytest.fixture(scope="module")
def markers() -> dict[str, dict[str, list[object]]]:
    shown = _run(*FILES)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    (line,) = [line for line in shown.stdout.splitlines() if line.startswith("MARKERS ")]
    found: dict[str, dict[str, list[object]]] = json.loads(line.removeprefix("MARKERS "))
    assert {nodeid.split("::")[0] for nodeid in found} == set(FILES)
    return found


def _having(markers: dict[str, dict[str, list[object]]], name: str) -> set[str]:
    return {nodeid.split("[")[0] for nodeid, marks in markers.items() if name in marks}


def test_gui_is_every_test_under_tests_ui_and_nothing_else(markers) -> None:
    assert _having(markers, "gui") == {
        nodeid.split("[")[0] for nodeid in markers if nodeid.startswith("tests/ui/")
    }


def test_integration_is_every_test_that_reaches_a_server_however_it_starts(markers) -> None:
    integration = _having(markers, "integration")
    assert not [n for n in integration if n.startswith(("tests/app/domain/", "tests/ui/test_star"))]
    faults = {n.split("[")[0] for n in markers if n.startswith("tests/app/sync/test_faults.py")}
    assert faults <= integration
    assert (
        "tests/ui/test_sync_controller.py::test_the_first_pass_runs_at_start_off_the_gui_thread"
        in integration
    )
    assert (
        "tests/ui/test_sync_responsive.py::"
        "test_ten_thousand_sheets_leave_while_the_gui_thread_keeps_running" in integration
    )
    declarations = {
        n.split("[")[0] for n in markers if n.startswith("tests/server/test_declarations.py")
    }
    # test_declarations.py has tests on the server fixture and tests of a runtime never listening.
    assert declarations & integration and declarations - integration


def test_the_slow_list_marks_its_tests_and_gives_the_long_ones_their_time(markers) -> None:
    for nodeid, limit in SLOW.items():
        if nodeid.split("::")[0] not in FILES:
            continue
        marks = markers[nodeid]
        assert "slow" in marks, nodeid
        if limit is not None:
            assert marks["timeout"] == [limit], nodeid
    assert "tests/app/sync/test_faults.py::test_one_sender_at_a_time" in _having(markers, "slow")
    assert "tests/ui/test_star_rating.py" not in {
        n.split("::")[0] for n in _having(markers, "slow")
    }


def test_a_slow_entry_for_a_test_gone_from_its_file_or_a_file_gone_is_reported() -> None:
    known = next(iter(SLOW))
    path = known.split("::")[0]
    assert _stale_slow_entries(ROOT, SLOW) == []
    # The file collected, the test not (renamed): stale. The file not collected at all: not.
    renamed = [n for n in SLOW if n != known] + [f"{path}::test_renamed"]
    assert _stale_slow_entries(ROOT, renamed) == [known]
    unrelated = ["tests/app/domain/test_support_rules.py::test_x"]
    assert _stale_slow_entries(ROOT, unrelated) == []
    # The files are gone: stale whatever was collected.
    assert _stale_slow_entries(Path("/nonexistent"), unrelated) == list(SLOW)


def test_pytest_refuses_to_run_without_a_plugin_the_suite_needs() -> None:
    shown = _run("-p", "no:timeout", "tests/app/domain/test_support_rules.py")
    assert shown.returncode != 0
    assert "Missing required plugins: pytest-timeout" in shown.stdout + shown.stderr
