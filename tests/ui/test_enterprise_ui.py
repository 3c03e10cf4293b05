"""The enterprises in the window, driven by keyboard and mouse: the switcher and the title, the
Hệ thống menu, the list (add with the tax-code check, remove with a confirmation that says what
stays), the overview of all (Enter opens one), and the one rating prompt grouped by enterprise."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QObject, Qt, Signal

from app.domain.model import Response
from app.domain.states import ConnectionState, RatingState
from app.store import Store
from tests.factories import declaration, low_sheet, sheet
from tests.ui.conftest import type_text, wait_idle
from tests.ui.test_support_request_dialog import FakeFiles
from ui.bundle_enterprises import BundleEnterprisesDialog, ask_enterprises
from ui.declaration_model import NumberRole
from ui.enterprise_list import AddEnterpriseDialog, EnterpriseListDialog
from ui.enterprise_menu import EnterpriseMenu
from ui.enterprise_overview import EnterpriseOverview
from ui.enterprise_queue import merge_grouped
from ui.inbox import InboxDialog
from ui.outbox_panel import OutboxPanel
from ui.rating_dialog import QueueItem, RatingStage
from ui.support_actions import SupportActions

A = "0100109106"
B = "0100109106-001"
A_NUMBERS = [f"10451234567{i}" for i in range(4)]
B_NUMBERS = ["305512345670", "305512345671"]


class FakeSession(QObject):
    """The session's side the menu, the list and the overview use: who is logged in, how."""

    enterprises_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.states = {A: (ConnectionState.ONLINE, ""), B: (ConnectionState.OFFLINE, "Mất mạng")}
        self.logins: list[str | None] = []
        self.forgotten: list[str] = []

    def state_of(self, tax_code: str) -> tuple[str, str]:
        return self.states.get(tax_code, (ConnectionState.NOT_LOGGED_IN, ""))

    def show_login(self, tax_code: str | None = None) -> None:
        self.logins.append(tax_code)

    def forget_enterprise(self, tax_code: str) -> None:
        self.forgotten.append(tax_code)


@pytest.fixture
def two(store: Store) -> Store:
    store.enterprises.add(A, "Công ty TNHH Ánh Dương")
    store.enterprises.add(B, "Chi nhánh Đình Vũ")
    store.declarations.upsert([declaration(n) for n in A_NUMBERS])
    store.declarations.upsert([declaration(n, tax_code=B) for n in B_NUMBERS])
    store.sheets.save(sheet(A_NUMBERS[0]), A)
    store.sheets.save(low_sheet(B_NUMBERS[0]), B)
    store.responses.upsert(
        [Response("R-B", "k", B_NUMBERS[0], "upheld", "Đã xử lý.", datetime.now(UTC))], B
    )
    return store


def _grid_numbers(window) -> set[str]:
    model = window.model
    return {model.index(row, 0).data(NumberRole) for row in range(model.rowCount())}


# The switcher's popup asks for the keyboard, which the offscreen platform cannot give.
@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")
def test_the_switcher_shows_one_enterprise_at_a_time_and_names_it_in_the_title(
    qtbot, two, make_window
) -> None:
    window = make_window()
    switcher = window.enterprise_switcher
    assert switcher.combo.count() == 2 and switcher.combo.isEnabled()
    assert window.windowTitle().startswith("Công ty TNHH Ánh Dương (MST 0100109106) — ")
    assert _grid_numbers(window) == set(A_NUMBERS)
    assert "4 tờ khai, 3 chưa đánh giá" in window.summary.text()
    assert window.indicators.outbox_count == 1

    # Ctrl+E, the arrow keys and Enter: keyboard only (the list is by name: B first).
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    popup = switcher.combo.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Up)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert two.current_tax_code == B
    assert window.windowTitle().startswith("Chi nhánh Đình Vũ (MST 0100109106-001) — ")
    assert window.windowTitle().count(" — ") == 2  # the old name went, not piled up
    assert _grid_numbers(window) == set(B_NUMBERS)
    assert "2 tờ khai, 1 chưa đánh giá" in window.summary.text()
    assert window.notice.isVisibleTo(window)
    assert window.indicators.outbox_count == 1  # B's low sheet, not A's
    assert window.tree.group_model is not None


