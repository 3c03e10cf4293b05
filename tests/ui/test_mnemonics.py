"""Alt+letter reaches one thing per window, in Vietnamese and in English (issue 14).

Walks every window of tests/ui/screens.py: the menu bar's titles, every button and every label
with a buddy that the window shows share one set of Alt letters; each menu's items another. A
letter taken twice means the first Alt press goes to the wrong one (Alt+G and Alt+T were both a
menu and a filter label). Every button of a dialog has its letter, a plain ASCII one: Vietnamese
keyboards (Telex, VNI) send ASCII with Alt, so an "&ả" could never be typed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QWidget,
)

from app.settings import Settings
from app.store import Store
from tests.ui.conftest import FakeDialogs
from tests.ui.screens import Screens, each_window, seed
from ui.translations import install_translators, remove_translators

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")
_TAGS = re.compile(r"<[^>]+>")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(_TAGS.sub("", text).replace("&&", ""))
    return found.group(1).lower() if found else None


def shown(widget: QWidget, window: QWidget) -> bool:
    return widget.window() is window and widget.isVisibleTo(window)


def window_keys(window: QWidget) -> Iterator[tuple[str, str]]:
    """(text, what) of everything in *window* an Alt+letter can reach."""
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                yield action.text(), "menu"
    for button in window.findChildren(QAbstractButton):
        if shown(button, window):
            yield button.text(), type(button).__name__
    for label in window.findChildren(QLabel):
        if label.buddy() is not None and shown(label, window):
            yield label.text(), "label"


def menus(window: QWidget) -> Iterator[QMenu]:
    if isinstance(window, QMainWindow):
        pending = [a.menu() for a in window.menuBar().actions()]
        while pending:
            menu = pending.pop()
            if isinstance(menu, QMenu):
                yield menu
                pending.extend(a.menu() for a in menu.actions() if a.menu() is not None)


def clashes(entries: Iterator[tuple[str, str]]) -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = defaultdict(list)
    for text, what in entries:
        key = mnemonic(text)
        if key is not None:
            by_key[key].append(f"{what} {text!r}")
    return {k: v for k, v in by_key.items() if len(v) > 1}


@pytest.fixture(params=["vi", "en"])
def screens(request, qapp: QApplication, store: Store, profile) -> Iterator[Screens]:
    language = request.param
    translators = install_translators(qapp, language)
    seed(store)
    settings = Settings(language=language, tax_code="0100109106")
    opened = Screens(store, settings, FakeDialogs(), profile.config_dir / "screens")
    yield opened
    opened.close_all()
    remove_translators(qapp, translators)


def test_alt_letters_are_unique_in_every_window_and_menu(screens: Screens) -> None:
    problems: dict[str, object] = {}
    seen = []
    for name, window in each_window(screens):
        seen.append(name)
        found = clashes(window_keys(window))
        if found:
            problems[name] = found
        for menu in menus(window):
            in_menu = clashes(
                (a.text(), "item") for a in menu.actions() if a.isVisible() and not a.isSeparator()
            )
            if in_menu:
                problems[f"{name} menu {menu.title()!r}"] = in_menu
    assert len(seen) > 5
    assert not problems, problems


def test_every_dialog_button_has_a_letter_that_can_be_typed(screens: Screens) -> None:
    missing: dict[str, list[str]] = defaultdict(list)
    for name, window in each_window(screens):
        if not isinstance(window, QDialog):
            continue
        for text, what in window_keys(window):
            key = mnemonic(text)
            if what == "QPushButton" and key is None:
                missing[name].append(f"{what} {text!r}: no Alt letter")
            elif key is not None and not (key.isascii() and key.isalnum()):
                missing[name].append(f"{what} {text!r}: Alt+{key} cannot be typed")
    assert not missing, dict(missing)


def test_a_mnemonic_is_read_as_the_letter_after_a_single_ampersand() -> None:
    assert mnemonic("Đó&ng") == "n"
    assert mnemonic("Lưu && &Gửi") == "g"
    assert mnemonic("Xem") is None
    assert mnemonic("Nội dung <span style='color:red'>*</span> &Họ") == "h"


#: The button Enter presses on each window (None: a main window has none).
DEFAULTS = {
    "login": "Đăng &nhập",
    "rating-sheet": "&Ghi",
    "rating-errors": "&Ghi",
    "rating-confirm": "&Gửi",
    "skip-warning": "&Xem",
    "guide": "Đó&ng",
    "outbox": "&Gửi lại ngay",
    "inbox": "Đó&ng",
    "inbox-empty": "Đó&ng",
    "support-request": "&Gửi câu hỏi",
    "support-search": "&Tìm kiếm",
    "enterprise-list": "&Làm việc cho doanh nghiệp này",
    "enterprise-add": "&Thêm",
    "enterprise-overview": "&Mở doanh nghiệp",
}


def test_enter_presses_the_button_the_user_expects_on_each_window(qapp, store, profile) -> None:
    seed(store)
    screens = Screens(store, Settings(tax_code="0100109106"), FakeDialogs(), profile.config_dir)
    found = {}
    try:
        for name, window in each_window(screens):
            if isinstance(window, QDialog):
                defaults = [
                    b.text()
                    for b in window.findChildren(QPushButton)
                    if b.isDefault() and shown(b, window)
                ]
                found[name] = defaults[0] if len(defaults) == 1 else defaults
    finally:
        screens.close_all()
    assert found == DEFAULTS
