"""The support request dialog (seed 004): keyboard and mouse, errors beside fields, offline queue."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from app.demo_data import demo_declarations
from app.domain.states import OutboxState
from app.domain.support_rules import SCREENSHOT_MAX_BYTES
from tests.ui.conftest import type_text
from ui.support_request_dialog import SupportRequestDialog
from ui.support_screenshot import encode_to_fit

TAX_CODE = "0100109106"
PNG_HEAD = b"\x89PNG\r\n\x1a\n"


@dataclass
class FakeFiles:
    """Stands in for ui.support_files.FileDialogs: answers each choice from a script."""

    images: list[Path] = field(default_factory=list)
    saves: list[Path] = field(default_factory=list)

    def open_image(self, parent) -> Path | None:
        return self.images.pop(0) if self.images else None

    def save_bundle(self, parent, suggested: Path) -> Path | None:
        return self.saves.pop(0) if self.saves else None


@pytest.fixture(scope="module")
def intake(tmp_path_factory) -> Iterator[object]:
    from server.embedded import start_embedded

    with start_embedded(tmp_path_factory.mktemp("intake"), pace=None) as server:
        yield server


def logged_in(server) -> object:
    return lambda: (server.url, server.demo_tax_code, lambda: server.demo_password)


def make_dialog(qtbot, store, **overrides) -> SupportRequestDialog:
    options = {"tax_code": TAX_CODE, "language": "vi", "connection": lambda: None}
    options.update(overrides)
    dialog = SupportRequestDialog(store, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog._runner.busy, timeout=5000)
    return dialog


def small_png(tmp_path: Path) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    path = tmp_path / "shot.png"
    image.save(str(path), "PNG")
    return path


def test_a_request_typed_by_keyboard_offline_is_queued(qtbot, store) -> None:
    store.declarations.upsert(demo_declarations(30))
    dialog = make_dialog(qtbot, store)
    assert dialog.tax_code_edit.text() == TAX_CODE
    assert dialog.office_combo.count() > 0  # offices seen in the declarations
    first_office = str(dialog.office_combo.itemData(0))

    type_text(qtbot, dialog.enterprise_edit, "Công ty TNHH Xuất nhập khẩu Hải Phòng")
    dialog.office_combo.setFocus()
    qtbot.keyClick(dialog.office_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.operation_combo, Qt.Key.Key_Down)  # "IDA — Khai trước…"
    assert dialog.operation_code() == "IDA"
    # Not logged in: the suggestions say so quietly, the form goes on.
    assert "Chưa đăng nhập" in dialog.suggestion_status.text()
    type_text(qtbot, dialog.contact_name_edit, "Nguyễn Thị Hồng")
    type_text(qtbot, dialog.contact_phone_edit, "0912 345 678")
    type_text(qtbot, dialog.content_edit, "Gửi IDA báo lỗi mã địa điểm lưu kho không tồn tại.")
    qtbot.keyClick(dialog.send_button, Qt.Key.Key_Space)

    assert dialog.result() == SupportRequestDialog.DialogCode.Accepted
    (item,) = store.outbox.items(tax_code=TAX_CODE)
    assert item.kind == "support_request" and item.state == OutboxState.QUEUED
    row = store.execute(
        "SELECT office_code, operation_code, contact_phone FROM support_requests"
    ).fetchone()
    assert row == (first_office, "IDA", "+84912345678")


def test_errors_appear_beside_their_fields_and_nothing_typed_is_lost(
    qtbot, store, tmp_path
) -> None:
    dialog = make_dialog(qtbot, store, files=FakeFiles(images=[small_png(tmp_path)]))
    type_text(qtbot, dialog.content_edit, "Câu hỏi chưa đủ thông tin")
    type_text(qtbot, dialog.contact_phone_edit, "12")
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.screenshot is not None and dialog.screenshot.startswith(PNG_HEAD)
    assert "PNG" in dialog.screenshot_info.text()
    assert not dialog.thumbnail_label.pixmap().isNull()

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    for name in ("enterprise_name", "office_code", "operation_code", "contact_phone"):
        assert dialog.errors[name].isVisible(), name
        assert dialog.errors[name].text()
    assert not dialog.errors["content"].isVisible()
    assert dialog.enterprise_edit.hasFocus()
    assert dialog.content_edit.toPlainText() == "Câu hỏi chưa đủ thông tin"
    assert dialog.contact_phone_edit.text() == "12"
    assert dialog.screenshot is not None
    assert store.outbox.items() == []


def test_an_oversized_or_fake_screenshot_is_refused_beside_the_field(
    qtbot, store, tmp_path
) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(PNG_HEAD + b"\0" * (5 * 1024 * 1024))
    fake = tmp_path / "notes.png"
    fake.write_text("đây là tệp văn bản, không phải ảnh", encoding="utf-8")
    dialog = make_dialog(qtbot, store, files=FakeFiles(images=[big, fake]))

    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.screenshot is None
    assert dialog.errors["screenshot"].isVisible()
    assert "5,0 MB" in dialog.errors["screenshot"].text()

    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.screenshot is None
    assert "PNG hoặc JPEG" in dialog.errors["screenshot"].text()


def test_the_english_errors_are_english(qtbot, store, tmp_path) -> None:
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff\xd8\xff" + b"\0" * (2 * 1024 * 1024))
    dialog = make_dialog(qtbot, store, language="en", files=FakeFiles(images=[big]))
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert "at most 1 MB" in dialog.errors["screenshot"].text()


def test_capturing_the_window_fits_in_1_mb(qtbot, store) -> None:
    from PySide6.QtWidgets import QLabel

    target = QLabel("Danh sách tờ khai")
    qtbot.addWidget(target)
    target.resize(600, 400)
    dialog = make_dialog(qtbot, store, capture_target=target)
    qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    assert dialog.screenshot is not None and len(dialog.screenshot) <= SCREENSHOT_MAX_BYTES
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.screenshot is None


def test_a_noisy_screenshot_is_re_encoded_as_jpeg_to_fit() -> None:
    # Noise compresses worst: a PNG of it is ~3.8 MB. (Built from bytes: a setPixel loop trips
    # a reference-counting bug in PySide6 6.12.)
    width, height = 1400, 900
    noise = random.Random(4).randbytes(width * height * 3)
    image = QImage(noise, width, height, width * 3, QImage.Format.Format_RGB888).copy()
    data = encode_to_fit(image)
    assert len(data) <= SCREENSHOT_MAX_BYTES
    assert data.startswith(b"\xff\xd8\xff")


def test_choosing_an_operation_code_suggests_answers(qtbot, store, intake) -> None:
    dialog = make_dialog(qtbot, store, connection=logged_in(intake))
    index = dialog.operation_combo.findData("IDA")
    dialog.operation_combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: dialog.suggestion_list.count() > 0, timeout=10_000)
    assert all(item.operation_code == "IDA" for item in dialog.suggestions)
    assert "IDA" in dialog.suggestion_status.text()
    assert dialog.enterprise_edit.text()  # the desk knows the logged-in enterprise's name
    dialog.suggestion_list.setCurrentRow(0)
    assert dialog.suggestion_answer.toPlainText() == dialog.suggestions[0].answer


def test_offline_suggestions_say_so_quietly(qtbot, store) -> None:
    offline = lambda: ("http://127.0.0.1:9", TAX_CODE, lambda: "x")  # noqa: E731
    dialog = make_dialog(qtbot, store, connection=offline)
    dialog.operation_combo.setCurrentIndex(dialog.operation_combo.findData("EDA"))
    qtbot.waitUntil(lambda: "Chưa kết nối" in dialog.suggestion_status.text(), timeout=15_000)
    assert dialog.suggestion_list.count() == 0
    assert dialog.send_button.isEnabled()
