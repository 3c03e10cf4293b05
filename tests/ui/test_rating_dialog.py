"""The rating dialog, driven by mouse and by keyboard like a declarant would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from app.domain.model import DeclarationStatus, RatingStage
from app.domain.states import RatingState
from app.settings import Settings
from app.store import NOT_SAVED_DISK_FULL, Store, StoreFull
from tests.factories import declaration
from tests.ui.conftest import FakeDialogs, type_text
from ui.rating_dialog import QueueItem, RatingDialog

NUMBER = "104512345670"
HTML = '<b>x</b><img src="file:///etc/passwd"> & <a href="http://evil">bấm</a>'


@pytest.fixture
def make_dialog(qtbot, store: Store, settings: Settings, dialogs: FakeDialogs):
    def build(*items: QueueItem) -> RatingDialog:
        dialog = RatingDialog(store, settings, dialogs, list(items) or [QueueItem(NUMBER)])
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    store.declarations.upsert([declaration(NUMBER)])
    return build


def click_star(qtbot, dialog: RatingDialog, row: int, stars: int) -> None:
    widget = dialog.form.rows[row].stars
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.star_centre(stars).toPoint())


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press(qtbot, dialog: QDialog, key: Qt.Key, times: int = 1) -> None:
    """A key to whatever has the focus in the dialog, as a keyboard user would type it."""
    for _ in range(times):
        target = dialog.focusWidget()
        assert target is not None
        qtbot.keyClick(target, key)


def stored_sheets(store: Store) -> list[dict[str, object]]:
    return [item.payload for item in store.outbox.items()]


def test_the_whole_flow_by_mouse(qtbot, make_dialog, store: Store) -> None:
    dialog = make_dialog()
    form = dialog.form
    assert form.header.number_label.text() == NUMBER
    click_star(qtbot, dialog, 0, 4)
    click_star(qtbot, dialog, 1, 5)
    assert form.rows[0].stars.value() == 4
    fast = form.rows[0].reason_boxes["fast"]
    assert fast.isVisible()
    click(qtbot, fast)
    assert fast.isChecked()
    type_text(qtbot, form.content_edit, "Cán bộ hướng dẫn tận tình.")
    click(qtbot, dialog.record_button)

    assert dialog.on_confirm_page
    view = dialog.confirm_view
    assert [s.value() for s in view.score_views] == [4, 5]
    assert "Giải quyết nhanh chóng" in view.reason_labels[0].text()
    assert view.content_view.toPlainText() == "Cán bộ hướng dẫn tận tình."
    assert view.content_view.isReadOnly()
    assert store.sheets.count() == 0  # nothing stored before "Gửi"

    with qtbot.waitSignal(dialog.sheet_saved) as saved:
        click(qtbot, dialog.send_button)
    assert saved.args == [NUMBER]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert store.sheets.count() == 1
    (payload,) = stored_sheets(store)
    assert payload["declaration_number"] == NUMBER
    assert payload["stage"] == "after_completion"
    assert [(s["target_code"], s["score"], s["reasons"]) for s in payload["scores"]] == [
        ("CC0231", 4, ["fast"]),
        ("DOI1", 5, []),
    ]
    assert store.declarations.rating_state(NUMBER) == RatingState.QUEUED


def test_the_whole_flow_by_keyboard_alone(qtbot, make_dialog, store: Store) -> None:
    dialog = make_dialog()
    form = dialog.form
    assert dialog.focusWidget() is form.rows[0].stars
    press(qtbot, dialog, Qt.Key.Key_2)  # officer: 2 stars
    press(qtbot, dialog, Qt.Key.Key_Tab)  # to the first reason of the 2-star level
    assert dialog.focusWidget() is form.rows[0].reason_boxes["delay"]
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert form.rows[0].reason_boxes["delay"].isChecked()
    press(qtbot, dialog, Qt.Key.Key_Tab, 6)  # past the other five reasons
    assert dialog.focusWidget() is form.rows[1].stars
    press(qtbot, dialog, Qt.Key.Key_End)  # team: 5 stars
    press(qtbot, dialog, Qt.Key.Key_Tab, 4 + 1 + 1)  # its 4 reasons, sub-department, stage
    assert dialog.focusWidget() is form.rows[3].stars
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is form.content_edit
    type_text(qtbot, form.content_edit, "Hồ sơ bị trả lại nhiều lần.")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is form.name_edit
    type_text(qtbot, form.name_edit, "Trần Thị Bình")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, form.phone_edit, "0912 345 678")
    press(qtbot, dialog, Qt.Key.Key_Return)  # "Ghi", the default button

    assert dialog.on_confirm_page
    assert dialog.focusWidget() is dialog.send_button
    assert dialog.confirm_view.contact_phone_view.text() == "+84912345678"
    press(qtbot, dialog, Qt.Key.Key_Return)  # "Gửi"

    assert dialog.result() == QDialog.DialogCode.Accepted
    (payload,) = stored_sheets(store)
    assert [(s["score"], s["reasons"]) for s in payload["scores"]] == [(2, ["delay"]), (5, [])]
    assert payload["contact_name"] == "Trần Thị Bình"


def test_tab_reaches_the_buttons_and_space_presses_them(qtbot, make_dialog) -> None:
    dialog = make_dialog()
    press(qtbot, dialog, Qt.Key.Key_4)
    dialog.form.phone_edit.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.skip_button
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.record_button
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert dialog.on_confirm_page
    press(qtbot, dialog, Qt.Key.Key_Escape)  # Esc on the confirm page means "Sửa"
    assert not dialog.on_confirm_page
    assert dialog.isVisible()


def test_edit_keeps_every_input(qtbot, make_dialog) -> None:
    dialog = make_dialog()
    form = dialog.form
    click_star(qtbot, dialog, 0, 1)
    click_star(qtbot, dialog, 2, 3)
    click(qtbot, form.rows[0].reason_boxes["harassment"])
    click(qtbot, form.rows[2].reason_boxes["acceptable_time"])
    type_text(qtbot, form.content_edit, "Dòng một\nDòng hai")
    type_text(qtbot, form.name_edit, "Lê Văn Chinh")
    type_text(qtbot, form.phone_edit, "0225 3842 999")
    before = form.capture()
    click(qtbot, dialog.record_button)
    assert dialog.on_confirm_page
    click(qtbot, dialog.edit_button)

    assert not dialog.on_confirm_page
    assert dialog.form is form
    assert form.capture() == before
    assert form.rows[0].reason_boxes["harassment"].isVisible()
    click(qtbot, dialog.record_button)  # and recording again shows the same sheet
    assert dialog.confirm_view.content_view.toPlainText() == "Dòng một\nDòng hai"


def test_a_low_score_without_contact_is_refused_with_the_fields_marked(
    qtbot,
    make_dialog,
    store: Store,
) -> None:
    dialog = make_dialog()
    form = dialog.form
    assert "*" not in form.name_label.text()
    click_star(qtbot, dialog, 0, 2)
    assert "*" in form.name_label.text() and "*" in form.phone_label.text()
    type_text(qtbot, form.phone_edit, "12")
    click(qtbot, dialog.record_button)

    assert not dialog.on_confirm_page
    assert form.name_error.isVisible()
    assert form.name_error.text() == "Vui lòng nhập họ và tên."
    assert form.name_edit.property("invalid") is True
    assert form.name_edit.accessibleDescription() == form.name_error.text()
    assert form.phone_error.isVisible() and "Số điện thoại không hợp lệ" in form.phone_error.text()
    assert form.content_error.isVisible()
    assert form.phone_edit.text() == "12"  # nothing typed is lost
    assert dialog.focusWidget() is form.content_edit  # the first field to fix
    assert store.sheets.count() == 0

    type_text(qtbot, form.name_edit, "Phạm Thu Hà")  # typing clears that field's error
    assert not form.name_error.isVisible()
    assert form.name_edit.property("invalid") is False


def test_errors_are_in_english_when_the_setting_says_so(
    qtbot,
    store: Store,
    dialogs: FakeDialogs,
) -> None:
    store.declarations.upsert([declaration(NUMBER)])
    dialog = RatingDialog(store, Settings(language="en"), dialogs, [QueueItem(NUMBER)])
    qtbot.addWidget(dialog)
    dialog.show()
    click_star(qtbot, dialog, 0, 1)
    click(qtbot, dialog.record_button)
    assert dialog.form.name_error.text() == "Please enter the full name."
    assert dialog.form.rows[0].stars.value_text() == "1 / 5 sao – Very dissatisfied"


def test_no_stars_at_all_is_refused_beside_the_targets(qtbot, make_dialog) -> None:
    dialog = make_dialog()
    click(qtbot, dialog.record_button)
    assert dialog.form.scores_error.isVisible()
    assert dialog.form.scores_error.text() == "Hãy chọn số sao cho ít nhất một đối tượng."
    click_star(qtbot, dialog, 3, 5)  # rating only the procedure stage is enough
    assert not dialog.form.scores_error.isVisible()
    click(qtbot, dialog.record_button)
    assert dialog.on_confirm_page
    assert len(dialog.pending_sheet.scores) == 1


def test_html_typed_into_the_content_shows_as_text(qtbot, make_dialog) -> None:
    dialog = make_dialog()
    click_star(qtbot, dialog, 0, 5)
    dialog.form.content_edit.setPlainText(HTML)
    click(qtbot, dialog.record_button)
    view = dialog.confirm_view
    assert view.content_view.toPlainText() == HTML
    shown = [label for label in view.findChildren(QLabel) if "<" in label.text()]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    image_paths = view.content_view.document().toHtml()
    assert "<img" not in image_paths  # the document holds text, not an image element


def test_reasons_follow_the_level_and_keep_still_valid_ticks(qtbot, make_dialog) -> None:
    dialog = make_dialog()
    row = dialog.form.rows[0]
    click_star(qtbot, dialog, 0, 4)
    click(qtbot, row.reason_boxes["fast"])
    click_star(qtbot, dialog, 0, 5)  # same reasons for 4 and 5 stars: the tick stays
    assert row.reason_boxes["fast"].isChecked() and row.reason_boxes["fast"].isVisible()
    assert row.chosen_reasons() == ("fast",)
    click_star(qtbot, dialog, 0, 2)
    assert not row.reason_boxes["fast"].isVisible()
    assert row.reason_boxes["delay"].isVisible()
    assert row.chosen_reasons() == ()
    click_star(qtbot, dialog, 0, 4)
    assert row.chosen_reasons() == ("fast",)


def test_send_failing_on_a_full_disk_keeps_everything(
    qtbot,
    make_dialog,
    store: Store,
    dialogs: FakeDialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog()
    click_star(qtbot, dialog, 0, 5)
    type_text(qtbot, dialog.form.content_edit, "Rất nhanh")
    click(qtbot, dialog.record_button)

    def full(*args: object, **kwargs: object) -> int:
        raise StoreFull(NOT_SAVED_DISK_FULL)

    real_save = store.sheets.save
    monkeypatch.setattr(store.sheets, "save", full)
    click(qtbot, dialog.send_button)
    assert dialogs.shown[-1].kind == "warning"
    assert dialogs.shown[-1].text == NOT_SAVED_DISK_FULL.vi
    assert dialog.isVisible() and dialog.on_confirm_page
    assert dialog.form.content_edit.toPlainText() == "Rất nhanh"

    monkeypatch.setattr(store.sheets, "save", real_save)
    key = dialog.pending_sheet.idempotency_key
    click(qtbot, dialog.send_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored_sheets(store)[0]["idempotency_key"] == key


def test_a_queue_moves_on_and_remembers_drafts(
    qtbot,
    make_dialog,
    store: Store,
    dialogs: FakeDialogs,
) -> None:
    numbers = ["104512345671", "104512345672"]
    store.declarations.upsert([declaration(n) for n in numbers])
    dialog = make_dialog(QueueItem(NUMBER), *(QueueItem(n) for n in numbers))
    assert dialog.position_label.text() == "Tờ khai 1 / 3"
    click_star(qtbot, dialog, 0, 3)
    click(qtbot, dialog.next_button)
    assert dialog.position_label.text() == "Tờ khai 2 / 3"
    assert dialog.declaration.number == numbers[0]
    assert dialog.form.rows[0].stars.value() == 0

    dialogs.answers.append("close")
    click(qtbot, dialog.skip_button)  # the second: skipped with the warning
    warning = dialogs.shown[-1]
    assert numbers[0] in warning.text and "chưa được đánh giá" in warning.text
    assert [label for _, label in warning.choices] == ["&Xem", "Đó&ng"]
    assert dialog.position_label.text() == "Tờ khai 2 / 2"
    assert dialog.declaration.number == numbers[1]

    click(qtbot, dialog.next_button)  # wraps round to the first, draft restored
    assert dialog.declaration.number == NUMBER
    assert dialog.form.rows[0].stars.value() == 3
    click(qtbot, dialog.record_button)
    click(qtbot, dialog.send_button)
    assert dialog.isVisible()
    assert dialog.declaration.number == numbers[1]
    assert not dialog.position_label.isVisible()  # one left: no "1 / 1"


def test_skip_then_view_closes_the_prompt_and_asks_for_the_unrated_list(
    qtbot,
    make_dialog,
    dialogs: FakeDialogs,
) -> None:
    dialog = make_dialog()
    dialogs.answers.append("view")
    with qtbot.waitSignal(dialog.view_unrated_requested):
        click(qtbot, dialog.skip_button)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_escape_on_the_sheet_warns_like_skip(qtbot, make_dialog, dialogs: FakeDialogs) -> None:
    dialog = make_dialog()
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialogs.shown[-1].kind == "warning"
    assert not dialog.isVisible()


def test_reporting_a_problem_during_clearance(
    qtbot,
    store: Store,
    settings: Settings,
    dialogs: FakeDialogs,
) -> None:
    number = "104512349999"
    store.declarations.upsert([declaration(number, status=DeclarationStatus.INSPECTION)])
    dialog = RatingDialog(
        store, settings, dialogs, [QueueItem(number, RatingStage.DURING_CLEARANCE)]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Phản ánh vướng mắc"
    assert dialog.close_button.isVisible() and not dialog.skip_button.isVisible()
    click_star(qtbot, dialog, 3, 2)
    type_text(qtbot, dialog.form.content_edit, "Chờ kiểm tra thực tế đã hai ngày.")
    type_text(qtbot, dialog.form.name_edit, "Đỗ Minh Long")
    type_text(qtbot, dialog.form.phone_edit, "0964881333")
    click(qtbot, dialog.record_button)
    assert "trong quá trình thông quan" in dialog.confirm_view.stage_label.text()
    click(qtbot, dialog.send_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored_sheets(store)[0]["stage"] == "during_clearance"
    assert store.declarations.rating_state(number) == RatingState.NOT_RATABLE


def test_a_declaration_already_rated_leaves_the_queue(
    qtbot,
    store: Store,
    settings: Settings,
    dialogs: FakeDialogs,
) -> None:
    from tests.factories import sheet

    store.declarations.upsert([declaration(NUMBER), declaration("104512345671")])
    store.sheets.save(sheet(NUMBER), "0100109106")
    dialog = RatingDialog(store, settings, dialogs, [QueueItem(NUMBER), QueueItem("104512345671")])
    qtbot.addWidget(dialog)
    assert dialog.declaration.number == "104512345671"
    assert dialog.queue == [QueueItem("104512345671")]


def test_xem_in_the_skip_warning_keeps_the_rest_of_the_queue(
    qtbot, make_dialog, store: Store, dialogs: FakeDialogs
) -> None:
    store.declarations.upsert([declaration("104512345671")])
    dialog = make_dialog(QueueItem(NUMBER), QueueItem("104512345671"))
    dialogs.answers.append("view")
    with qtbot.waitSignal(dialog.view_unrated_requested):
        click(qtbot, dialog.skip_button)
    assert dialog.isVisible()
    assert dialog.declaration.number == "104512345671"
    assert [i.number for i in dialog.queue] == ["104512345671"]
    warning = dialogs.shown[-1]
    assert warning.choices[0] == ("view", "&Xem")  # first, and the default


def test_declarations_joining_an_open_prompt_are_announced(
    qtbot, make_dialog, store: Store
) -> None:
    extra = ["104512345671", "104512345672"]
    store.declarations.upsert([declaration(n) for n in [*extra, "104512345673"]])
    dialog = make_dialog(QueueItem(NUMBER), QueueItem("104512345673"))
    assert not dialog.joined_label.isVisible()
    assert dialog.add([QueueItem(n) for n in extra]) == 2
    assert dialog.joined_label.isVisible()
    assert "Thêm 2 tờ khai" in dialog.joined_label.text()
    assert "nay có 4 tờ khai" in dialog.joined_label.text()
    assert dialog.add([QueueItem(extra[0])]) == 0  # already queued: nothing new to say
    assert "Thêm 2 tờ khai" in dialog.joined_label.text()
