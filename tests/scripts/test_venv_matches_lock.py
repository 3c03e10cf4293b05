"""scripts/venv_matches_lock.py: when make_venv may skip pip, and when it must not."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from tests.scripts.conftest import load_script

check = load_script("venv_matches_lock")
ROOT = Path(__file__).resolve().parents[2]


def test_the_lock_is_read_by_canonical_name(tmp_path: Path) -> None:
    path = tmp_path / "constraints.txt"
    path.write_text(
        "# comment == not a pin\nPySide6_Essentials==6.11.3\nrequests == 2.34.2  # why\n",
        encoding="utf-8",
    )
    assert check.pins(path) == {"pyside6-essentials": "6.11.3", "requests": "2.34.2"}


def test_requirements_count_for_the_extras_asked_and_never_for_a_platform() -> None:
    requires = [
        "requests>=2.31",
        'pytest>=8; extra == "dev"',
        "psycopg[binary]>=3.1; extra == 'postgres'",
        'pywin32-ctypes; sys_platform == "win32"',
    ]
    assert check.required(requires, set()) == {"requests"}
    assert check.required(requires, {"dev", "postgres"}) == {"requests", "pytest", "psycopg"}


def test_this_venv_is_the_locks(capsys: pytest.CaptureFixture[str]) -> None:
    """The suite runs at the pinned versions (make_venv's job), or its figures do not reproduce."""
    assert check.main([str(ROOT / "constraints.txt"), "[dev]"]) == 0, capsys.readouterr().out


def test_a_package_off_its_pin_is_found(tmp_path: Path) -> None:
    lock = tmp_path / "constraints.txt"
    lock.write_text(f"pytest==0.0.1\nrequests=={version('requests')}\n", encoding="utf-8")
    found = check.problems(lock, {"dev"})
    assert found == [f"pytest {version('pytest')} installed, the lock pins 0.0.1"]
    assert check.main([str(lock), "[dev]"]) == 1


def test_a_requirement_not_installed_is_found() -> None:
    """As after a pip uninstall by hand, or an extra never installed into this venv."""
    requires = ["requests>=2.31", 'surely-not-installed>=1; extra == "dev"']
    installed = {"requests": version("requests")}
    assert check.missing(requires, set(), installed) == []
    assert check.missing(requires, {"dev"}, installed) == [
        "surely-not-installed is required and not installed"
    ]
