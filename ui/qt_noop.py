"""A typed ``QT_TRANSLATE_NOOP``: marks a text for the catalogue without translating it yet.

PySide6 types Qt's own as returning ``object``; every table of translatable labels then needs a
cast. pyside6-lupdate finds the call by its name, so the catalogue is built the same way.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    del context  # read by pyside6-lupdate from the source text, not at run time
    return source
