"""scripts/_setup.sh's check for system packages: one dpkg-query, apt only for what is missing.

Run with stand-ins for dpkg-query, apt-get and sudo first on PATH, so the test installs nothing.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SETUP = Path(__file__).resolve().parents[2] / "scripts" / "_setup.sh"

FAKE_DPKG = """#!/bin/sh
echo call >> "$LOG_DIR/dpkg-query"
for pkg in "$@"; do
  case $pkg in -*|'${Package} ${Status}\\n') continue;; esac
  case " $INSTALLED " in
    *" $pkg "*) echo "$pkg install ok installed";;
    *) echo "dpkg-query: no packages found matching $pkg" >&2;;
  esac
done
"""
FAKE_APT = """#!/bin/sh
echo "$@" >> "$LOG_DIR/apt-get"
"""
FAKE_SUDO = """#!/bin/sh
exec "$@"
"""


def run(
    tmp_path: Path, installed: str, *packages: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, body in (("dpkg-query", FAKE_DPKG), ("apt-get", FAKE_APT), ("sudo", FAKE_SUDO)):
        path = bin_dir / name
        path.write_text(body, encoding="utf-8")
        path.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "LOG_DIR": str(tmp_path),
        "INSTALLED": installed,
    }
    done = subprocess.run(
        ["bash", "-c", f'source "{SETUP}"; apt_install_missing "$@"', "setup", *packages],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done, tmp_path


def test_nothing_missing_asks_dpkg_once_and_never_apt(tmp_path: Path) -> None:
    done, logs = run(tmp_path, "libgl1 libegl1 libx11-6", "libgl1", "libegl1", "libx11-6")
    assert done.returncode == 0, done.stderr
    assert len((logs / "dpkg-query").read_text().splitlines()) == 1
    assert not (logs / "apt-get").exists()


def test_only_the_missing_packages_are_installed(tmp_path: Path) -> None:
    done, logs = run(tmp_path, "libgl1", "libgl1", "libegl1", "fonts-dejavu-core")
    assert done.returncode == 0, done.stderr
    assert "Installing system packages: libegl1 fonts-dejavu-core" in done.stdout
    calls = (logs / "apt-get").read_text().splitlines()
    assert calls[0].startswith("update")
    assert calls[1].split()[-2:] == ["libegl1", "fonts-dejavu-core"]
