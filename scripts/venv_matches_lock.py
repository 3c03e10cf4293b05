"""Does this Python's environment still hold what the lock file pins? Exit 0 if so, 1 if not.

    .venv/bin/python scripts/venv_matches_lock.py constraints.txt dev

``make_venv`` (scripts/_setup.sh) skips pip when the venv's stamp says pyproject.toml and
constraints.txt are unchanged since its last install, and when this check passes: every installed
package that the lock pins is at its pin (a PySide6 6.12.0 installed by hand would otherwise
survive), and the project and each of its requirements for the given extras are installed. It
reads only installed metadata (no pip, no network: ~0.1 s), so ``scripts/run`` starts at once.

Requirements with an environment marker other than an extra (``; sys_platform == "win32"``) are
not demanded: whether they belong here is pip's business, at the next install.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, distribution, distributions
from pathlib import Path

PROJECT = "customs-rating"


def canonical(name: str) -> str:
    """PEP 503's normal form: ``PySide6_Essentials`` and ``pyside6-essentials`` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(constraints: Path) -> dict[str, str]:
    """``name == version`` lines of a pip constraints file, by canonical name."""
    found: dict[str, str] = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = (part.strip() for part in line.split("==", 1))
            found[canonical(name)] = version
    return found


def required(requires_dist: list[str], extras: set[str]) -> set[str]:
    """Names the project requires with *extras* (``Requires-Dist`` lines of its metadata)."""
    names: set[str] = set()
    for requirement in requires_dist:
        spec, _, marker = requirement.partition(";")
        extra = re.fullmatch(r"""\s*extra\s*==\s*["']([^"']+)["']\s*""", marker)
        if marker.strip() and not (extra and extra.group(1) in extras):
            continue
        match = re.match(r"[A-Za-z0-9._-]+", spec.strip())
        if match:
            names.add(canonical(match.group(0)))
    return names


def off_pin(pinned: dict[str, str], installed: dict[str, str]) -> list[str]:
    return [
        f"{name} {version} installed, the lock pins {pinned[name]}"
        for name, version in sorted(installed.items())
        if name in pinned and version != pinned[name]
    ]


def missing(requires_dist: list[str], extras: set[str], installed: dict[str, str]) -> list[str]:
    return [
        f"{name} is required and not installed"
        for name in sorted(required(requires_dist, extras) - installed.keys())
    ]


def problems(constraints: Path, extras: set[str]) -> list[str]:
    installed = {canonical(d.metadata["Name"] or ""): d.version for d in distributions()}
    found = off_pin(pins(constraints), installed)
    try:
        project = distribution(PROJECT)
    except PackageNotFoundError:
        return [*found, f"{PROJECT} is not installed"]
    return found + missing(project.requires or [], extras, installed)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    extras = {part for part in argv[1:] for part in part.strip("[]").split(",") if part}
    found = problems(Path(argv[0]), extras)
    for line in found:
        print(f"venv differs from the lock: {line}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