def test_the_system_menu_chooses_lists_and_overviews(qtbot, two, make_window, dialogs) -> None:
    window = make_window()
    session = FakeSession()
    menu = EnterpriseMenu(window, session, window.quit_action)
    titles = [a.text() for a in window.system_menu.actions()]
    assert "5. Chọn doanh nghiệp" in titles
    assert "6. Danh sách doanh nghiệp…" in titles and "7. Tất cả doanh nghiệp…" in titles
    menu.choose_menu.aboutToShow.emit()
    choices = menu.choose_menu.actions()
    assert [a.isChecked() for a in choices] == [False, True]  # by name: Chi nhánh…, Công ty…
    choices[0].trigger()
    wait_idle(qtbot, window)
    assert two.current_tax_code == B
    assert menu.overview_action.shortcut().toString() == "Ctrl+Shift+E"
    overview = menu.show_overview()
    qtbot.addWidget(overview)
    assert overview.isVisible() and overview.model.rowCount() == 2


def test_the_overview_shows_each_enterprise_and_enter_opens_one(qtbot, two) -> None:
    session = FakeSession()
    overview = EnterpriseOverview(two, session)
    qtbot.addWidget(overview)
    overview.show()
    model = overview.model
    by_code = {row.tax_code: r for r, row in enumerate(model.rows)}
    a, b = by_code[A], by_code[B]
    shown = lambda row, column: model.index(row, column).data()  # noqa: E731
    assert "Công ty TNHH Ánh Dương" in shown(a, 0) and A in shown(a, 0)
    assert (shown(a, 1), shown(a, 2), shown(a, 3)) == ("3", "1", "0")
    assert (shown(b, 1), shown(b, 2), shown(b, 3)) == ("1", "1", "1")
    assert shown(a, 4) == "Đã kết nối" and shown(b, 4) == "Mất kết nối – Mất mạng"
    assert shown(a, 5) == "Chưa đồng bộ"
    two.enterprises.note_good_sync(A, "2026-11-20T08:30:00+00:00")
    overview.refresh()
    assert shown(by_code[A], 5) != "Chưa đồng bộ"

    opened: list[str] = []
    overview.opened.connect(opened.append)
    assert overview.table.hasFocus() or overview.table.isVisible()
    overview.table.setCurrentIndex(model.index(b, 0))
    qtbot.keyClick(overview.table, Qt.Key.Key_Return)
    assert opened == [B] and two.current_tax_code == B
    assert not overview.isVisible()


def test_the_list_checks_the_tax_code_and_keeps_what_was_typed(qtbot, two, dialogs) -> None:
    session = FakeSession()
    listing = EnterpriseListDialog(two, session, dialogs)
    qtbot.addWidget(listing)
    listing.show()
    assert listing.table.rowCount() == 2
    add = listing.add()
    type_text(qtbot, add.tax_code_edit, "0100109107")
    type_text(qtbot, add.name_edit, "Công ty Sai Mã")
    qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
    assert add.isVisible() and "chữ số kiểm tra" in add.tax_code_error.text()
    assert add.name_edit.text() == "Công ty Sai Mã"  # nothing typed is lost
    assert two.enterprises.get("0100109107") is None
    add.tax_code_edit.clear()
    type_text(qtbot, add.tax_code_edit, "0100109106 002")
    type_text(qtbot, add.server_edit, "ftp://nowhere")
    qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
    assert add.isVisible() and add.server_error.text()
    add.server_edit.clear()
    qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
    assert not add.isVisible()
    assert two.enterprises.get("0100109106-002").name == "Công ty Sai Mã"
    assert listing.table.rowCount() == 3
    assert listing.selected() == "0100109106-002"
    listing.login_selected()
    assert session.logins == ["0100109106-002"]


