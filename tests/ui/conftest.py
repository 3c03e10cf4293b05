"""Fixtures for the GUI tests: a real store in the test profile and scripted message boxes.

Every test under tests/ui is marked ``gui`` here (they build Qt widgets or drive Qt's event loop),
so ``-m gui`` picks them and ``-m "not gui"`` leaves them out, whoever adds a module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.paths import Paths
from app.settings import Settings
from app.store import Store
from ui.main_window import MainWindow

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A conftest's hook sees the whole session's items, not only its folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.gui)


@dataclass
class ShownMessage:
    kind: str
    title: str
    text: str
    choices: tuple[tuple[str, str], ...] = ()


@dataclass
class FakeDialogs:
    """Stands in for ui.messages.Dialogs: records each box and answers from a script."""

    answers: list[str] = field(default_factory=list)
    shown: list[ShownMessage] = field(default_factory=list)

    def warning(self, parent, title, text, choices=(), default=None) -> str:
        self.shown.append(ShownMessage("warning", title, text, tuple(choices)))
        return self.answers.pop(0) if self.answers else (default or "close")

    def information(self, parent, title, text) -> None:
        self.shown.append(ShownMessage("information", title, text))

    def question(self, parent, title, text, yes, no) -> bool:
        self.shown.append(ShownMessage("question", title, text, (("yes", yes), ("no", no))))
        return (self.answers.pop(0) if self.answers else "no") == "yes"


@pytest.fixture
def store(profile: Paths) -> Iterator[Store]:
    with Store.open(profile.store_file) as opened:
        yield opened


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def settings() -> Settings:
    return Settings(language="vi", tax_code="0100109106")


@pytest.fixture
def make_window(qtbot, store: Store, settings: Settings, dialogs: FakeDialogs):
    """Build the main window on the test store; waits until its first loads have landed."""

    def build(**overrides: object) -> MainWindow:
        window = MainWindow(store, settings, dialogs=dialogs, **overrides)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        wait_idle(qtbot, window)
        return window

    return build


def wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.is_idle, timeout=10_000)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type *text* as key events carrying the characters, as a Vietnamese keyboard delivers them.

    ``qtbot.keyClicks`` maps each character to a key code and aborts on letters outside
    Latin-1 ("ộ", "ữ"), so the characters travel as the event's text instead.
    """
    for ch in text:
        if ch == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
