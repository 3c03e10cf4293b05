"""Per-file line coverage may not go down: compare a run's figures with tests/coverage_floor.json.

    .venv/bin/python scripts/coverage_floor.py build/coverage.json            (scripts/test does)
    .venv/bin/python scripts/coverage_floor.py build/coverage.json --update   (on purpose)

The figures come from the whole suite under pytest-cov (``bash scripts/test`` with no arguments
writes ``build/coverage.json``: app/, ui/ and server/, lines, in-process; a child process such as
the real program started by tests/ui/test_start_real_process.py is not measured). The rules:

- A file with a floor fails when its coverage is below the floor by more than ``SLACK`` points
  (a line or two of the same code runs or not with the timing of the threads).
- A file without a floor (new, or moved here from another file) fails below ``NEW_FILE_FLOOR``
  (60 %); ``--update`` records it at its figure then, and refuses to record one below that.
- A file with a floor that the run did not measure (deleted, renamed, split up) is no error; it
  is reported, and ``--update`` drops its floor.
- ``--update`` raises floors to the run's figures and never lowers one. A floor goes down only by
  editing the JSON by hand, in a commit that says why (code moved out of the file to a new one
  that carries its tests' coverage with it, say): the diff shows every lowering to its reviewer.

Files without statements (an empty ``__init__.py``) are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "tests" / "coverage_floor.json"
NEW_FILE_FLOOR = 60.0
SLACK = 1.0


def measured(report: Path) -> dict[str, float]:
    """Percent of lines covered by file (relative POSIX paths), from ``coverage json``'s report."""
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    figures: dict[str, float] = {}
    for name, data in files.items():
        summary = data["summary"]
        if summary["num_statements"]:
            path = Path(name)
            key = path.relative_to(ROOT) if path.is_absolute() else path
            figures[key.as_posix()] = round(
                100 * summary["covered_lines"] / summary["num_statements"], 1
            )
    return figures


def check(figures: dict[str, float], floors: dict[str, float]) -> list[str]:
    failures = []
    for name, figure in sorted(figures.items()):
        if name in floors and figure < floors[name] - SLACK:
            failures.append(f"{name}: {figure:.1f} % is below its floor of {floors[name]:.1f} %")
        elif name not in floors and figure < NEW_FILE_FLOOR:
            failures.append(
                f"{name}: {figure:.1f} %, and a file without a floor needs {NEW_FILE_FLOOR:.0f} %"
            )
    return failures


def updated(
    figures: dict[str, float], floors: dict[str, float]
) -> tuple[dict[str, float], list[str]]:
    """New floors (raised, new files added, vanished ones dropped) and the files refused."""
    refused = [
        name for name, figure in figures.items() if name not in floors and figure < NEW_FILE_FLOOR
    ]
    new = {
        name: max(figure, floors.get(name, 0.0))
        for name, figure in figures.items()
        if name not in refused
    }
    return dict(sorted(new.items())), sorted(refused)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="coverage JSON report of the whole suite")
    parser.add_argument(
        "--update", action="store_true", help="raise and add floors, drop gone ones"
    )
    parser.add_argument("--floors", type=Path, default=FLOORS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    figures = measured(args.report)
    floors = json.loads(args.floors.read_text(encoding="utf-8")) if args.floors.exists() else {}
    for name in sorted(floors.keys() - figures.keys()):
        print(f"coverage floor: {name} was not measured (gone?): no error")
    if args.update:
        new, refused = updated(figures, floors)
        args.floors.write_text(json.dumps(new, indent=1) + "\n", encoding="utf-8")
        raised = sum(1 for name in new if name in floors and new[name] > floors[name])
        added, dropped = len(new.keys() - floors.keys()), len(floors.keys() - new.keys())
        print(f"coverage floors: {raised} raised, {added} added, {dropped} dropped")
        for name in refused:
            print(f"not recorded: {name} at {figures[name]:.1f} %, under {NEW_FILE_FLOOR:.0f} %")
        return 1 if refused else 0
    failures = check(figures, floors)
    for line in failures:
        print(f"coverage went down: {line}")
    total = len(figures)
    print(f"coverage floors: {total - len(failures)} of {total} files at or above their floor")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
