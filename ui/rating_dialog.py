"""The rating dialog: fill in the sheet, record it, confirm it, send it — one declaration at a time.

One dialog serves a whole queue: when a sync completes twelve declarations the declarant gets
one prompt reading "1 / 12", never twelve windows. Page one is the sheet ("Ghi" validates it),
page two shows exactly what will be stored and sent ("Gửi" commits it, "Sửa" goes back with every
input kept). "Gửi" returns only after the sheet and its outbox row are committed; if the disk is
full the message says so and nothing typed is lost.
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.messages import Message
from app.domain.model import Declaration, RatingSheet, RatingStage
from app.domain.states import RatingState
from app.domain.validation import ValidationFailed, validate_sheet
from app.settings import Settings
from app.store import Store, StoreError, StorePart
from ui import texts
from ui.accessibility import announce
from ui.common import INFO, plain_label
from ui.confirm_view import ConfirmView
from ui.enterprise_queue import merge_grouped, owner_label
from ui.geometry import fit_to_screen
from ui.messages import Dialogs
from ui.sheet_form import INVALID_STYLE, DraftBook, SheetForm

log = logging.getLogger(__name__)

_RATABLE_STATES = (RatingState.UNRATED, RatingState.REJECTED)
_UNEXPECTED_STORE_ERROR = Message(
    "store_error",
    "Chưa lưu được phiếu đánh giá do lỗi dữ liệu. Nội dung bạn nhập vẫn còn; hãy thử lại.",
    "The rating sheet was not saved because of a data error. What you typed is kept; try again.",
)


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A declaration waiting in the prompt, and whether it is a rating or a problem report."""

    number: str
    stage: RatingStage = RatingStage.AFTER_COMPLETION


