"""Loading the UI language: our catalogue, plus Vietnamese for Qt's own words.

Source strings are Vietnamese, so Vietnamese works even without a catalogue; English comes from
``customs_rating_en.qm``. Qt ships no Vietnamese catalogue for the words it draws itself (the
context menu of a text field: Undo, Copy, Paste...), so ``qtbase_vi.qm`` in our resources holds
those. The translators must be installed before any widget is created: ``tr()`` runs in
constructors. Our catalogues are data of the ``resources`` package (``importlib.resources``), so
they load the same from a checkout, an installed wheel and the frozen bundle.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import resources

log = logging.getLogger(__name__)

LANGUAGES = ("vi", "en")
CATALOGUE = "customs_rating"


def translations_dir() -> Path:
    """The folder of our catalogues: the compiled ``.qm`` everywhere, the ``.ts`` in a checkout."""
    return resources.path("translations")


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the catalogues for *language*; keep the returned list alive as long as the app."""
    language = language if language in LANGUAGES else "vi"
    QLocale.setDefault(
        QLocale(QLocale.Language.Vietnamese if language == "vi" else QLocale.Language.English)
    )
    installed: list[QTranslator] = []
    candidates = [(translations_dir(), f"{CATALOGUE}_{language}")]
    if language == "vi":
        candidates.append((translations_dir(), "qtbase_vi"))
    else:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates.append((Path(qt_dir), f"qtbase_{language}"))
    for directory, name in candidates:
        translator = QTranslator(app)
        if translator.load(name, str(directory)):
            app.installTranslator(translator)
            installed.append(translator)
        elif name.startswith(CATALOGUE) and language != "vi":
            log.warning("translation %s not found in %s", name, directory)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
