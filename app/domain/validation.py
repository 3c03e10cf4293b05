"""Validation rules shared by the client and the intake server.

Every rule returns a clear message in Vietnamese and English (``Message``) tied to the field it
is about, so the dialog can show it beside that field and the server can return it verbatim in a
``rejected`` result. Nothing here changes what the user typed except to normalise it (NFC,
trimmed, E.164); the caller keeps the original text in its widgets.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.domain.messages import Message
from app.domain.model import (
    DeclarationStatus,
    RatingSheet,
    RatingStage,
    TargetScore,
)
from app.domain.reasons import REASONS_BY_SCORE
from app.domain.redaction import mask_phone  # noqa: F401 - part of this module's interface

CONTENT_MAX = 2000
NAME_MAX = 100
ENTERPRISE_NAME_MAX = 255
REASONS_MAX = 10
SCORES_MAX = 50
DECLARATION_NUMBER_RE = re.compile(r"^\d{12}$")
# Zero-width joiner stays: emoji sequences need it. Other format characters (bidi overrides and
# the like) can make a text read differently from what is stored, so they are refused.
_ALLOWED_FORMAT_CHARS = {"\u200d"}
_NAME_PUNCTUATION = set(" .'-")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One broken rule, tied to the form field that must change."""

    field: str
    message: Message

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, **self.message.to_dict()}


class ValidationFailed(ValueError):
    """Raised with every broken rule at once, so the form can mark all fields in one go."""

    def __init__(self, errors: Iterable[FieldError]):
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message.en}" for e in self.errors))

    def for_field(self, field: str) -> FieldError | None:
        return next((e for e in self.errors if e.field == field), None)


