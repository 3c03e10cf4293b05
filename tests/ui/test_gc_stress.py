"""The thread-heavy GUI tests, again and again, with the garbage collector due all the time.

With thresholds of 1 a collection is due on nearly every tick of the policy's timer (every
20 ms here): if any collection ran on a sync worker, a background job or an intake-server
thread, it would meet Qt objects there; the conftest fails any test during which one started
off the GUI thread. Each round runs in its own interpreter, so a crash (a segmentation fault,
``bool_dealloc``) is this test's failure with the output to read, not the end of the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GC_INTERVAL_ENV, GC_THRESHOLD_ENV

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 2
#: Every GUI test module that runs real threads: the sync worker and controller against the real
#: server, the session with its embedded server, background jobs (the table's loader, the help
#: desk's search, the bundle export) and the cross-thread signals.
THREAD_HEAVY = [
    "tests/ui/test_sync_controller.py",
    "tests/ui/test_sync_reconnect.py",
    "tests/ui/test_session.py",
    "tests/ui/test_cross_thread_signals.py",
    "tests/ui/test_gc_policy.py",
    "tests/ui/test_support_search.py",
    "tests/ui/test_models.py",
    "tests/ui/test_support_bundle_export.py",
]


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("round_", range(1, ROUNDS + 1))
def test_thread_heavy_gui_tests_survive_a_collector_due_all_the_time(
    round_: int, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        GC_THRESHOLD_ENV: "1,1,1",
        GC_INTERVAL_ENV: "20",
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'run'}",
            *THREAD_HEAVY,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=840,
        check=False,
    )
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
    assert result.returncode >= 0, f"round {round_} crashed (signal {-result.returncode}):\n{tail}"
    assert result.returncode == 0, f"round {round_} failed:\n{tail}"
    assert " passed" in result.stdout and "failed" not in result.stdout, tail
