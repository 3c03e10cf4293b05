"""Message boxes behind one small service, so tests can answer them.

A modal ``exec()`` blocks until someone clicks; in a test nobody does, and the run hangs. Every
question or warning the window asks goes through ``Dialogs``; tests pass a scripted stand-in.
Buttons carry our own texts, because Qt has no Vietnamese catalogue for its standard buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

log = logging.getLogger(__name__)

#: (key returned to the caller, button text shown)
Choice = tuple[str, str]


def _close_text() -> str:
    return QCoreApplication.translate("Dialogs", "Đó&ng")


class Dialogs:
    """Modal message boxes with explicit, translated buttons."""

    def warning(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        choices: Sequence[Choice] = (),
        default: str | None = None,
    ) -> str:
        """Show a warning; return the key of the button pressed ("close" if none was)."""
        return self._ask(QMessageBox.Icon.Warning, parent, title, text, choices, default)

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        self._ask(QMessageBox.Icon.Information, parent, title, text, (), None)

    def question(self, parent: QWidget | None, title: str, text: str, yes: str, no: str) -> bool:
        """A yes/no question with the action spelt out on the buttons; Esc means no."""
        return (
            self._ask(
                QMessageBox.Icon.Question, parent, title, text, (("yes", yes), ("no", no)), "no"
            )
            == "yes"
        )

    def _ask(
        self,
        icon: QMessageBox.Icon,
        parent: QWidget | None,
        title: str,
        text: str,
        choices: Sequence[Choice],
        default: str | None,
    ) -> str:
        # What the user was told is part of what happened: support reads it in the log.
        log.info("message shown (%s): %s", icon.name, text)
        box = build_message_box(icon, parent, title, text, choices or (("close", _close_text()),))
        if default in box.button_for:
            box.setDefaultButton(box.button_for[default])
        box.exec()
        clicked = box.clickedButton()
        return next((k for k, b in box.button_for.items() if b is clicked), "close")


class MessageBox(QMessageBox):
    """A QMessageBox that remembers which key each of its buttons stands for."""

    button_for: dict[str, QPushButton]


def build_message_box(
    icon: QMessageBox.Icon,
    parent: QWidget | None,
    title: str,
    text: str,
    choices: Sequence[Choice],
) -> MessageBox:
    """The box ``Dialogs`` shows, built apart so a test can inspect it without exec()."""
    box = MessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.button_for = {}
    last = len(choices) - 1
    for index, (key, label) in enumerate(choices):
        role = (
            QMessageBox.ButtonRole.RejectRole
            if index == last and key in ("close", "no")
            else QMessageBox.ButtonRole.AcceptRole
        )
        box.button_for[key] = box.addButton(label, role)
    if choices:
        box.setEscapeButton(box.button_for[choices[-1][0]])
    return box