def normalize_text(value: str) -> str:
    """NFC, unified line ends, outer whitespace trimmed.

    Vietnamese typed through Unikey/Telex in VNI or "decomposed" mode arrives as a base letter plus
    combining marks; NFC makes "Nguyễn" one string whatever keyboard typed it, so lengths,
    comparisons and the server's copy agree.
    """
    text = unicodedata.normalize("NFC", value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _bad_characters(text: str, *, multiline: bool) -> bool:
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" and not (multiline and ch in "\n\t"):
            return True
        if category == "Cs":
            return True
        if category == "Cf" and ch not in _ALLOWED_FORMAT_CHARS:
            return True
    return False


def check_text(
    field: str,
    value: str,
    *,
    label: tuple[str, str],
    required: bool,
    max_length: int,
    multiline: bool = False,
) -> tuple[str, FieldError | None]:
    """Normalise one text field and report the first rule it breaks."""
    text = normalize_text(value or "")
    vi, en = label
    if not text:
        if required:
            return text, FieldError(
                field,
                Message(
                    "required", f"Vui lòng nhập {vi.lower()}.", f"Please enter the {en.lower()}."
                ),
            )
        return text, None
    if len(text) > max_length:
        return text, FieldError(
            field,
            Message(
                "too_long",
                f"{vi} dài {len(text):,} ký tự; tối đa {max_length:,} ký tự.".replace(",", "."),
                f"The {en.lower()} is {len(text):,} characters long; at most {max_length:,}.",
            ),
        )
    if not multiline and "\n" in text:
        return text, FieldError(
            field,
            Message(
                "single_line",
                f"{vi} chỉ được nhập trên một dòng.",
                f"The {en.lower()} must be one line.",
            ),
        )
    if _bad_characters(text, multiline=multiline):
        return text, FieldError(
            field,
            Message(
                "bad_characters",
                f"{vi} có ký tự điều khiển không hợp lệ.",
                f"The {en.lower()} contains invalid control characters.",
            ),
        )
    return text, None


def check_person_name(field: str, value: str, *, required: bool) -> tuple[str, FieldError | None]:
    """A person's full name: letters (any script, with diacritics), spaces and . ' -."""
    text, error = check_text(
        field, value, label=("Họ và tên", "Full name"), required=required, max_length=NAME_MAX
    )
    if error or not text:
        return text, error
    for ch in text:
        if ch in _NAME_PUNCTUATION or unicodedata.category(ch)[0] in "LM":
            continue
        return text, FieldError(
            field,
            Message(
                "bad_name",
                "Họ và tên chỉ gồm chữ cái, dấu cách và các dấu . ' -",
                "A full name may contain only letters, spaces and . ' -",
            ),
        )
    return text, None


def validate_tax_code(value: str, field: str = "tax_code") -> str:
    """Mã số thuế: 10 digits with a check digit, optionally a branch suffix -001…-999.

    Returns the canonical form (``0100109106`` or ``0100109106-001``).
    """
    raw = normalize_text(value or "")
    if not raw:
        raise ValidationFailed(
            [
                FieldError(
                    field,
                    Message("required", "Vui lòng nhập mã số thuế.", "Please enter the tax code."),
                )
            ]
        )
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
    from stdnum.vn import mst  # lazily, like phonenumbers below: ~40 ms to import

    try:
        compact = mst.validate(raw)
    except InvalidChecksum:
        message = Message(
            "bad_check_digit",
            f"Mã số thuế {raw} sai chữ số kiểm tra.",
            f"Tax code {raw} has a wrong check digit.",
        )
    except InvalidLength:
        message = Message(
            "bad_length",
            "Mã số thuế gồm 10 chữ số, chi nhánh thêm -001 đến -999.",
            "A tax code has 10 digits; a branch adds -001 to -999.",
        )
    except (InvalidFormat, InvalidComponent):
        if re.fullmatch(r"\d{10}-?000", raw):
            message = Message(
                "bad_branch",
                "Mã chi nhánh phải từ 001 đến 999.",
                "The branch suffix must be 001 to 999.",
            )
        else:
            message = Message(
                "bad_format",
                "Mã số thuế chỉ gồm chữ số (chi nhánh thêm -001 đến -999).",
                "A tax code has digits only (a branch adds -001 to -999).",
            )
    else:
        return mst.format(compact)
    raise ValidationFailed([FieldError(field, message)])


def normalize_phone(value: str, field: str = "contact_phone") -> str:
    """A Vietnamese mobile or landline number, returned in E.164 (+84…).

    Accepts what people write: ``0912 345 678``, ``0912.345.678``, ``+84 912345678``,
    ``(0225) 3842 999``.
    """
    raw = normalize_text(value or "")
    bad = FieldError(
        field,
        Message(
            "bad_phone",
            "Số điện thoại không hợp lệ: di động 10 số (ví dụ 0912 345 678) "
            "hoặc cố định có mã vùng (ví dụ 0225 3842 999).",
            "Not a valid Vietnamese phone number: a 10-digit mobile (e.g. 0912 345 678) "
            "or a landline with its area code (e.g. 0225 3842 999).",
        ),
    )
    if not raw:
        raise ValidationFailed(
            [
                FieldError(
                    field,
                    Message(
                        "required", "Vui lòng nhập số điện thoại.", "Please enter the phone number."
                    ),
                )
            ]
        )
    e164 = _e164(raw)
    if e164 is None:
        raise ValidationFailed([bad])
    return e164


@functools.lru_cache(maxsize=4096)
def _e164(raw: str) -> str | None:
    """The E.164 form of a Vietnamese number, or None.

    Cached: parsing with phonenumbers costs a quarter of a millisecond, and the intake server
    checks the same few contact numbers on thousands of sheets.
    """
    if not re.fullmatch(r"[+\d\s().\-]{6,24}", raw):
        return None
    # Imported here, not at the top: phonenumbers and stdnum cost ~60 ms to import, and the
    # desktop program's start-up path (store, logs) must not pay for a form not yet opened.
    import phonenumbers

    allowed_types = {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        return None
    if (
        number.country_code != 84
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in allowed_types
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_declaration_number(value: str, field: str = "declaration_number") -> FieldError | None:
    if DECLARATION_NUMBER_RE.fullmatch(value or ""):
        return None
    return FieldError(
        field,
        Message(
            "bad_declaration_number",
            "Số tờ khai gồm đúng 12 chữ số.",
            "A declaration number has exactly 12 digits.",
        ),
    )


def check_stage(stage: RatingStage, status: DeclarationStatus) -> FieldError | None:
    """After-completion sheets need a completed declaration; feedback only comes before that."""
    if stage is RatingStage.AFTER_COMPLETION and not status.is_completed:
        return FieldError(
            "stage",
            Message(
                "not_completed",
                "Chỉ đánh giá sau khi tờ khai đã giải phóng hàng, mang hàng về bảo quản hoặc thông quan.",
                "A declaration can be rated only once it is released, brought to storage or cleared.",
            ),
        )
    if stage is RatingStage.DURING_CLEARANCE and not status.is_in_clearance:
        return FieldError(
            "stage",
            Message(
                "not_in_clearance",
                "Chỉ gửi phản ánh trong quá trình thông quan khi tờ khai chưa hoàn thành thủ tục.",
                "During-clearance feedback is only possible before the declaration is completed.",
            ),
        )
    return None


def already_rated_error() -> FieldError:
    return FieldError(
        "declaration_number",
        Message(
            "already_rated",
            "Tờ khai này đã có phiếu đánh giá sau hoàn thành thủ tục.",
            "This declaration already has an after-completion rating sheet.",
        ),
    )


def check_targets(
    scores: tuple[TargetScore, ...], handled: set[tuple[str, str]] | frozenset[tuple[str, str]]
) -> list[FieldError]:
    """Every rated target must be one that handled the declaration (kind and code)."""
    return [
        FieldError(
            f"scores.{index}",
            Message(
                "unknown_target",
                f"{item.target.name} không tham gia xử lý tờ khai này.",
                f"{item.target.name} did not handle this declaration.",
            ),
        )
        for index, item in enumerate(scores)
        if item.target.key not in handled
    ]


def unknown_declaration_error() -> FieldError:
    return FieldError(
        "declaration_number",
        Message(
            "unknown_declaration",
            "Không tìm thấy tờ khai này trong dữ liệu của doanh nghiệp.",
            "This declaration is not among the enterprise's declarations.",
        ),
    )


_ALLOWED_REASONS = {
    score: frozenset(r.code for r in reasons) for score, reasons in REASONS_BY_SCORE.items()
}


def _check_scores(scores: tuple[TargetScore, ...]) -> list[FieldError]:
    errors: list[FieldError] = []
    if not scores:
        errors.append(
            FieldError(
                "scores",
                Message(
                    "no_scores",
                    "Hãy chọn số sao cho ít nhất một đối tượng.",
                    "Give stars to at least one target.",
                ),
            )
        )
    if len(scores) > SCORES_MAX:
        errors.append(
            FieldError(
                "scores",
                Message(
                    "too_many_scores", "Quá nhiều đối tượng đánh giá.", "Too many rated targets."
                ),
            )
        )
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(scores):
        field = f"scores.{index}"
        if item.target.key in seen:
            errors.append(
                FieldError(
                    field,
                    Message(
                        "duplicate_target",
                        f"{item.target.name} được đánh giá hai lần.",
                        f"{item.target.name} is rated twice.",
                    ),
                )
            )
        seen.add(item.target.key)
        reasons = item.reasons
        if reasons and (
            len(reasons) > REASONS_MAX or not _ALLOWED_REASONS[item.score].issuperset(reasons)
        ):
            errors.append(
                FieldError(
                    f"{field}.reasons",
                    Message(
                        "bad_reason",
                        f"Lý do đã chọn không phù hợp với mức {int(item.score)} sao.",
                        f"A chosen reason does not belong to the {int(item.score)}-star level.",
                    ),
                )
            )
    return errors


def validate_sheet(sheet: RatingSheet) -> RatingSheet:
    """Check every rule of a rating sheet and return its normalised copy.

    A sheet with any score of 1–2 stars must carry content and the contact's name and phone,
    because customs verifies each such sheet and calls the person back.
    """
    errors: list[FieldError] = []
    if error := check_declaration_number(sheet.declaration_number):
        errors.append(error)
    errors.extend(_check_scores(sheet.scores))
    low = sheet.has_low_score

    content, error = check_text(
        "content",
        sheet.content,
        label=("Nội dung", "Content"),
        required=low,
        max_length=CONTENT_MAX,
        multiline=True,
    )
    if error:
        errors.append(error)
    name, error = check_person_name("contact_name", sheet.contact_name, required=low)
    if error:
        errors.append(error)
    phone = normalize_text(sheet.contact_phone or "")
    if phone or low:
        try:
            phone = normalize_phone(phone)
        except ValidationFailed as failed:
            errors.extend(failed.errors)
    if errors:
        raise ValidationFailed(errors)
    if (content, name, phone) == (sheet.content, sheet.contact_name, sheet.contact_phone):
        return sheet  # most sheets: nothing to normalise, and the copy costs the intake 2 %
    return replace(sheet, content=content, contact_name=name, contact_phone=phone)
