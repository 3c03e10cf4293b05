"""The program as its own process, started on a damaged or unusable store: never a silent exit.

What the user is shown is a modal box; the program writes each one to its log, so the test reads
the log while the box is up, checks the process is still running (showing it), and ends it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.paths import Paths
from tests.app.store.test_damage import _immutable, damage
from tests.ui.test_start_failures import a_store_with_data
from ui.main import STARTUP_PROBE_ENV

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def program(root: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ui", "--profile", str(root)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def shown_while_running(profile: Paths, process: subprocess.Popen[str]) -> list[str]:
    """The messages the running program is showing (from its log), once there is one."""
    log = profile.log_file
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if log.exists():
            lines = [
                line
                for line in log.read_text(encoding="utf-8").splitlines()
                if "message shown" in line
            ]
            if lines:
                return lines
        assert process.poll() is None, f"exited {process.returncode} with no message"
        time.sleep(0.1)
    raise AssertionError("no message within two minutes")


def end(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


@pytest.mark.parametrize("how", ["garbage-header", "truncated", "zero-length", "pages-1"])
def test_the_real_program_says_what_happened_and_starts_quietly_next_time(
    profile: Paths, how: str
) -> None:
    root = profile.data_dir.parent
    path = a_store_with_data(profile)
    damage(path, how)
    process = program(root)
    try:
        lines = shown_while_running(profile, process)
        assert process.poll() is None  # showing the message, not gone
        assert any("không bị xóa" in line or "tệp mới" in line for line in lines), lines
    finally:
        end(process)
    assert list(path.parent.glob("store.corrupt-*")) or list(path.parent.glob("store.rescue-*"))
    profile.log_file.unlink()
    quiet = subprocess.run(
        [sys.executable, "-m", "ui", "--profile", str(root)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", STARTUP_PROBE_ENV: "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert quiet.returncode == 0 and "ready" in quiet.stdout, quiet.stdout + quiet.stderr
    log = profile.log_file.read_text(encoding="utf-8")
    # A rescue file from the session is promoted and said once; nothing else is shown.
    shown = [line for line in log.splitlines() if "message shown" in line]
    assert all("tệp cứu hộ" in line for line in shown), shown


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_real_program_on_a_read_only_store_says_so(profile: Paths) -> None:
    root = profile.data_dir.parent
    path = a_store_with_data(profile)
    locked = _immutable(path)
    next(locked)
    try:
        process = program(root)
        try:
            lines = shown_while_running(profile, process)
            assert any("chỉ cho phép đọc" in line for line in lines), lines
        finally:
            end(process)
    finally:
        next(locked, None)