def test_enter_in_the_list_works_for_the_chosen_enterprise_and_opens_nothing_else(
    qtbot, two, dialogs
) -> None:
    listing = EnterpriseListDialog(two, FakeSession(), dialogs)
    qtbot.addWidget(listing)
    listing.show()
    opened: list[str] = []
    listing.opened.connect(opened.append)
    row = next(r for r in range(2) if listing.table.item(r, 0).text() == B)
    listing.table.selectRow(row)
    listing.table.setFocus()
    qtbot.keyClick(listing.table, Qt.Key.Key_Return)
    assert opened == [B] and two.current_tax_code == B
    assert not listing.findChildren(AddEnterpriseDialog)  # Enter used to press "Thêm…" too


def test_removing_an_enterprise_asks_first_and_says_what_stays(qtbot, two, dialogs) -> None:
    session = FakeSession()
    listing = EnterpriseListDialog(two, session, dialogs)
    qtbot.addWidget(listing)
    listing._select(B)
    dialogs.answers = ["no"]
    assert not listing.remove_selected()
    assert two.enterprises.get(B) is not None and session.forgotten == []
    question = dialogs.shown[-1]
    assert "Chi nhánh Đình Vũ (0100109106-001)" in question.text
    assert "2 tờ khai, 1 phiếu chưa gửi" in question.text and "không bị xóa" in question.text
    assert "sẽ không được gửi cho đến khi" in question.text  # an unsent sheet is named

    dialogs.answers = ["yes"]
    assert listing.remove_selected()
    assert two.enterprises.get(B) is None and session.forgotten == [B]
    assert listing.table.rowCount() == 1
    assert two.outbox.count_waiting(B) == 1 and two.declarations.count(B) == 2  # kept


def test_one_prompt_for_every_enterprise_grouped_and_saying_whose(qtbot, two, make_window) -> None:
    items = [
        QueueItem(n, RatingStage.AFTER_COMPLETION)
        for n in (B_NUMBERS[1], A_NUMBERS[1], "309999999999", A_NUMBERS[2])
    ]
    grouped = merge_grouped(two, [], 0, items)
    assert [i.number for i in grouped] == [A_NUMBERS[1], A_NUMBERS[2], B_NUMBERS[1], "309999999999"]
    # What is on screen and behind stays; what comes joins its enterprise's group.
    more = merge_grouped(two, grouped, 0, [QueueItem(A_NUMBERS[3], RatingStage.AFTER_COMPLETION)])
    assert [i.number for i in more][:4] == [A_NUMBERS[1], A_NUMBERS[2], A_NUMBERS[3], B_NUMBERS[1]]

    window = make_window()
    window.declarations_completed([B_NUMBERS[1], A_NUMBERS[1]])
    dialog = window.rating_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.current.number == A_NUMBERS[1]
    assert "Công ty TNHH Ánh Dương (MST 0100109106)" in dialog.title_label.text()
    assert "Tờ khai 1 / 2" in dialog.position_label.text()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current.number == B_NUMBERS[1]
    assert "Chi nhánh Đình Vũ (MST 0100109106-001)" in dialog.title_label.text()
    assert two.declarations.rating_state(B_NUMBERS[1]) is RatingState.UNRATED
    dialog.close()


def test_the_bundle_export_asks_which_enterprises_and_leaves_the_others_out(
    qtbot, two, make_window, profile, dialogs, tmp_path
) -> None:
    chooser = BundleEnterprisesDialog(two)
    qtbot.addWidget(chooser)
    ok = chooser.buttons.button(chooser.buttons.StandardButton.Ok)
    assert chooser.chosen() == [A] and ok.isEnabled()  # the current one ticked
    chooser.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # by name: B, then A
    assert chooser.chosen() == [] and not ok.isEnabled()
    chooser.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert chooser.chosen() == [B]

    window = make_window()
    target = tmp_path / "ho-tro.zip"
    session = SimpleNamespace(paths=profile, connection_details=lambda: None, sync=None)
    actions = SupportActions(window, session, files=FakeFiles(saves=[target]))
    asked: list[int] = []

    def choose(parent, store):
        asked.append(len(store.enterprises.all()))
        return [A]

    actions.exporter.choose_enterprises = choose
    actions.export_action.trigger()
    qtbot.waitUntil(lambda: actions.exporter.written is not None, timeout=20_000)
    assert asked == [2]
    with zipfile.ZipFile(target) as archive:
        data = b"".join(archive.read(name) for name in archive.namelist())
    assert A.encode() in data and B.encode() not in data
    assert not any(n.encode() in data for n in B_NUMBERS)
    assert "Chi nhánh Đình Vũ".encode() not in data

    # Cancelling the question writes nothing; one enterprise is not asked about at all.
    actions.exporter.written = None
    actions.exporter.choose_enterprises = lambda parent, store: []
    actions.export_action.trigger()
    assert actions.exporter.written is None and not actions.exporter.busy
    two.enterprises.remove(B)
    assert ask_enterprises(window, two) is None


