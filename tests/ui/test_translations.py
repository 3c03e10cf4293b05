"""Vietnamese by default, English by a setting: the catalogues are complete and load."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from app.settings import Settings
from app.store import Store
from tests.factories import declaration
from ui.main_window import MainWindow
from ui.translations import install_translators, remove_translators, translations_dir

ROOT = Path(__file__).resolve().parents[2]


def _update_script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    locale = QLocale()
    translators = install_translators(qapp, "en")
    try:
        yield
    finally:
        remove_translators(qapp, translators)  # back to the Vietnamese source texts
        QLocale.setDefault(locale)


def test_the_english_catalogue_translates_the_main_window(
    qtbot,
    english: None,
    store: Store,
) -> None:
    store.declarations.upsert([declaration()])
    window = MainWindow(store, Settings(language="en"), background=False)
    qtbot.addWidget(window)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["System", "Customs declarations", "Other operations", "Help"]
    assert window.rate_action.text() == "1. Satisfaction rating"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Declaration number"
    assert window.summary.text() == "Declarations: 1, not rated: 1"
    assert window.indicators.connection_label.text() == "● Not connected"
    assert window.model.index(0, 5).data() == "Cleared"


def test_every_string_in_the_code_has_an_english_translation(tmp_path: Path) -> None:
    """Run lupdate over ui/ into a copy of the catalogue: nothing new, nothing unfinished."""
    script = _update_script()
    copy = tmp_path / "customs_rating_en.ts"
    shutil.copy(translations_dir() / "customs_rating_en.ts", copy)
    script.lupdate(copy, "en")
    assert script.unfinished(copy) == [], "run scripts/update_translations.py and translate"
    assert copy.read_bytes().count(b"<message") > 100


def test_the_vietnamese_catalogue_is_complete_too(tmp_path: Path) -> None:
    script = _update_script()
    copy = tmp_path / "customs_rating_vi.ts"
    shutil.copy(translations_dir() / "customs_rating_vi.ts", copy)
    script.lupdate(copy, "vi")
    assert script.unfinished(copy) == []


def test_the_committed_qm_files_are_compiled_from_the_ts_files(tmp_path: Path) -> None:
    script = _update_script()
    sources = sorted(translations_dir().glob("*.ts"))
    assert {p.stem for p in sources} >= {
        "customs_rating_vi",
        "customs_rating_en",
        "qtbase_vi",
    }
    for source in sources:
        copy = tmp_path / source.name
        shutil.copy(source, copy)
        script.lrelease(copy)
        assert copy.with_suffix(".qm").read_bytes() == source.with_suffix(".qm").read_bytes(), (
            f"{source.name} changed: run scripts/update_translations.py"
        )


def test_qt_own_words_are_vietnamese_too(qapp: QApplication, qtbot) -> None:
    locale = QLocale()
    translators = install_translators(qapp, "vi")
    try:
        edit = QLineEdit()
        qtbot.addWidget(edit)
        menu = edit.createStandardContextMenu()
        words = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
        assert "&Hoàn tác" in words and "&Dán" in words and "Chọn tất cả" in words
    finally:
        remove_translators(qapp, translators)
        QLocale.setDefault(locale)
