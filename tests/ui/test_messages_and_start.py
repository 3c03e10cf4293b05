"""The real message boxes (Vietnamese buttons, answered by key) and the start-up helpers."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.store import Store
from ui.main import parse_args, seed_demo_data
from ui.messages import Dialogs, MessageBox, build_message_box


def test_a_box_has_our_own_button_texts_and_plain_text(qapp) -> None:
    box = build_message_box(
        QMessageBox.Icon.Warning,
        None,
        "Tờ khai chưa được đánh giá",
        "<b>không</b> in đậm",
        (("view", "Xem"), ("close", "Đóng")),
    )
    assert sorted(b.text() for b in box.buttons()) == ["Xem", "Đóng"]
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.escapeButton() is box.button_for["close"]
    box.deleteLater()


def test_dialogs_warning_returns_the_key_of_the_button_pressed(qtbot) -> None:
    def press_view() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, MessageBox)]
        visible = [b for b in boxes if b.isVisible()]
        if not visible:
            QTimer.singleShot(10, press_view)
            return
        visible[0].button_for["view"].click()

    QTimer.singleShot(0, press_view)
    choice = Dialogs().warning(None, "Tiêu đề", "Nội dung", (("view", "Xem"), ("close", "Đóng")))
    assert choice == "view"


def test_demo_data_fills_only_an_empty_store(profile) -> None:
    args = parse_args(["--profile", "x", "--demo-data", "30", "--demo-prompt", "5"])
    assert (args.demo_data, args.demo_prompt, args.language) == (30, 5, None)
    with Store.open(profile.store_file) as store:
        assert seed_demo_data(store, 30) == 30
        assert seed_demo_data(store, 30) == 0
        assert store.declarations.count() <= 30