class RatingDialog(QDialog):
    """Page 1: the sheet. Page 2: the confirmation. A queue of declarations on top."""

    #: A sheet was committed with its outbox row (declaration number).
    sheet_saved = Signal(str)
    #: "Xem" in the skip warning: show the list of unrated declarations.
    view_unrated_requested = Signal()

    def __init__(
        self,
        store: Store,
        settings: Settings,
        dialogs: Dialogs,
        items: list[QueueItem],
        *,
        drafts: DraftBook | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self._language = settings.language
        self._dialogs = dialogs
        self._drafts = drafts if drafts is not None else DraftBook()
        self._queue: list[QueueItem] = []
        self._index = 0
        self._saved_any = False
        self._finished = False
        self.declaration: Declaration | None = None
        self.form: SheetForm | None = None
        self.confirm_view: ConfirmView | None = None
        self.pending_sheet: RatingSheet | None = None
        self.setObjectName("ratingDialog")
        self.setStyleSheet(INVALID_STYLE)
        self._return_focus: QWidget | None = None

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title_label.setFont(font)
        self.position_label = QLabel(self)
        self.position_label.setAccessibleName(self.tr("Vị trí trong hàng đợi"))
        top.addWidget(self.title_label, 1)
        top.addWidget(self.position_label)
        outer.addLayout(top)
        # Said when a sync completes more declarations while the prompt is open: "1 / 9" turning
        # into "1 / 21" without a word would look like a fault.
        self.joined_label = plain_label("", self, wrap=True)
        self.joined_label.setStyleSheet(f"color: {INFO};")
        self.joined_label.setVisible(False)
        outer.addWidget(self.joined_label)

        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)

        # Page 1: the sheet.
        self.edit_page = QWidget(self.stack)
        edit_layout = QVBoxLayout(self.edit_page)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        self.edit_scroll = QScrollArea(self.edit_page)
        self.edit_scroll.setWidgetResizable(True)
        self.edit_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own (a silent one for a screen reader): the fields inside are,
        # and each scrolls into view when it gets the focus.
        self.edit_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.edit_scroll.setAccessibleName(self.tr("Phiếu đánh giá"))
        edit_layout.addWidget(self.edit_scroll, 1)
        edit_buttons = QHBoxLayout()
        self.skip_button = QPushButton(self.tr("&Bỏ qua"), self.edit_page)
        self.skip_button.setToolTip(self.tr("Không đánh giá tờ khai này lúc này"))
        self.next_button = QPushButton(self.tr("&Tiếp"), self.edit_page)
        self.next_button.setToolTip(self.tr("Sang tờ khai tiếp theo, giữ nội dung đã nhập"))
        self.close_button = QPushButton(self.tr("Đó&ng"), self.edit_page)
        self.record_button = QPushButton(self.tr("&Ghi"), self.edit_page)
        self.record_button.setToolTip(self.tr("Kiểm tra và xem lại phiếu trước khi gửi"))
        for button in (self.skip_button, self.next_button, self.close_button):
            edit_buttons.addWidget(button)
        edit_buttons.addStretch(1)
        edit_buttons.addWidget(self.record_button)
        edit_layout.addLayout(edit_buttons)
        self.stack.addWidget(self.edit_page)

        # Page 2: the confirmation.
        self.confirm_page = QWidget(self.stack)
        confirm_layout = QVBoxLayout(self.confirm_page)
        confirm_layout.setContentsMargins(0, 0, 0, 0)
        self.confirm_scroll = QScrollArea(self.confirm_page)
        self.confirm_scroll.setWidgetResizable(True)
        self.confirm_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.confirm_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_scroll.setAccessibleName(self.tr("Nội dung sẽ gửi"))
        confirm_layout.addWidget(self.confirm_scroll, 1)
        confirm_buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("&Sửa"), self.confirm_page)
        self.edit_button.setToolTip(self.tr("Quay lại sửa phiếu, giữ nguyên nội dung đã nhập"))
        self.send_button = QPushButton(self.tr("&Gửi"), self.confirm_page)
        self.send_button.setToolTip(self.tr("Lưu và gửi phiếu đánh giá đến cơ quan hải quan"))
        confirm_buttons.addWidget(self.edit_button)
        confirm_buttons.addStretch(1)
        confirm_buttons.addWidget(self.send_button)
        confirm_layout.addLayout(confirm_buttons)
        self.stack.addWidget(self.confirm_page)

        for primary in (self.record_button, self.send_button):
            # The button that moves the sheet on looks like it: bold, so a focused "Sửa" (which
            # Enter then presses) never passes for "Gửi".
            font = primary.font()
            font.setBold(True)
            primary.setFont(font)
        # Whatever gets the focus inside a page scrolls into view: a digit key never changes a
        # star the user cannot see (Tab, Alt+letter, "Sửa", the first error after "Ghi").
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

        self.record_button.clicked.connect(self.record)
        self.edit_button.clicked.connect(self.edit)
        self.send_button.clicked.connect(self.send)
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(self.next_item)
        self.close_button.clicked.connect(self.close_item)

        fit_to_screen(self, 860, 760)
        self.add(items)

    @staticmethod
    def skip_choices() -> tuple[tuple[str, str], ...]:
        """The buttons of the skip warning: "Xem" (the unrated list) first and the default."""
        return (
            ("view", QCoreApplication.translate("RatingDialog", "&Xem")),
            ("close", QCoreApplication.translate("RatingDialog", "Đó&ng")),
        )

    # -- the queue -------------------------------------------------------------------------

    @property
    def queue(self) -> list[QueueItem]:
        return list(self._queue)

    @property
    def current(self) -> QueueItem | None:
        return self._queue[self._index] if self._queue else None

    def add(self, items: list[QueueItem]) -> int:
        """Put more declarations in this prompt (new completions join it); return how many."""
        known = set(self._queue)
        fresh = [i for i in dict.fromkeys(items) if i not in known]
        was_empty = not self._queue
        # One prompt for every enterprise's completions, grouped by enterprise.
        self._queue = merge_grouped(self._store, self._queue, self._index, fresh)
        if was_empty and self._queue:
            self._load_current()
        else:
            self._update_position()
            if fresh:
                self._say_joined(len(fresh))
        return len(fresh)

    def _say_joined(self, count: int) -> None:
        self.joined_label.setText(
            self.tr(
                "Thêm {count} tờ khai vừa hoàn thành thủ tục đã vào hàng đợi đánh giá "
                "(nay có {total} tờ khai)."
            ).format(count=count, total=len(self._queue))
        )
        self.joined_label.setVisible(True)
        announce(self.joined_label, self.joined_label.text())

    def _is_open(self, item: QueueItem, declaration: Declaration | None) -> bool:
        if declaration is None:
            return False
        if item.stage is RatingStage.DURING_CLEARANCE:
            return declaration.status.is_in_clearance
        return self._store.declarations.rating_state(item.number) in _RATABLE_STATES

    def _load_current(self) -> None:
        """Show the sheet of the current queue item, dropping items no longer ratable."""
        while self._queue:
            self._index %= len(self._queue)
            item = self._queue[self._index]
            declaration = self._store.declarations.get(item.number)
            if self._is_open(item, declaration):
                break
            log.info("declaration %s no longer needs a %s sheet", item.number, item.stage.value)
            del self._queue[self._index]
        else:
            self._finish()
            return
        assert declaration is not None
        self.declaration = declaration
        old = self.edit_scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form = SheetForm(declaration, item.stage, self._language)
        draft = self._drafts.get(item.number, item.stage)
        if draft is not None:
            self.form.restore(draft)
        self.edit_scroll.setWidget(self.form)
        self.pending_sheet = None
        after = item.stage is RatingStage.AFTER_COMPLETION
        self.setWindowTitle(
            self.tr("Đánh giá mức độ hài lòng") if after else self.tr("Phản ánh vướng mắc")
        )
        self._show_owner()
        self.joined_label.setVisible(False)  # said once, for the declaration it came with
        self.skip_button.setVisible(after)
        self.close_button.setVisible(not after)
        self._update_position()
        self._show_page(self.edit_page)
        self._chain_focus()
        self.form.first_focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_owner(self) -> None:
        """Whose declaration this is (one prompt serves every enterprise); wrapped, so a long
        enterprise name never widens the dialog past a small screen."""
        item, declaration = self.current, self.declaration
        if item is None or declaration is None:
            return
        self.title_label.setWordWrap(True)
        self.title_label.setText(
            f"{texts.stage_label(item.stage)} — {owner_label(self._store, declaration.tax_code)}"
        )

    def store_changed(self, parts: frozenset[StorePart]) -> None:
        """The enterprise list changed (its writes announce every part): the name again.

        A ``--demo-data`` profile lists its enterprise by tax code alone (the declarations came
        before any login), and the prompt opens before the demo server's login brings the name:
        the heading read "… — MST 0299987654" for the whole prompt.
        """
        if len(parts) == len(StorePart):
            self._show_owner()

    def _update_position(self) -> None:
        total = len(self._queue)
        self.position_label.setText(
            self.tr("Tờ khai {position} / {total}").format(position=self._index + 1, total=total)
            if total
            else ""
        )
        self.position_label.setVisible(total > 1)
        self.next_button.setVisible(total > 1)
        # Read out with the dialog's title when it opens: which declaration, where in the queue.
        number = self.declaration.number if self.declaration is not None else ""
        self.setAccessibleDescription(
            self.tr("Tờ khai số {number}, {position} / {total}").format(
                number=number, position=self._index + 1, total=total
            )
            if total and number
            else ""
        )

    def _chain_focus(self) -> None:
        if self.form is None:
            return
        chain = [
            self.form.last_focus_widget(),
            self.skip_button,
            self.next_button,
            self.close_button,
            self.record_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _remove_current(self) -> None:
        if self._queue:
            del self._queue[self._index]

    def _keep_draft(self) -> None:
        item = self.current
        if item is not None and self.form is not None:
            self._drafts.keep(item.number, item.stage, self.form.capture())

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        self.done(QDialog.DialogCode.Accepted if self._saved_any else QDialog.DialogCode.Rejected)

    # -- pages -----------------------------------------------------------------------------

    def _show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        on_edit = page is self.edit_page
        self.record_button.setDefault(on_edit)
        self.send_button.setDefault(not on_edit)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for scroll in (self.edit_scroll, self.confirm_scroll):
            inner = scroll.widget()
            if inner is not None and inner.isAncestorOf(new):
                self._reveal(scroll, new)
                return

    def _reveal(self, scroll: QScrollArea, *widgets: QWidget) -> None:
        """Scroll so that *widgets* (a field and its message) are in view, now and once more
        after the layout has taken in what just appeared (an error line, a page)."""

        def show() -> None:
            inner = scroll.widget()
            try:
                alive = [w for w in widgets if inner is not None and inner.isAncestorOf(w)]
            except RuntimeError:  # the form was replaced (the next declaration) meanwhile
                return
            if not alive or inner is None:
                return
            layout = inner.layout()
            if layout is not None:
                layout.activate()
            area = alive[0].geometry()
            area.moveTopLeft(alive[0].mapTo(inner, QPoint(0, 0)))
            for widget in alive[1:]:
                if widget.isVisibleTo(inner):
                    rect = widget.geometry()
                    rect.moveTopLeft(widget.mapTo(inner, QPoint(0, 0)))
                    area = area.united(rect)
            viewport = scroll.viewport().height()
            margin = max(0, min(24, (viewport - area.height()) // 2))
            # The bottom first, then the top: a region taller than the view shows its top.
            scroll.ensureVisible(area.left(), area.bottom(), 0, margin)
            scroll.ensureVisible(area.left(), area.top(), 0, margin)

        show()
        QTimer.singleShot(0, self, show)

    @property
    def on_confirm_page(self) -> bool:
        return self.stack.currentWidget() is self.confirm_page

    def record(self) -> bool:
        """ "Ghi": validate the sheet; on success show what will be sent."""
        if self.form is None or self.declaration is None or self.on_confirm_page:
            return False
        key = self.pending_sheet.idempotency_key if self.pending_sheet else None
        raw = self.form.build_sheet(key)
        try:
            sheet = validate_sheet(raw)
        except ValidationFailed as failed:
            first = self.form.show_errors(failed.errors, raw)
            if first is not None:
                field, message = first
                # The message sits under the field: both come into view, the field focused.
                self._reveal(self.edit_scroll, field, message)
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                announce(field, message.text(), assertive=True)
            return False
        self.form.clear_errors()
        focused = QApplication.focusWidget()
        self._return_focus = (
            focused if focused is not None and self.form.isAncestorOf(focused) else None
        )
        self.pending_sheet = sheet
        old = self.confirm_scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.confirm_view = ConfirmView(self.declaration, sheet, self._language)
        self.confirm_scroll.setWidget(self.confirm_view)
        reading = [*self.confirm_view.focus_chain(), self.edit_button, self.send_button]
        for before, after in itertools.pairwise(reading):
            QWidget.setTabOrder(before, after)
        self._show_page(self.confirm_page)
        self.send_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def edit(self) -> None:
        """ "Sửa": back to the sheet, everything as it was."""
        self._show_page(self.edit_page)
        if self.form is not None:
            back = self._return_focus
            if back is None or not self.form.isAncestorOf(back) or not back.isVisibleTo(self.form):
                back = self.form.first_focus_widget()
            self._reveal(self.edit_scroll, back)
            back.setFocus(Qt.FocusReason.OtherFocusReason)

    def send(self) -> bool:
        """ "Gửi": commit the sheet and its outbox row; move on only once that returned."""
        item = self.current
        sheet = self.pending_sheet
        if item is None or sheet is None or self.declaration is None or not self.on_confirm_page:
            return False
        # The sheet belongs to the declaration's enterprise: only a session logged in as that
        # tax code ever sends it.
        tax_code = self.declaration.tax_code
        try:
            self._store.sheets.save(sheet, tax_code)
        except ValidationFailed as failed:
            self.edit()
            assert self.form is not None
            self.form.show_errors(failed.errors, sheet)
            self._dialogs.warning(
                self,
                self.tr("Chưa gửi được"),
                "\n".join(e.message.text(self._language) for e in failed.errors),  # type: ignore[arg-type]
            )
            return False
        except StoreError as error:
            self._dialogs.warning(
                self,
                self.tr("Chưa lưu được"),
                error.message.text(self._language),  # type: ignore[arg-type]
            )
            return False
        except sqlite3.Error:
            log.exception("saving the sheet for %s failed", item.number)
            self._dialogs.warning(
                self,
                self.tr("Chưa lưu được"),
                _UNEXPECTED_STORE_ERROR.text(self._language),  # type: ignore[arg-type]
            )
            return False
        self._saved_any = True
        self._drafts.discard(item.number, item.stage)
        self._remove_current()
        self.sheet_saved.emit(item.number)
        saved = self.tr("Đã lưu phiếu tờ khai {number}, chờ gửi.").format(number=item.number)
        self._load_current()
        if self.current is not None:
            saved += " " + self.accessibleDescription()
        # Said even when the dialog just closed: the window behind it speaks for it.
        announce(self if self.isVisible() else (self.parentWidget() or self), saved)
        return True

    # -- leaving a declaration -------------------------------------------------------------

    def next_item(self) -> None:
        """ "Tiếp": look at the next declaration; this one stays in the queue as typed."""
        if len(self._queue) < 2:
            return
        self._keep_draft()
        self._index = (self._index + 1) % len(self._queue)
        self._load_current()
        announce(self, self.accessibleDescription())

    def skip(self) -> None:
        """ "Bỏ qua": warn that the declaration stays unrated, offer to see the unrated list."""
        item = self.current
        if item is None:
            return
        self._keep_draft()
        choice = self._dialogs.warning(
            self,
            self.tr("Tờ khai chưa được đánh giá"),
            self.tr(
                "Tờ khai {number} chưa được đánh giá mức độ hài lòng.\n\n"
                "Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, "
                "hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng."
            ).format(number=item.number),
            self.skip_choices(),
            default="view",
        )
        self._remove_current()
        if choice == "view":
            # The list opens behind the prompt; the declarations still queued stay in it.
            self.view_unrated_requested.emit()
        self._load_current()

    def close_item(self) -> None:
        """ "Đóng" on a problem report: keep the draft, leave it."""
        self._keep_draft()
        self._remove_current()
        self._load_current()

    def reject(self) -> None:
        """Esc or the window's close button: back from the confirm page, else leave all."""
        if self._finished:
            super().reject()
            return
        if self.on_confirm_page:
            self.edit()
            return
        item = self.current
        if (
            item is not None
            and item.stage is RatingStage.AFTER_COMPLETION
            and len(self._queue) == 1
        ):
            self.skip()
            return
        self._keep_draft()
        remaining = [i for i in self._queue if i.stage is RatingStage.AFTER_COMPLETION]
        if remaining:
            choice = self._dialogs.warning(
                self,
                self.tr("Tờ khai chưa được đánh giá"),
                self.tr(
                    "{count} tờ khai chưa được đánh giá mức độ hài lòng.\n\n"
                    "Bạn có thể đánh giá sau: chọn Xem để mở danh sách tờ khai chưa đánh giá, "
                    "hoặc vào menu Nghiệp vụ khác → Đánh giá mức độ hài lòng."
                ).format(count=len(remaining)),
                self.skip_choices(),
                default="view",
            )
            if choice == "view":
                self._finished = True
                super().reject()
                self.view_unrated_requested.emit()
                return
        self._finished = True
        super().reject()
