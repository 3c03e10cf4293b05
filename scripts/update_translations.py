"""Refresh the translation catalogues from the code and compile them.

    .venv/bin/python scripts/update_translations.py

1. ``pyside6-lupdate`` collects every ``tr()`` / ``translate()`` string of ``ui/`` into
   ``resources/translations/customs_rating_{vi,en}.ts`` (no line numbers, so edits elsewhere in a
   file do not churn the catalogues; strings no longer used are dropped).
2. The Vietnamese catalogue is the identity: the source strings are Vietnamese.
3. New English entries stay ``unfinished``: translate them (Qt Linguist or by hand); the test
   ``tests/ui/test_translations.py`` fails while any is left.
4. ``pyside6-lrelease`` compiles every ``.ts`` in the folder to the ``.qm`` the program loads.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"
CATALOGUE = "customs_rating"


def tool(name: str) -> str:
    """A Qt tool from the same environment as this Python, else from PATH."""
    for directory in (Path(sys.executable).parent, Path(sys.executable).parent / "Scripts"):
        for candidate in (directory / name, directory / f"{name}.exe"):
            if candidate.exists():
                return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install the project's dev extra")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def lupdate(ts_file: Path, language: str) -> None:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-locations",
            "none",
            "-no-obsolete",
            "-source-language",
            "vi",
            "-target-language",
            language,
            *sources(),
            "-ts",
            str(ts_file),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def fill_identity(ts_file: Path) -> int:
    """Vietnamese to Vietnamese: mark every entry finished with its source text."""
    tree = ET.parse(ts_file)
    filled = 0
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", "")
        if translation is None or translation.get("type") != "unfinished":
            continue
        del translation.attrib["type"]
        if message.get("numerus") == "yes":
            for form in translation.findall("numerusform"):
                form.text = source
        else:
            translation.text = source
        filled += 1
    write_ts(tree, ts_file)
    return filled


def write_ts(tree: ET.ElementTree, ts_file: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def unfinished(ts_file: Path) -> list[str]:
    """Source texts without a finished translation (new, or left over from removed code)."""
    tree = ET.parse(ts_file)
    return [
        m.findtext("source", "")
        for m in tree.iter("message")
        if (t := m.find("translation")) is None
        or t.get("type") in ("unfinished", "vanished", "obsolete")
    ]


def lrelease(ts_file: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(ts_file.with_suffix(".qm"))],
        check=True,
    )


def main() -> int:
    vi = FOLDER / f"{CATALOGUE}_vi.ts"
    en = FOLDER / f"{CATALOGUE}_en.ts"
    lupdate(vi, "vi")
    lupdate(en, "en")
    fill_identity(vi)
    missing = unfinished(en)
    for ts_file in sorted(FOLDER.glob("*.ts")):
        lrelease(ts_file)
    if missing:
        print(f"{len(missing)} English translation(s) missing in {en.name}:")
        for text in missing:
            print(f"  {text!r}")
        return 1
    print("catalogues up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
