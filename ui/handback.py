"""Handing a corrected setting back: support writes the file, the declarant imports it.

Support (a bundle's window, *Hỗ trợ → 3. Xuất thiết lập đã sửa…*): the bundle's server address
and tax code, corrected, checked, saved as a small JSON file (``app.support.handback``). The
declarant (*Trợ giúp → Nhập thiết lập từ bộ phận hỗ trợ…*): the file is read and checked again,
what it changes is shown and confirmed, then saved into their settings; the next log-in uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.messages import Language
from app.support.handback import (
    HandbackError,
    apply_handback,
    changes,
    checked,
    read_handback,
    write_handback,
)
from ui.common import error_label, plain_label

if TYPE_CHECKING:
    from ui.bundle_view import BundleView
    from ui.main_window import MainWindow

ChoosePath = Callable[[QWidget | None, Path], Path | None]

_NAMES = {
    "server_url": ("Địa chỉ máy chủ", "Server address"),
    "tax_code": ("Mã số thuế", "Tax code"),
}


def choose_save(parent: QWidget | None, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("Handback", "Lưu thiết lập đã sửa"),
        str(suggested),
        QCoreApplication.translate("Handback", "Thiết lập (*.json)"),
    )
    return Path(path) if path else None


def choose_open(parent: QWidget | None, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("Handback", "Nhập thiết lập từ bộ phận hỗ trợ"),
        str(suggested),
        QCoreApplication.translate("Handback", "Thiết lập (*.json)"),
    )
    return Path(path) if path else None


class HandbackDialog(QDialog):
    """Support's side: correct the bundle's server address and tax code, save them as a file."""

    def __init__(self, view: BundleView, choose: ChoosePath = choose_save):
        super().__init__(view.window)
        self.view = view
        self._choose = choose
        self.language = view.window.language
        self.written: Path | None = None
        facts = view.shown_facts  # a broker's bundle: the enterprise shown
        self.setWindowTitle(self.tr("Xuất thiết lập đã sửa cho người khai"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "Chỉ địa chỉ máy chủ và mã số thuế được gửi lại (không bao giờ có mật khẩu). "
                    "Người khai nhập tệp bằng Trợ giúp → Nhập thiết lập từ bộ phận hỗ trợ…"
                ),
                self,
                wrap=True,
            )
        )
        form = QFormLayout()
        self.server_edit = QLineEdit(facts.server_url, self)
        self.server_edit.setPlaceholderText("https://…")
        self.server_edit.setAccessibleName(self.tr("Địa chỉ máy chủ"))
        self.tax_code_edit = QLineEdit(facts.tax_code, self)
        self.tax_code_edit.setAccessibleName(self.tr("Mã số thuế"))
        form.addRow(self.tr("Địa chỉ &máy chủ:"), self.server_edit)
        form.addRow(self.tr("Mã số &thuế:"), self.tax_code_edit)
        layout.addLayout(form)
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            self.tr("&Lưu tệp…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("&Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> Path | None:
        facts = self.view.shown_facts
        try:
            handback = checked(
                self.server_edit.text(),
                self.tax_code_edit.text(),
                facts.tax_code,
                self.view.timeline.diagnosis.message.text(self.language),  # type: ignore[arg-type]
            )
        except HandbackError as failed:
            self.error.setText(failed.message.text(self.language))  # type: ignore[arg-type]
            self.error.setVisible(True)
            return None
        suggested = Path.home() / f"thiet-lap-{handback.tax_code}.json"
        target = self._choose(self, suggested)
        if target is None:
            return None
        try:
            self.written = write_handback(target, handback)
        except OSError as error:
            self.error.setText(
                self.tr("Không ghi được tệp {path} ({error}). Hãy chọn nơi khác.").format(
                    path=target, error=error.strerror or type(error).__name__
                )
            )
            self.error.setVisible(True)
            return None
        self.view.window.dialogs.information(
            self,
            self.windowTitle(),
            self.tr("Đã lưu thiết lập vào:\n{path}\n\nGửi tệp này cho người khai.").format(
                path=target
            ),
        )
        self.accept()
        return target


class ImportHandbackAction(QObject):
    """The declarant's side, in every ordinary window: *Trợ giúp → Nhập thiết lập…*."""

    def __init__(self, window: MainWindow, choose: ChoosePath = choose_open):
        super().__init__(window)
        self.window = window
        self._choose = choose
        self.action = QAction(self.tr("Nhập thiết lập từ bộ phận hỗ trợ…"), window)
        self.action.triggered.connect(self.run)
        window.help_menu.addAction(self.action)

    def run(self) -> bool:
        window = self.window
        title = self.tr("Nhập thiết lập từ bộ phận hỗ trợ")
        source = self._choose(window, Path.home())
        if source is None or window.settings_path is None:
            return False
        language: Language = "en" if window.language == "en" else "vi"
        try:
            handback = read_handback(source)
        except HandbackError as failed:
            window.dialogs.warning(window, title, failed.message.text(language))
            return False
        settings = window.settings
        if handback.made_for and settings.tax_code and handback.made_for != settings.tax_code:
            window.dialogs.warning(
                window,
                title,
                self.tr(
                    "Tệp này được làm cho doanh nghiệp {theirs}, không phải {mine}. Không có gì "
                    "được thay đổi; hãy xin bộ phận hỗ trợ tệp đúng."
                ).format(theirs=handback.made_for, mine=settings.tax_code),
            )
            return False
        found = changes(handback, settings)
        if not found:
            window.dialogs.information(
                window, title, self.tr("Thiết lập đã đúng như tệp; không có gì thay đổi.")
            )
            return False
        lines = "\n".join(
            f"{_NAMES[name][1] if language == 'en' else _NAMES[name][0]}: {now or '—'} → {after}"
            for name, now, after in found
        )
        if not window.dialogs.question(
            window,
            title,
            self.tr("Bộ phận hỗ trợ đề nghị sửa:\n{lines}\n\n{note}\n\nÁp dụng?").format(
                lines=lines, note=handback.note
            ),
            self.tr("Áp dụng"),
            self.tr("Không"),
        ):
            return False
        apply_handback(handback, settings, window.settings_path)
        window.dialogs.information(
            window,
            title,
            self.tr(
                "Đã lưu thiết lập mới. Hãy đăng nhập lại (Hệ thống → Đăng nhập máy chủ hải "
                "quan…) hoặc mở lại chương trình để dùng thiết lập này."
            ),
        )
        return True


def install_handback_import(window: MainWindow) -> ImportHandbackAction:
    return ImportHandbackAction(window)
