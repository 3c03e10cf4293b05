"""The rating sheet as the declarant fills it in: stars per target, reasons, content, contact.

The form never loses what was typed: errors are shown beside their fields and the fields keep
their text; reasons ticked for one level stay ticked (hidden) if the level changes and come back
with it; a draft of the whole form can be captured and restored when the declarant moves on in
the queue and comes back.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import (
    Declaration,
    RatingSheet,
    RatingStage,
    Score,
    Target,
    TargetKind,
    TargetScore,
)
from app.domain.reasons import REASONS, reasons_for
from app.domain.validation import FieldError
from ui import texts
from ui.common import ERROR, SECONDARY, error_label, plain_label
from ui.declaration_header import DeclarationHeader
from ui.star_rating import StarRating

#: Every reason code once, in the order the levels list them from 5 stars down to 1.
_REASON_ORDER = tuple(
    dict.fromkeys(r.code for score in sorted(Score, reverse=True) for r in reasons_for(score))
)


@dataclass
class Draft:
    """Everything typed into one declaration's form, to put back later."""

    scores: dict[tuple[str, str], int] = field(default_factory=dict)
    reasons: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    content: str = ""
    contact_name: str = ""
    contact_phone: str = ""


class DraftBook:
    """Unsent drafts per (declaration number, stage) for this session of the program."""

    def __init__(self) -> None:
        self._drafts: dict[tuple[str, RatingStage], Draft] = {}

    def get(self, number: str, stage: RatingStage) -> Draft | None:
        return self._drafts.get((number, stage))

    def keep(self, number: str, stage: RatingStage, draft: Draft) -> None:
        self._drafts[(number, stage)] = draft

    def discard(self, number: str, stage: RatingStage) -> None:
        self._drafts.pop((number, stage), None)


#: A field with an error: a red border and a pale red ground; focused, the border turns to the
#: focus colour (a border set by a style sheet replaces the style's own focus frame, so without
#: this rule the focus on an invalid field would not show) while the ground stays red.
INVALID_STYLE = (
    '*[invalid="true"] { border: 2px solid #c62828; border-radius: 2px; background: #fff3f3; }'
    '*[invalid="true"]:focus { border: 3px solid #0b57d0; }'
)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class TargetRow(QWidget):
    """One target: who it is, its stars, the reasons for the chosen level, its error."""

    def __init__(self, target: Target, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.target = target
        self._language = language
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setVerticalSpacing(2)
        kind = QLabel(texts.kind_label(target.kind, language), self)
        kind.setStyleSheet(f"color: {SECONDARY};")
        name = plain_label(f"{target.name} ({target.code})", self, wrap=True)
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        self.name_label = name
        layout.addWidget(kind, 0, 0)
        layout.addWidget(name, 1, 0)
        self.stars = StarRating(self, language=language)
        self.stars.setAccessibleName(f"{texts.kind_label(target.kind, language)}: {target.name}")
        # No buddy: a screen reader would take the kind label ("Công chức") for the name.
        layout.addWidget(self.stars, 0, 1, 2, 1, Qt.AlignmentFlag.AlignRight)
        layout.setColumnStretch(0, 1)

        self.reasons_box = QWidget(self)
        self._reasons_layout = QGridLayout(self.reasons_box)
        self._reasons_layout.setContentsMargins(16, 0, 0, 0)
        self._reasons_layout.setVerticalSpacing(0)
        self.reason_boxes: dict[str, QCheckBox] = {}
        for code in _REASON_ORDER:
            reason = REASONS[code]
            box = QCheckBox(reason.en if language == "en" else reason.vi, self.reasons_box)
            box.setVisible(False)
            self.reason_boxes[code] = box
        self.reasons_box.setVisible(False)
        layout.addWidget(self.reasons_box, 2, 0, 1, 2)
        self.error = error_label(self)
        layout.addWidget(self.error, 3, 0, 1, 2)
        self.stars.valueChanged.connect(self._level_changed)

    def focus_chain(self) -> list[QWidget]:
        return [self.stars, *self.reason_boxes.values()]

    def visible_codes(self) -> list[str]:
        value = self.stars.value()
        return [r.code for r in reasons_for(Score(value))] if value else []

    def _level_changed(self, value: int) -> None:
        """Show the reasons of the new level; ticks on other levels' reasons wait, hidden."""
        while self._reasons_layout.count():
            self._reasons_layout.takeAt(0)
        shown = set(self.visible_codes())
        for box in self.reason_boxes.values():
            box.setVisible(False)
        for i, code in enumerate(self.visible_codes()):
            box = self.reason_boxes[code]
            self._reasons_layout.addWidget(box, i // 2, i % 2)
            box.setVisible(True)
        self.reasons_box.setVisible(bool(shown))
        self.set_error(None)

    def chosen_reasons(self) -> tuple[str, ...]:
        return tuple(c for c in self.visible_codes() if self.reason_boxes[c].isChecked())

    def score(self) -> TargetScore | None:
        value = self.stars.value()
        if not value:
            return None
        return TargetScore(self.target, Score(value), self.chosen_reasons())

    def set_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))
        description = self.stars.value_text()
        self.stars.setAccessibleDescription(f"{description}. {text}" if text else description)


