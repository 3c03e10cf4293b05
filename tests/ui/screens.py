"""Every top-level window and dialog of the client, opened with real content, one at a time.

Shared by the screen-fit probe (one process per display scale), the mnemonic test and the
accessibility test, so a new dialog added here is checked by all three. Content is what a busy
declarant sees: a red-channel declaration with seven targets and reasons shown, the confirm page
with a long comment, an outbox with waiting and rejected rows, answers in the inbox, a support
form with suggestions and errors, a login with an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.messages import Message
from app.domain.model import (
    Channel,
    Response,
    Score,
    SupportRequest,
    Target,
    TargetKind,
)
from app.domain.states import OutboxState
from app.paths import resolve_paths
from app.settings import Settings
from app.store import SendOutcome, Store
from app.support.desk import AnsweredRequest, SearchResult
from app.sync.credentials import Credentials
from tests.factories import TARGETS, declaration
from ui.inbox import InboxDialog
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.messages import Dialogs, build_message_box
from ui.outbox_panel import OutboxPanel
from ui.rating_dialog import QueueItem, RatingDialog
from ui.session import ClientSession
from ui.support_actions import install_support_actions
from ui.support_request_dialog import SupportRequestDialog
from ui.support_search import SupportSearchDialog

NUMBER = "104512345670"
SECOND = "305512345671"
TAX_CODE = "0100109106"
OTHER_TAX_CODE = "0299987661"
LONG_COMMENT = "\n".join(
    f"Dòng {i}: hồ sơ đã nộp đủ nhưng công chức yêu cầu bổ sung chứng từ nhiều lần."
    for i in range(1, 9)
)
MANY_TARGETS = (
    *TARGETS,
    Target(TargetKind.OFFICER, "CC0415", "Trần Thị Bích Ngọc"),
    Target(TargetKind.OFFICER, "CC0977", "Lê Hoàng Phúc"),
    Target(TargetKind.STAGE, "KTTT", "Kiểm tra thực tế hàng hóa"),
)


def seed(store: Store) -> None:
    """Declarations, an outbox with a waiting and a rejected sheet, and two answers."""
    store.declarations.upsert(
        [
            declaration(NUMBER, channel=Channel.RED, targets=MANY_TARGETS),
            declaration(SECOND, targets=TARGETS),
        ]
    )
    sheet_key = _save_sheet(store, NUMBER, Score.VERY_DISSATISFIED)
    _save_sheet(store, SECOND, Score.SATISFIED)
    items = store.outbox.items()
    claimed = store.outbox.claim_batch(TAX_CODE, 10)
    waiting = Message(
        "offline",
        "Chưa kết nối được máy chủ hải quan: kiểm tra mạng; phiếu sẽ tự gửi khi có kết nối.",
        "Cannot reach the customs server: check the network; the sheet is sent once connected.",
    )
    store.outbox.release_batch(
        [c.id for c in claimed[1:]], waiting, datetime.now(UTC) + timedelta(minutes=5)
    )
    store.outbox.apply_results(
        [
            SendOutcome(
                items[0].id,
                OutboxState.REJECTED,
                error=Message(
                    "rejected",
                    "Máy chủ từ chối phiếu: số điện thoại không đúng định dạng.",
                    "The server rejected the sheet: the phone number is not valid.",
                ),
            )
        ]
    )
    store.responses.upsert(
        [
            Response(
                "R-1",
                sheet_key,
                NUMBER,
                "upheld",
                "Chi cục đã kiểm tra, nhắc nhở công chức và rút kinh nghiệm. " * 4,
                datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
            ),
            Response(
                "R-2",
                sheet_key,
                NUMBER,
                "explained",
                "Chứng từ bổ sung là bắt buộc theo quy định hiện hành.",
                datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
            ),
        ],
        TAX_CODE,
    )
    store.support.save(
        SupportRequest(
            tax_code=TAX_CODE,
            enterprise_name="Công ty TNHH Thương mại Hải Phòng",
            office_code="03CC",
            operation_code="IDA",
            content="Khai IDA báo lỗi E1002 khi nhập mã HS.",
            contact_name="Nguyễn Văn Bình",
            contact_phone="0912345678",
        )
    )


def _save_sheet(store: Store, number: str, score: Score) -> str:
    from tests.factories import sheet

    low = score.is_low
    raw = sheet(
        number,
        score,
        content=LONG_COMMENT if low else "",
        contact_name="Nguyễn Văn Bình" if low else "",
        contact_phone="0912345678" if low else "",
    )
    from app.domain.validation import validate_sheet

    valid = validate_sheet(raw)
    store.sheets.save(valid, TAX_CODE)
    return valid.idempotency_key


SUGGESTIONS = SearchResult(
    "Công ty TNHH Thương mại Hải Phòng",
    [
        AnsweredRequest(
            f"S-{i}",
            "IDA",
            "03CC",
            TAX_CODE,
            f"Câu hỏi {i}: khai IDA báo lỗi khi nhập trị giá tính thuế có nhiều dòng hàng.",
            "Kiểm tra lại mã tiền tệ và tỷ giá; khai lại từng dòng hàng rồi gửi lại IDA.",
            f"2026-11-2{i}T09:00:00+00:00",
        )
        for i in range(1, 6)
    ],
)


class _Recorder:
    """Takes the title and text the window would show in an information box."""

    shown: tuple[str, str] = ("", "")

    def information(self, parent: object, title: str, text: str) -> None:
        self.shown = (title, text)


#: (name, how to open it): each builder returns the window, already shown.
Builder = Callable[["Screens"], QWidget]


class Screens:
    """Opens each window over one store; ``close_all`` closes what is still open."""

    def __init__(self, store: Store, settings: Settings, dialogs: Dialogs, profile: Path):
        """*profile*: a folder for this run's settings, logs and data."""
        self.store = store
        self.settings = settings
        self.dialogs = dialogs
        self.profile = profile
        self._main: MainWindow | None = None
        self.session: ClientSession | None = None
        self.opened: list[QWidget] = []

    @property
    def language(self) -> str:
        return self.settings.language

    def main(self) -> MainWindow:
        if self._main is None:
            self._main = MainWindow(
                self.store,
                self.settings,
                dialogs=self.dialogs,
                settings_path=self.profile / "settings.json",
                background=False,
            )
            # The menu items and the status bar button the session and the support features
            # add: they share the window's Alt letters. The session is not started.
            paths = resolve_paths(self.profile).ensure()
            self.session = ClientSession(self._main, paths, self.settings)
            install_support_actions(self._main, self.session)
            self._main.show()
        return self._main

    def _shown(self, widget: QWidget) -> QWidget:
        self.opened.append(widget)
        widget.show()
        QApplication.processEvents()
        QApplication.processEvents()
        return widget

    # -- the builders --------------------------------------------------------------------------

    def main_window(self) -> QWidget:
        window = self.main()
        window.search_edit.setText("10")  # typed: its clear button shows
        QApplication.processEvents()
        return window

    def main_window_restored(self) -> QWidget:
        """A second start after the window was closed on a 1920 × 1080 monitor."""
        settings = Settings(
            language=self.settings.language,
            tax_code=TAX_CODE,
            window_geometry="300,200,1600,900,0",
        )
        window = MainWindow(self.store, settings, dialogs=self.dialogs, background=False)
        return self._shown(window)

    def rating_sheet(self) -> QWidget:
        dialog = self._rating([QueueItem(NUMBER), QueueItem(SECOND)])
        assert dialog.form is not None
        for i, row in enumerate(dialog.form.rows):
            row.stars.setValue(1 if i % 2 == 0 else 2)
        QApplication.processEvents()
        return dialog

    def rating_errors(self) -> QWidget:
        dialog = self._rating([QueueItem(NUMBER)])
        assert dialog.form is not None
        dialog.form.rows[-1].stars.setValue(1)
        dialog.record()  # a low score without content, name or phone: three errors
        QApplication.processEvents()
        return dialog

    def rating_confirm(self) -> QWidget:
        dialog = self._rating([QueueItem(NUMBER)])
        form = dialog.form
        assert form is not None
        for row in form.rows:
            row.stars.setValue(2)
            for code in row.visible_codes()[:2]:
                row.reason_boxes[code].setChecked(True)
        form.content_edit.setPlainText(LONG_COMMENT)
        form.name_edit.setText("Nguyễn Văn Bình")
        form.phone_edit.setText("0912 345 678")
        assert dialog.record(), "the sheet should be valid"
        QApplication.processEvents()
        return dialog

    def _rating(self, items: list[QueueItem]) -> RatingDialog:
        dialog = RatingDialog(self.store, self.settings, self.dialogs, items, parent=self.main())
        return self._shown(dialog)  # type: ignore[return-value]

    def skip_warning(self) -> QWidget:
        """The box "Bỏ qua" raises, built as ``Dialogs`` builds it."""
        translate = QCoreApplication.translate
        box = build_message_box(
            QMessageBox.Icon.Warning,
            self.main(),
            translate("RatingDialog", "Tờ khai chưa được đánh giá"),
            translate(
                "RatingDialog",
                "Tờ khai {number} chưa được đánh giá mức độ hài lòng.\n\n"
                "Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, "
                "hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng.",
            ).format(number=NUMBER),
            RatingDialog.skip_choices(),
        )
        return self._shown(box)

    def guide(self) -> QWidget:
        """F1's guide: the longest of the information boxes, with its one "Đóng"."""
        from ui.messages import _close_text

        window = self.main()
        recorder = _Recorder()
        window.dialogs, saved = recorder, window.dialogs  # type: ignore[assignment]
        try:
            window.show_guide()
        finally:
            window.dialogs = saved
        title, text = recorder.shown
        box = build_message_box(
            QMessageBox.Icon.Information, window, title, text, (("close", _close_text()),)
        )
        return self._shown(box)

    def outbox(self) -> QWidget:
        panel = OutboxPanel(self.store, self.dialogs, self.language, self.main())
        return self._shown(panel)

    def inbox(self) -> QWidget:
        dialog = InboxDialog(self.store, TAX_CODE, self.language, self.main())
        return self._shown(dialog)

    def inbox_empty(self) -> QWidget:
        """The inbox of an enterprise customs has not answered yet (a store of its own)."""
        empty = Store.open(self.profile / "empty-inbox.sqlite3")
        dialog = InboxDialog(empty, TAX_CODE, self.language, self.main())
        dialog.destroyed.connect(lambda *_: empty.close())
        return self._shown(dialog)

    def support_request(self) -> QWidget:
        dialog = SupportRequestDialog(
            self.store,
            tax_code=TAX_CODE,
            language=self.language,
            connection=lambda: None,
            capture_target=self.main(),
            parent=self.main(),
        )
        dialog.operation_combo.setCurrentIndex(1)
        dialog._suggestions_found(dialog._search_token, "IDA", SUGGESTIONS)
        dialog.suggestion_list.setCurrentRow(0)
        dialog.submit()  # empty content and contact: errors beside their fields
        return self._shown(dialog)

    def support_search(self) -> QWidget:
        dialog = SupportSearchDialog(
            tax_code=TAX_CODE, language=self.language, connection=lambda: None, parent=self.main()
        )
        dialog._found(dialog._token, SUGGESTIONS)
        return self._shown(dialog)

    def login(self) -> QWidget:
        dialog = LoginDialog(
            Credentials(),
            server_url="ftp://x",
            tax_code="",
            language=self.language,
            parent=self.main(),
        )
        dialog.submit()  # the server address error
        return self._shown(dialog)

    def _with_two_enterprises(self) -> MainWindow:
        window = self.main()
        self.store.enterprises.add(TAX_CODE, "Công ty TNHH Thương mại Hải Phòng", "")
        self.store.enterprises.add(OTHER_TAX_CODE, "Công ty Cổ phần Thử nghiệm Quảng Ninh", "")
        return window

    def enterprise_list(self) -> QWidget:
        """Danh sách doanh nghiệp with two enterprises, one chosen: every button enabled."""
        from ui.enterprise_list import EnterpriseListDialog

        window = self._with_two_enterprises()
        assert self.session is not None
        dialog = EnterpriseListDialog(self.store, self.session, self.dialogs, self.language, window)
        return self._shown(dialog)

    def enterprise_add(self) -> QWidget:
        """Thêm doanh nghiệp, from the list."""
        from ui.enterprise_list import AddEnterpriseDialog

        dialog = AddEnterpriseDialog(self.store, self.language, self.main())
        return self._shown(dialog)

    def enterprise_overview(self) -> QWidget:
        """Tất cả doanh nghiệp with two enterprises."""
        from ui.enterprise_overview import EnterpriseOverview

        window = self._with_two_enterprises()
        assert self.session is not None
        dialog = EnterpriseOverview(self.store, self.session, self.language, window)
        return self._shown(dialog)

    def close(self, widget: QWidget) -> None:
        widget.close()
        if widget is not self._main:
            widget.deleteLater()
        QApplication.processEvents()

    def close_all(self) -> None:
        for widget in self.opened:
            if widget.isVisible():
                widget.close()
            widget.deleteLater()
        self.opened.clear()
        if self._main is not None:
            self._main.close()
            self._main.shutdown()
            self._main.deleteLater()
            self._main = None
        QApplication.processEvents()


#: Every window and dialog, in the order a declarant meets them.
WINDOWS: dict[str, Builder] = {
    "main": Screens.main_window,
    "main-restored": Screens.main_window_restored,
    "login": Screens.login,
    "rating-sheet": Screens.rating_sheet,
    "rating-errors": Screens.rating_errors,
    "rating-confirm": Screens.rating_confirm,
    "skip-warning": Screens.skip_warning,
    "guide": Screens.guide,
    "outbox": Screens.outbox,
    "inbox": Screens.inbox,
    "inbox-empty": Screens.inbox_empty,
    "support-request": Screens.support_request,
    "support-search": Screens.support_search,
    "enterprise-list": Screens.enterprise_list,
    "enterprise-add": Screens.enterprise_add,
    "enterprise-overview": Screens.enterprise_overview,
}


def each_window(screens: Screens) -> Iterator[tuple[str, QWidget]]:
    """Open each window in turn; it is closed when the caller asks for the next."""
    for name, build in WINDOWS.items():
        widget = build(screens)
        yield name, widget
        if widget is not screens._main:
            screens.close(widget)


def is_maximized(widget: QWidget) -> bool:
    return bool(widget.windowState() & Qt.WindowState.WindowMaximized)
