"""Every validation rule, with the bad input declarants actually produce."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.model import DeclarationStatus, RatingStage, Score, TargetScore
from app.domain.validation import (
    CONTENT_MAX,
    ValidationFailed,
    check_person_name,
    check_stage,
    check_text,
    mask_phone,
    normalize_phone,
    normalize_text,
    validate_sheet,
    validate_tax_code,
)
from tests.factories import OFFICER, TEAM, low_sheet, sheet

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def check_digit(first_nine: str) -> int:
    return 10 - sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11


def codes(error: ValidationFailed) -> dict[str, str]:
    return {e.field: e.message.code for e in error.errors}


# --- tax code ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0100109106", "0100109106"),
        (" 0100109106 ", "0100109106"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106-999", "0100109106-999"),
        ("0100109106001", "0100109106-001"),
    ],
)
def test_valid_tax_codes_are_canonicalised(raw: str, expected: str) -> None:
    assert validate_tax_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0100109107", "bad_check_digit"),
        ("010010910", "bad_length"),  # 9 digits
        ("01001091061", "bad_length"),  # 11 digits
        ("01001O9106", "bad_format"),  # letter O for zero
        ("0100109106-000", "bad_branch"),
        ("", "required"),
    ],
)
def test_bad_tax_codes_say_why_in_both_languages(raw: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_tax_code(raw)
    error = failed.value.errors[0]
    assert error.field == "tax_code"
    assert error.message.code == code
    assert error.message.vi and error.message.en
    assert error.message.vi != error.message.en


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_any_tax_code_with_its_check_digit_is_valid(first_nine: str) -> None:
    digit = check_digit(first_nine)
    code = first_nine + str(digit)
    if digit == 10:
        with pytest.raises(ValidationFailed):
            validate_tax_code(first_nine + "0")
    else:
        assert validate_tax_code(code) == code


@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_changing_any_one_digit_breaks_the_tax_code(
    first_nine: str, position: int, delta: int
) -> None:
    digit = check_digit(first_nine)
    if digit == 10:
        return
    code = list(first_nine + str(digit))
    code[position] = str((int(code[position]) + delta) % 10)
    with pytest.raises(ValidationFailed):
        validate_tax_code("".join(code))


# --- phone numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("0385123456", "+84385123456"),
        ("(0225) 3842 999", "+842253842999"),  # Hai Phong landline
        ("024 3944 0833", "+842439440833"),  # Ha Noi landline
    ],
)
def test_vietnamese_phones_are_stored_in_e164(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    "raw",
    [
        "09123456789",  # 11-digit mobile
        "091234567",  # 9 digits
        "0112345678",  # no such prefix
        "+1 202 555 0143",  # not Vietnamese
        "0912-ABC-678",
        "gọi tôi",
        "0912345678 ext 5",
    ],
)
def test_bad_phones_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        normalize_phone(raw)
    assert codes(failed.value) == {"contact_phone": "bad_phone"}
    assert "Số điện thoại" in failed.value.errors[0].message.vi


def test_empty_phone_is_required() -> None:
    with pytest.raises(ValidationFailed) as failed:
        normalize_phone("   ")
    assert codes(failed.value) == {"contact_phone": "required"}


@given(
    st.sampled_from(["3", "5", "7", "8", "9"]),
    st.sampled_from(["2", "3", "4", "5", "6", "7", "8", "9"]),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
)
def test_mobile_numbers_roundtrip_through_e164(prefix: str, second: str, rest: str) -> None:
    national = "0" + prefix + second + rest
    try:
        e164 = normalize_phone(national)
    except ValidationFailed:
        return  # not an allocated range; phonenumbers knows the current plan
    assert e164 == "+84" + national[1:]
    assert normalize_phone(e164) == e164


@given(st.text(alphabet="0123456789", min_size=9, max_size=12))
def test_masked_phone_never_shows_more_than_six_digits(digits: str) -> None:
    masked = mask_phone("+84" + digits)
    assert sum(ch.isdigit() for ch in masked) <= 6
    assert digits not in masked


# --- text -------------------------------------------------------------------------------------


def test_decomposed_diacritics_become_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    assert decomposed != "Nguyễn Thị Hằng"
    name, error = check_person_name("contact_name", decomposed, required=True)
    assert error is None
    assert name == "Nguyễn Thị Hằng"
    assert len(name) == 15


@given(st.text())
def test_normalize_text_is_idempotent_and_nfc(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


def test_emoji_is_kept_in_content_but_not_in_a_name() -> None:
    content, error = check_text(
        "content",
        "Rất tốt 👍🏽 cảm ơn 👨‍👩‍👧",
        label=("Nội dung", "Content"),
        required=False,
        max_length=CONTENT_MAX,
        multiline=True,
    )
    assert error is None
    assert "👨‍👩‍👧" in content
    _, error = check_person_name("contact_name", "Bình 😀", required=True)
    assert error is not None and error.message.code == "bad_name"


def test_ten_thousand_characters_of_content_are_refused_with_the_count() -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_sheet(sheet(content="ệ" * 10_000))
    error = failed.value.for_field("content")
    assert error is not None and error.message.code == "too_long"
    assert "10.000" in error.message.vi and "2.000" in error.message.vi
    assert "10,000" in error.message.en


def test_content_exactly_at_the_limit_is_accepted() -> None:
    assert len(validate_sheet(sheet(content="a" * CONTENT_MAX)).content) == CONTENT_MAX


@pytest.mark.parametrize("bad", ["abc\x00def", "abc\x1bdef", "abc\u202edef", "abc\ud800"])
def test_control_and_bidi_override_characters_are_refused(bad: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_sheet(sheet(content=bad))
    assert codes(failed.value) == {"content": "bad_characters"}


def test_a_name_must_be_one_line() -> None:
    _, error = check_person_name("contact_name", "Trần\nBình", required=True)
    assert error is not None and error.message.code == "single_line"


def test_whitespace_only_required_text_counts_as_empty() -> None:
    _, error = check_person_name("contact_name", "   \t ", required=True)
    assert error is not None and error.message.code == "required"


# --- rating sheets ----------------------------------------------------------------------------


def test_a_good_sheet_needs_no_contact() -> None:
    result = validate_sheet(sheet(score=Score.VERY_SATISFIED))
    assert result.contact_phone == ""


def test_a_low_score_needs_content_name_and_phone_all_reported_at_once() -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_sheet(low_sheet(content="", contact_name="", contact_phone=""))
    assert codes(failed.value) == {
        "content": "required",
        "contact_name": "required",
        "contact_phone": "required",
    }


@pytest.mark.parametrize("score", [Score.VERY_DISSATISFIED, Score.DISSATISFIED])
def test_both_low_levels_need_a_contact(score: Score) -> None:
    bad = sheet(score=score, scores=(TargetScore(OFFICER, score),))
    with pytest.raises(ValidationFailed):
        validate_sheet(bad)


def test_a_complete_low_sheet_is_normalised() -> None:
    result = validate_sheet(low_sheet(contact_name="  Trần Thị Bình "))
    assert result.contact_phone == "+84912345678"
    assert result.contact_name == "Trần Thị Bình"


def test_an_optional_phone_must_still_be_valid() -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_sheet(sheet(contact_phone="09123456789"))
    assert codes(failed.value) == {"contact_phone": "bad_phone"}


def test_a_sheet_needs_at_least_one_score() -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_sheet(sheet(scores=()))
    assert codes(failed.value) == {"scores": "no_scores"}


def test_a_target_cannot_be_rated_twice() -> None:
    twice = (TargetScore(OFFICER, Score.SATISFIED), TargetScore(OFFICER, Score.NORMAL))
    with pytest.raises(ValidationFailed) as failed:
        validate_sheet(sheet(scores=twice))
    assert codes(failed.value) == {"scores.1": "duplicate_target"}


def test_reasons_must_belong_to_the_level() -> None:
    mixed = (
        TargetScore(OFFICER, Score.VERY_SATISFIED, ("harassment",)),
        TargetScore(TEAM, Score.NORMAL),
    )
    with pytest.raises(ValidationFailed) as failed:
        validate_sheet(sheet(scores=mixed))
    assert codes(failed.value) == {"scores.0.reasons": "bad_reason"}


@pytest.mark.parametrize("number", ["10451234567", "1045123456701", "10451234567a", ""])
def test_declaration_number_has_twelve_digits(number: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_sheet(sheet(number=number))
    assert codes(failed.value) == {"declaration_number": "bad_declaration_number"}


# --- stages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(DeclarationStatus))
def test_after_completion_only_once_completed(status: DeclarationStatus) -> None:
    error = check_stage(RatingStage.AFTER_COMPLETION, status)
    assert (error is None) == status.is_completed


@pytest.mark.parametrize("status", sorted(DeclarationStatus))
def test_during_clearance_feedback_only_before_completion(status: DeclarationStatus) -> None:
    error = check_stage(RatingStage.DURING_CLEARANCE, status)
    assert (error is None) == status.is_in_clearance
    if error:
        assert error.message.code == "not_in_clearance"
