"""A wheel built from this source ships what the program reads at run time, and the version.

``pip wheel . --no-deps`` (with pip's build isolation, as anyone building it would) on a copy of
the sources: setuptools leaves ``build/lib`` behind in the tree it builds in, and a stale one
would put files into the wheel that the sources no longer have. Then the wheel is installed into
a bare folder and read back through importlib.resources by an interpreter that sees nothing else
(not this checkout, not the editable install).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import app

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

#: What the program opens by file name: every compiled catalogue, every icon, the API document.
RUNTIME_FILES = sorted(
    path.relative_to(ROOT).as_posix()
    for pattern in ("translations/*.qm", "icons/*.svg", "openapi.json")
    for path in (ROOT / "resources").glob(pattern)
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv*", "build", "dist", "dist-wheel", "*.egg-info", "__pycache__", ".*cache"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "-w", str(work), "--no-deps", "-q"],
        check=True,
        capture_output=True,
    )
    (built,) = work.glob("customs_rating-*.whl")
    return built


def test_the_version_is_pyprojects_everywhere(wheel: Path) -> None:
    assert app.__version__ == VERSION  # the editable install's metadata, read at run time
    assert wheel.name.startswith(f"customs_rating-{VERSION}-")


def test_sources_not_installed_say_their_version_is_unknown(tmp_path: Path) -> None:
    """No metadata, no made-up number: app/ alone on the path of an interpreter without it."""
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    base = getattr(sys, "_base_executable", sys.executable)
    probe = "import sys; sys.path.insert(0, sys.argv[1]); import app; print(app.__version__)"
    shown = subprocess.run(
        [base, "-I", "-c", probe, str(tmp_path)], check=True, capture_output=True, text=True
    )
    assert shown.stdout.strip() == "0+unknown"


def test_the_wheel_holds_the_translations_icons_and_openapi_document(wheel: Path) -> None:
    assert any(name.endswith(".qm") for name in RUNTIME_FILES)
    assert any(name.endswith(".svg") for name in RUNTIME_FILES)
    assert "resources/openapi.json" in RUNTIME_FILES
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        missing = [name for name in RUNTIME_FILES if name not in names]
        assert not missing, f"not in {wheel.name}: {missing}"
        for name in RUNTIME_FILES:
            assert archive.read(name) == (ROOT / name).read_bytes(), name
    assert not [name for name in names if name.endswith(".ts")], "the .ts sources stay out"
    assert "resources/__init__.py" in names


def test_an_installed_wheel_finds_its_resources_through_importlib(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), wheel],
        check=True,
        capture_output=True,
    )
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import resources; "
        "print(resources.__file__); "
        "[print(resources.path(*name.split('/')[1:]).read_bytes().__len__()) "
        "for name in sys.argv[2:]]"
    )
    # -I: none of this venv's site-packages (the editable finder) nor the current folder.
    base = getattr(sys, "_base_executable", sys.executable)
    shown = subprocess.run(
        [base, "-I", "-c", probe, str(target), *RUNTIME_FILES],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert Path(shown[0]).is_relative_to(target)
    assert [int(size) for size in shown[1:]] == [(ROOT / n).stat().st_size for n in RUNTIME_FILES]
