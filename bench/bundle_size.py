"""Size of the frozen bundle, beside its floor: a bare PySide6 QtWidgets window frozen the same way.

Both are frozen in this run by the build venv's PyInstaller with build.spec (the floor through
its ``CUSTOMS_RATING_BARE_WINDOW`` switch: same excludes, one folder, no UPX), into a scratch
folder, and measured as ``du`` does (allocated blocks). The difference is what the program adds
to Qt; its largest parts are listed, to show where a cut would pay.

    bash scripts/build                               (makes .venv-build, once)
    .venv-build/bin/python bench/bundle_size.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE_WINDOW = """\
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("customs-rating"); label.show()
sys.exit(0 if "--self-test" in sys.argv else app.exec())
"""


def disk_usage(path: Path) -> int:
    """Bytes allocated to *path* and everything under it, as ``du`` counts them."""
    total = path.lstat().st_blocks * 512
    if path.is_dir() and not path.is_symlink():
        total += sum(disk_usage(child) for child in path.iterdir())
    return total


def freeze(work: Path, env: dict[str, str]) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def parts(folder: Path) -> dict[str, int]:
    """Top-level entries of a one-folder bundle (``_internal/*`` and the executable), by size.

    The executable (which holds the compressed Python modules) goes by one name in both bundles.
    """
    inner = folder / "_internal"
    found = {str(p.relative_to(folder)): disk_usage(p) for p in inner.iterdir()}
    for entry in folder.iterdir():
        if entry != inner:
            found["executable" if entry.stem == folder.name else entry.name] = disk_usage(entry)
    return found


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="freeze into DIR and keep it (default: scratch)")
    parser.add_argument("--top", type=int, default=12, help="list the N largest additions")
    args = parser.parse_args()
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("no PyInstaller here: run with .venv-build/bin/python", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bundle-size-") as scratch:
        work = args.keep or Path(scratch)
        script = work / "bare_window.py"
        work.mkdir(parents=True, exist_ok=True)
        script.write_text(BARE_WINDOW, encoding="utf-8")
        freeze(work / "program", {})
        freeze(work / "floor", {"CUSTOMS_RATING_BARE_WINDOW": str(script)})
        program = work / "program" / "dist" / "customs-rating"
        floor = work / "floor" / "dist" / "bare-window"
        smoke = subprocess.run(
            [str(floor / "bare-window"), "--self-test"],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            check=False,
        )
        if smoke.returncode != 0:
            print("the bare window does not start: the floor is not a program", file=sys.stderr)
            return 1
        size, floor_size = disk_usage(program), disk_usage(floor)
        print(f"bundle (customs-rating):                      {mib(size)}")
        print(f"floor (bare QtWidgets window, same options):  {mib(floor_size)}")
        print(f"ratio {size / floor_size:.2f}, the program adds {mib(size - floor_size)}")
        ours, base = parts(program), parts(floor)
        added = {name: ours[name] - base.get(name, 0) for name in ours}
        print(f"largest additions over the floor (top {args.top}):")
        for name, extra in sorted(added.items(), key=lambda item: -item[1])[: args.top]:
            print(f"  {mib(extra):>10}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
