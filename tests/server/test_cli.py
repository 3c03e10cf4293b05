"""``customs-rating-intake`` as a real process, and the options that never start a server."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from server.demo import DEMO_PASSWORD, DEMO_TAX_CODE
from server.main import main


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_server_runs_as_a_process_and_stops_on_a_signal(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.main",
            "--port",
            "0",
            "--data-dir",
            str(tmp_path),
            "--pace",
            "0",
            "--scenario",
            "reject-all",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        banner = []
        for line in process.stdout:
            banner.append(line)
            if "demo official" in line:
                break
        text = "".join(banner)
        assert DEMO_TAX_CODE in text and DEMO_PASSWORD in text
        match = re.search(r"URL:\s+(http://127\.0\.0\.1:\d+)", text)
        assert match, text
        health = httpx.get(f"{match.group(1)}/api/v1/health", timeout=30)
        assert health.json()["scenario"] == "reject-all"
        process.send_signal(stop_signal)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
    assert (tmp_path / "intake.sqlite3").exists()
    assert (tmp_path / "logs" / "intake-server.log").exists()


def test_a_non_loopback_host_needs_an_explicit_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--host", "0.0.0.0", "--data-dir", str(tmp_path)]) == 2
    assert "--allow-remote" in capsys.readouterr().err
    assert not (tmp_path / "intake.sqlite3").exists()


def test_an_unknown_scenario_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--scenario", "sunny", "--data-dir", str(tmp_path)]) == 2
    assert "unknown scenario" in capsys.readouterr().err


def test_scenarios_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in ("normal", "offline", "slow", "flaky", "throttled", "maintenance"):
        assert name in out
    assert "reject-all" in out and "captive-portal" in out
