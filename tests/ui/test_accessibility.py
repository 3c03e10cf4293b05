"""What a screen reader finds in every window (issue 14), walked through ``QAccessible``.

The same interfaces Qt hands to UI Automation on Windows and to AT-SPI on Linux. Every object
the user can reach (a focusable one, or a control by its role) must have a plain name: no
name, or the HTML of a label, is what made fields silent or read "span style". Every star is a
slider 0–5 whose value is its score. Tab must leave every table and list (a keyboard trap kept
the outbox's buttons out of reach).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from app.settings import Settings
from app.store import Store
from tests.ui.conftest import FakeDialogs
from tests.ui.screens import Screens, each_window, seed
from ui.star_rating import StarRating
from ui.translations import install_translators, remove_translators

Role = QAccessible.Role
#: Roles a user acts on, named or not focusable (a disabled button is still read out).
CONTROLS = {
    Role.PushButton,
    Role.Button,
    Role.CheckBox,
    Role.RadioButton,
    Role.ComboBox,
    Role.EditableText,
    Role.Slider,
    Role.SpinBox,
    Role.List,
    Role.Table,
    Role.Tree,
    Role.ButtonMenu,
    Role.ToolBar,
    Role.MenuBar,
}
#: Whose children are rows and cells: named by their model, not walked.
ITEM_VIEWS = {Role.List, Role.Table, Role.Tree}


def walk(iface: QAccessibleInterface) -> Iterator[QAccessibleInterface]:
    yield iface
    if iface.role() in ITEM_VIEWS:
        return
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.isValid():
            yield from walk(child)


def describe(iface: QAccessibleInterface) -> str:
    obj = iface.object()
    name = obj.objectName() if obj is not None else ""
    return (
        f"{iface.role().name} {type(obj).__name__} {name!r} {iface.text(QAccessible.Text.Value)!r}"
    )


def unnamed(window: QWidget) -> list[str]:
    problems = []
    for iface in walk(QAccessible.queryAccessibleInterface(window)):
        state = iface.state()
        if state.invisible:
            continue
        obj = iface.object()
        by_tab = isinstance(obj, QWidget) and bool(obj.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if not (by_tab or iface.role() in CONTROLS):
            continue
        name = iface.text(QAccessible.Text.Name).strip()
        if not name:
            problems.append(f"no name: {describe(iface)}")
        elif "<" in name and ">" in name:
            problems.append(f"HTML in the name {name!r}: {describe(iface)}")
    return problems


def stars_without_value(window: QWidget) -> list[str]:
    problems = []
    for stars in window.findChildren(StarRating):
        iface = QAccessible.queryAccessibleInterface(stars)
        value = iface.valueInterface() if iface is not None else None
        if iface is None or iface.role() != Role.Slider or value is None:
            problems.append(f"{stars.accessibleName()!r}: not a slider")
            continue
        if (value.minimumValue(), value.maximumValue()) != (0, 5) or value.currentValue() != (
            stars.value()
        ):
            problems.append(f"{stars.accessibleName()!r}: value {value.currentValue()}")
        words = iface.text(QAccessible.Text.Description)
        if stars.value() and f"{stars.value()} / 5" not in words:
            problems.append(f"{stars.accessibleName()!r}: says {words!r}")
        if ":" not in iface.text(QAccessible.Text.Name):
            problems.append(f"{stars.accessibleName()!r}: does not say whose row it is")
    return problems


def keyboard_traps(window: QWidget) -> list[str]:
    return [
        f"{view.accessibleName() or type(view).__name__}: Tab moves between its cells"
        for view in window.findChildren(QAbstractItemView)
        if view.isVisibleTo(window)
        and view.focusPolicy() & Qt.FocusPolicy.TabFocus
        and view.tabKeyNavigation()
    ]


@pytest.fixture(params=["vi", "en"])
def screens(request, qapp: QApplication, store: Store, profile) -> Iterator[Screens]:
    translators = install_translators(qapp, request.param)
    seed(store)
    settings = Settings(language=request.param, tax_code="0100109106")
    opened = Screens(store, settings, FakeDialogs(), profile.config_dir / "screens")
    yield opened
    opened.close_all()
    remove_translators(qapp, translators)


def test_every_window_names_what_can_be_reached_and_its_stars_have_values(screens) -> None:
    problems: dict[str, list[str]] = {}
    stars_seen = 0
    for name, window in each_window(screens):
        found = unnamed(window) + stars_without_value(window) + keyboard_traps(window)
        stars_seen += len(window.findChildren(StarRating))
        if found:
            problems[name] = found
    assert stars_seen > 10
    assert not problems, "\n".join(f"{k}: {p}" for k, v in problems.items() for p in v)


class Listener:
    """Stands in for a screen reader: what ``ui.accessibility.announce`` sent."""

    AnnouncementPoliteness = QAccessible.AnnouncementPoliteness

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def isActive(self) -> bool:
        return True

    def updateAccessibility(self, event) -> None:
        self.said.append((event.message(), event.politeness().name))


@pytest.fixture
def listener(monkeypatch) -> Listener:
    import ui.accessibility

    heard = Listener()
    monkeypatch.setattr(ui.accessibility, "QAccessible", heard)
    return heard


def test_errors_saves_and_the_next_declaration_are_announced(
    qtbot, store: Store, dialogs: FakeDialogs, listener: Listener
) -> None:
    from tests.factories import declaration
    from ui.rating_dialog import QueueItem, RatingDialog

    store.declarations.upsert([declaration("104512345670"), declaration("104512345671")])
    dialog = RatingDialog(
        store, Settings(), dialogs, [QueueItem("104512345670"), QueueItem("104512345671")]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.accessibleDescription() == "Tờ khai số 104512345670, 1 / 2"
    dialog.record()  # no star at all
    assert listener.said[-1] == (dialog.form.scores_error.text(), "Assertive")
    dialog.form.rows[0].stars.setValue(1)
    dialog.record()  # a low score without the contact
    assert listener.said[-1] == (dialog.form.content_error.text(), "Assertive")
    dialog.form.rows[0].stars.setValue(4)
    assert dialog.record() and dialog.send()
    text, politeness = listener.said[-1]
    assert politeness == "Polite"
    assert "Đã lưu phiếu tờ khai 104512345670" in text and "104512345671, 1 / 1" in text


def test_support_form_errors_are_tied_to_their_fields_and_announced(
    qtbot, store: Store, listener: Listener
) -> None:
    from ui.support_request_dialog import SupportRequestDialog

    dialog = SupportRequestDialog(
        store, tax_code="0100109106", language="vi", connection=lambda: None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.submit()
    content_error = dialog.errors["content"].text()
    assert content_error and dialog.content_edit.accessibleDescription() == content_error
    assert listener.said and listener.said[-1][1] == "Assertive"
    shown = {label.text() for label in dialog.errors.values() if label.isVisibleTo(dialog)}
    assert listener.said[-1][0] in shown
    dialog.content_edit.setPlainText("Khai IDA báo lỗi E1002.")
    assert dialog.content_edit.accessibleDescription() == ""