def test_the_outbox_and_the_inbox_follow_the_switch(qtbot, two, make_window, dialogs) -> None:
    """Opened for A, they show A's items; once B is current, B's and nothing of A's."""
    window = make_window()
    outbox = OutboxPanel(two, dialogs, events=window.store_events)
    inbox = InboxDialog(two, A, events=window.store_events)
    for view in (outbox, inbox):
        qtbot.addWidget(view)
        view.show()
    outbox.refresh()
    inbox.refresh()
    assert {i.tax_code for i in outbox.model.items} == {A}
    assert inbox.responses == []  # A has no answer yet
    two.enterprises.set_current(B)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: {i.tax_code for i in outbox.model.items} == {B})
    qtbot.waitUntil(lambda: [r.response_id for r in inbox.responses] == ["R-B"])
    assert window.indicators.outbox_count == 1


def test_the_prompt_names_the_enterprise_once_its_name_arrives(qtbot, store, make_window) -> None:
    """A --demo-data profile: declarations listed the tax code alone; the login brings the name
    after the prompt opened."""
    store.declarations.upsert([declaration(n) for n in A_NUMBERS[:2]])
    assert store.enterprises.get(A).name == ""
    window = make_window()
    window.declarations_completed(A_NUMBERS[:2])
    dialog = window.rating_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.title_label.text().endswith("— MST 0100109106")
    store.enterprises.add(A, "Công ty TNHH Ánh Dương (DEMO)")
    wait_idle(qtbot, window)
    qtbot.waitUntil(
        lambda: "Công ty TNHH Ánh Dương (DEMO) (MST 0100109106)" in dialog.title_label.text()
    )
    dialog.close()


def test_the_outbox_and_the_inbox_say_whose_they_are(qtbot, two, make_window, dialogs) -> None:
    """With two enterprises an outbox or an inbox is ambiguous unless it names its enterprise."""
    window = make_window()
    outbox = OutboxPanel(two, dialogs, events=window.store_events)
    inbox = InboxDialog(two, A, events=window.store_events)
    a_label, b_label = (
        "Công ty TNHH Ánh Dương (MST 0100109106)",
        "Chi nhánh Đình Vũ (MST 0100109106-001)",
    )
    for view in (outbox, inbox):
        qtbot.addWidget(view)
        view.show()
        assert a_label in view.windowTitle()
        assert view.owner_label.text() == a_label and view.owner_label.isVisible()
    two.enterprises.set_current(B)
    wait_idle(qtbot, window)
    for view in (outbox, inbox):
        qtbot.waitUntil(lambda v=view: b_label in v.windowTitle())
        assert view.owner_label.text() == b_label
        assert a_label not in view.windowTitle()


def test_ctrl_e_with_one_enterprise_says_so_and_opens_the_list(qtbot, store, make_window) -> None:
    """Nothing to switch to: no greyed popup, but the list (whose Thêm… adds another) and a word."""
    store.enterprises.add(A, "Công ty TNHH Ánh Dương")
    window = make_window()
    menu = EnterpriseMenu(window, FakeSession(), window.quit_action)
    switcher = window.enterprise_switcher
    assert switcher.combo.count() == 1 and not switcher.combo.isEnabled()
    assert "Danh sách doanh nghiệp" in switcher.combo.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert not switcher.combo.view().isVisible()
    assert "Chỉ có một doanh nghiệp" in window.statusBar().currentMessage()
    listing = menu.list_dialog
    assert listing is not None and listing.isVisible()
    qtbot.addWidget(listing)
    assert listing.add_button.isEnabled()