class SheetForm(QWidget):
    """Page one of the rating dialog for one declaration."""

    #: Any score changed (the dialog updates which fields are required).
    scores_changed = Signal()

    def __init__(
        self,
        declaration: Declaration,
        stage: RatingStage,
        language: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.declaration = declaration
        self.stage = stage
        self._language = language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.general_error = error_label(self)
        layout.addWidget(self.general_error)
        self.header = DeclarationHeader(declaration, language, self)
        layout.addWidget(self.header)

        targets_box = QGroupBox(self.tr("Đối tượng đánh giá"), self)
        targets_layout = QVBoxLayout(targets_box)
        hint = QLabel(
            self.tr(
                "Chọn từ 1 đến 5 sao cho từng đối tượng (phím mũi tên hoặc số 1–5). "
                "Có thể bỏ trống đối tượng không muốn đánh giá."
            ),
            targets_box,
        )
        hint.setWordWrap(True)
        targets_layout.addWidget(hint)
        self.scores_error = error_label(targets_box)
        targets_layout.addWidget(self.scores_error)
        targets = declaration.targets or (
            # A declaration known only by its office still lets the declarant rate the office.
            Target(TargetKind.SUB_DEPARTMENT, declaration.office_code, declaration.office_name),
        )
        self.rows: list[TargetRow] = []
        for target in targets:
            row = TargetRow(target, language, targets_box)
            row.stars.valueChanged.connect(self._scores_changed)
            targets_layout.addWidget(row)
            self.rows.append(row)
        layout.addWidget(targets_box)

        details = QGroupBox(self.tr("Nội dung và người liên hệ"), self)
        grid = QGridLayout(details)
        self.content_label = QLabel(details)
        self.content_edit = QPlainTextEdit(details)
        self.content_edit.setTabChangesFocus(True)
        self.content_edit.setPlaceholderText(
            self.tr("Nội dung đánh giá, góp ý hoặc vướng mắc gặp phải (không bắt buộc khi 3–5 sao)")
        )
        self.content_edit.setMinimumHeight(self.fontMetrics().height() * 4)
        self.content_edit.setMaximumHeight(self.fontMetrics().height() * 7)
        self.content_label.setBuddy(self.content_edit)
        self.content_error = error_label(details)
        self.name_label = QLabel(details)
        self.name_edit = QLineEdit(details)
        self.name_edit.setMaxLength(200)
        self.name_label.setBuddy(self.name_edit)
        self.name_error = error_label(details)
        self.phone_label = QLabel(details)
        self.phone_edit = QLineEdit(details)
        self.phone_edit.setMaxLength(40)
        self.phone_edit.setPlaceholderText("0912 345 678")
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.phone_label.setBuddy(self.phone_edit)
        self.phone_error = error_label(details)
        self.required_hint = QLabel(details)
        self.required_hint.setWordWrap(True)
        grid.addWidget(self.content_label, 0, 0, 1, 2)
        grid.addWidget(self.content_edit, 1, 0, 1, 2)
        grid.addWidget(self.content_error, 2, 0, 1, 2)
        grid.addWidget(self.name_label, 3, 0)
        grid.addWidget(self.phone_label, 3, 1)
        grid.addWidget(self.name_edit, 4, 0)
        grid.addWidget(self.phone_edit, 4, 1)
        grid.addWidget(self.name_error, 5, 0)
        grid.addWidget(self.phone_error, 5, 1)
        grid.addWidget(self.required_hint, 6, 0, 1, 2)
        layout.addWidget(details)
        layout.addStretch(1)

        self._field_widgets: dict[str, tuple[QWidget, QLabel]] = {
            "content": (self.content_edit, self.content_error),
            "contact_name": (self.name_edit, self.name_error),
            "contact_phone": (self.phone_edit, self.phone_error),
        }
        self.content_edit.textChanged.connect(lambda: self._clear_field("content"))
        self.name_edit.textEdited.connect(lambda _: self._clear_field("contact_name"))
        self.phone_edit.textEdited.connect(lambda _: self._clear_field("contact_phone"))

        chain = [w for row in self.rows for w in row.focus_chain()]
        chain += [self.content_edit, self.name_edit, self.phone_edit]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._update_required()

    # -- reading the form ------------------------------------------------------------------

    @property
    def has_low_score(self) -> bool:
        return any(row.stars.value() and Score(row.stars.value()).is_low for row in self.rows)

    def last_focus_widget(self) -> QWidget:
        return self.phone_edit

    def first_focus_widget(self) -> QWidget:
        return self.rows[0].stars if self.rows else self.content_edit

    def build_sheet(self, idempotency_key: str | None = None) -> RatingSheet:
        """The sheet exactly as typed (``validate_sheet`` normalises it)."""
        scores = tuple(s for row in self.rows if (s := row.score()) is not None)
        sheet = RatingSheet(
            declaration_number=self.declaration.number,
            stage=self.stage,
            scores=scores,
            content=self.content_edit.toPlainText(),
            contact_name=self.name_edit.text(),
            contact_phone=self.phone_edit.text(),
        )
        return replace(sheet, idempotency_key=idempotency_key) if idempotency_key else sheet

    def capture(self) -> Draft:
        return Draft(
            scores={row.target.key: row.stars.value() for row in self.rows},
            reasons={
                row.target.key: {c for c, b in row.reason_boxes.items() if b.isChecked()}
                for row in self.rows
            },
            content=self.content_edit.toPlainText(),
            contact_name=self.name_edit.text(),
            contact_phone=self.phone_edit.text(),
        )

    def restore(self, draft: Draft) -> None:
        for row in self.rows:
            for code, box in row.reason_boxes.items():
                box.setChecked(code in draft.reasons.get(row.target.key, set()))
            row.stars.setValue(draft.scores.get(row.target.key, 0))
        self.content_edit.setPlainText(draft.content)
        self.name_edit.setText(draft.contact_name)
        self.phone_edit.setText(draft.contact_phone)

    # -- required marks and errors ---------------------------------------------------------

    def _scores_changed(self) -> None:
        self.scores_error.setVisible(False)
        self._update_required()
        self.scores_changed.emit()

    def _update_required(self) -> None:
        low = self.has_low_score
        star = f" <span style='color:{ERROR}'>*</span>" if low else ""
        for label, edit, text in (
            (self.content_label, self.content_edit, self.tr("Nội dung đánh giá, góp ý")),
            (self.name_label, self.name_edit, self.tr("Họ và tên người liên hệ")),
            (self.phone_label, self.phone_edit, self.tr("Số điện thoại")),
        ):
            label.setText(text + star)
            # The label's rich text would be the field's name ("… <span …>*</span>"): a plain
            # one instead; "Bắt buộc" goes in the description.
            edit.setAccessibleName(text)
        self.required_hint.setText(
            self.tr(
                "(*) Bắt buộc khi có đánh giá 1–2 sao: hải quan sẽ xác minh và liên hệ lại "
                "với người đánh giá."
            )
            if low
            else self.tr(
                "Họ tên và số điện thoại giúp hải quan liên hệ lại khi cần (không bắt buộc)."
            )
        )
        required = self.tr("Bắt buộc")
        for widget in (self.content_edit, self.name_edit, self.phone_edit):
            widget.setProperty("required", low)
            widget.setAccessibleDescription(required if low else "")

    def clear_errors(self) -> None:
        self.general_error.setVisible(False)
        self.scores_error.setVisible(False)
        for row in self.rows:
            row.set_error(None)
        for name in self._field_widgets:
            self._clear_field(name)

    def _clear_field(self, name: str) -> None:
        widget, label = self._field_widgets[name]
        if label.isVisible() or widget.property("invalid"):
            label.setVisible(False)
            label.setText("")
            mark_invalid(widget, False)
            widget.setAccessibleDescription(self.tr("Bắt buộc") if self.has_low_score else "")

    def show_errors(
        self, errors: Iterable[FieldError], sheet: RatingSheet
    ) -> tuple[QWidget, QLabel] | None:
        """Put each error beside its field; return the first field to fix and its message."""
        self.clear_errors()
        rated_rows = [row for row in self.rows if row.stars.value()]
        first: tuple[int, QWidget, QLabel] | None = None
        general: list[str] = []
        order = {w: i for i, w in enumerate(self._focus_order())}

        def note(widget: QWidget, label: QLabel) -> None:
            nonlocal first
            rank = order.get(widget, len(order))
            if first is None or rank < first[0]:
                first = (rank, widget, label)

        for error in errors:
            text = error.message.text(self._language)  # type: ignore[arg-type]
            name = error.field
            if name in self._field_widgets:
                widget, label = self._field_widgets[name]
                label.setText(text)
                label.setVisible(True)
                mark_invalid(widget, True)
                widget.setAccessibleDescription(text)
                note(widget, label)
            elif name == "scores":
                self.scores_error.setText(text)
                self.scores_error.setVisible(True)
                note(self.first_focus_widget(), self.scores_error)
            elif name.startswith("scores."):
                parts = name.split(".")
                index = int(parts[1]) if parts[1].isdigit() else -1
                if 0 <= index < len(rated_rows):
                    row = rated_rows[index]
                    row.set_error(text)
                    note(row.stars, row.error)
                else:
                    general.append(text)
            else:
                general.append(text)
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.setVisible(True)
        return (first[1], first[2]) if first else None

    def _focus_order(self) -> list[QWidget]:
        return [
            *(w for row in self.rows for w in row.focus_chain()),
            self.content_edit,
            self.name_edit,
            self.phone_edit,
        ]
