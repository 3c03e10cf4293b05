"""The search view of answered support requests, against a real embedded intake server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import type_text
from ui.support_search import SupportSearchDialog


@pytest.fixture(scope="module")
def intake(tmp_path_factory) -> Iterator[object]:
    from server.embedded import start_embedded

    with start_embedded(tmp_path_factory.mktemp("intake"), pace=None) as server:
        yield server


def make_search(qtbot, intake, tax_code: str = "") -> SupportSearchDialog:
    dialog = SupportSearchDialog(
        tax_code=tax_code,
        language="vi",
        connection=lambda: (intake.url, intake.demo_tax_code, lambda: intake.demo_password),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def wait_results(qtbot, dialog: SupportSearchDialog) -> None:
    qtbot.waitUntil(lambda: "Tìm thấy" in dialog.status.text(), timeout=10_000)


def test_search_by_operation_code_by_keyboard(qtbot, intake) -> None:
    dialog = make_search(qtbot, intake)
    dialog.operation_combo.setFocus()
    dialog.operation_combo.setCurrentIndex(dialog.operation_combo.findData("IDC"))
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return)
    wait_results(qtbot, dialog)
    assert dialog.results and all(r.operation_code == "IDC" for r in dialog.results)
    assert dialog.table.rowCount() == len(dialog.results)
    detail = dialog.detail.toPlainText()
    assert dialog.results[0].answer in detail and dialog.results[0].content in detail


def test_search_by_tax_code_finds_that_enterprise_s_answers(qtbot, intake) -> None:
    dialog = make_search(qtbot, intake, tax_code=intake.demo_tax_code)
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    wait_results(qtbot, dialog)
    assert dialog.results and all(r.tax_code == intake.demo_tax_code for r in dialog.results)
    dialog.table.setCurrentCell(len(dialog.results) - 1, 0)
    assert dialog.results[-1].answer in dialog.detail.toPlainText()


def test_search_by_words(qtbot, intake) -> None:
    dialog = make_search(qtbot, intake)
    type_text(qtbot, dialog.text_edit, "vận đơn")
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return)
    wait_results(qtbot, dialog)
    assert any("vận đơn" in (r.content + r.answer).lower() for r in dialog.results)


def test_not_logged_in_says_so(qtbot) -> None:
    dialog = SupportSearchDialog(tax_code="", language="vi", connection=lambda: None)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    assert "Chưa đăng nhập" in dialog.status.text()
