"""Every third-party package the code imports is declared in pyproject.toml, where it belongs.

A package that only arrives as another's dependency (pydantic through fastapi, urllib3 through
requests) works until that other package changes its own requirements; and one that only the dev
extra declares is missing from an install without it (the frozen bundle, a customs server).
So each part of the repository may import the standard library, the project's own packages and
the distributions of the lists it names in ``ALLOWED``, and nothing else. The lock file pins every
declared distribution, and every declared runtime dependency is used.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"app", "ui", "server", "resources", "tests", "bench", "scripts"}
RUNTIME = "dependencies"

#: Where the code lives, and which of pyproject's lists (the runtime dependencies, the extras) may
#: serve its imports. The program (app, ui, server) runs without any extra.
ALLOWED: dict[str, tuple[str, ...]] = {
    "app": (RUNTIME,),
    "ui": (RUNTIME,),
    "server": (RUNTIME,),
    "resources": (RUNTIME,),
    "tests": (RUNTIME, "dev"),
    "bench": (RUNTIME, "dev", "postgres", "build"),  # bench/ingest.py measures PostgreSQL too
    "scripts": (RUNTIME, "dev", "build"),
    "build.spec": (RUNTIME, "build"),
}

#: Runtime dependencies nothing imports by name in our code, and why they are declared anyway.
USED_WITHOUT_IMPORT = {
    "python-multipart": "FastAPI imports it by name for the Form and File parameters",
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return canonical(match.group(1))


@cache
def declared() -> dict[str, frozenset[str]]:
    """Distribution names by list: the runtime dependencies and each extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lists = {RUNTIME: project["dependencies"], **project["optional-dependencies"]}
    return {key: frozenset(map(requirement_name, values)) for key, values in lists.items()}


def imported_modules(source: str) -> set[str]:
    """Top-level names of every absolute import, at module level or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@cache
def third_party_imports() -> dict[tuple[str, str], list[str]]:
    """(area, top-level module) -> the files importing it, for modules outside stdlib and ours."""
    found: dict[tuple[str, str], list[str]] = {}
    for area in ALLOWED:
        target = ROOT / area
        files = [target] if target.is_file() else sorted(target.rglob("*.py"))
        for path in files:
            for module in imported_modules(path.read_text(encoding="utf-8")):
                if module in sys.stdlib_module_names or module in FIRST_PARTY:
                    continue
                found.setdefault((area, module), []).append(str(path.relative_to(ROOT)))
    return found


@cache
def installed_modules() -> dict[str, list[str]]:
    return packages_distributions()


def distributions_of(module: str) -> set[str]:
    """The distributions installing *module*: from this environment's metadata (phonenumbers
    comes from phonenumberslite), or the module's own name for one not installed here (psycopg
    in a venv without the postgres extra)."""
    return {canonical(d) for d in installed_modules().get(module, [module])}


def test_the_scan_sees_imports_wherever_they_are() -> None:
    source = (
        "import a.b\nfrom c.d import e\nfrom . import f\nfrom .g import h\n"
        "def later():\n    import i\ntry:\n    import j\nexcept ImportError:\n    pass\n"
    )
    assert imported_modules(source) == {"a", "c", "i", "j"}


def test_every_imported_package_is_declared_where_the_importer_may_use_it() -> None:
    lists = declared()
    undeclared = []
    for (area, module), files in sorted(third_party_imports().items()):
        allowed = set().union(*(lists.get(name, set()) for name in ALLOWED[area]))
        if not distributions_of(module) & allowed:
            undeclared.append(
                f"{module} ({', '.join(sorted(distributions_of(module)))}), imported by "
                f"{', '.join(files[:3])}: declare it in {' or '.join(ALLOWED[area])}"
            )
    assert not undeclared, "\n".join(undeclared)


def test_the_lock_file_pins_every_declared_distribution() -> None:
    pinned = {
        canonical(line.split("==", 1)[0])
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.lstrip().startswith("#")
    }
    missing = sorted(set().union(*declared().values()) - pinned)
    assert not missing, f"not pinned in constraints.txt (run bash scripts/lock): {missing}"


def test_every_runtime_dependency_is_used() -> None:
    program = {module for (area, module) in third_party_imports() if ALLOWED[area] == (RUNTIME,)}
    used = set().union(*(distributions_of(module) for module in program))
    unused = declared()[RUNTIME] - used - set(USED_WITHOUT_IMPORT)
    assert not unused, f"declared but never imported by app/, ui/ or server/: {sorted(unused)}"
