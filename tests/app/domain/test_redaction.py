"""Phone numbers and e-mail addresses typed into free text are masked; identifiers are not.

The forms are those Vietnamese declarants write in a comment or a support question; the
identifiers are those the program itself writes next to them (tax codes, declaration numbers,
UUID keys, timestamps), which support staff need intact.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.redaction import is_tax_code, mask_email, mask_phone, mask_text, redact
from app.logs import configure_logging

# (as typed, the digits that must not survive)
PHONE_FORMS = [
    ("theo số 0944 555 666", "944555666"),
    ("0944.555.666", "944555666"),
    ("0944-555-666", "944555666"),
    ("0944555666", "944555666"),
    ("091 234 5678", "912345678"),
    ("09 12 34 56 78", "912345678"),
    ("(0912) 345-678", "912345678"),
    ("+84 944 555 666", "944555666"),
    ("+84944555666", "944555666"),
    ("(+84) 944 555 666", "944555666"),
    ("+84 (0) 944 555 666", "944555666"),
    ("+84-912-345-678", "912345678"),
    ("+84.912.345.678", "912345678"),
    ("84 944 555 666", "944555666"),
    ("84944555666", "944555666"),
    ("0084 944 555 666", "944555666"),
    ("(024) 3826 4567", "2438264567"),
    ("024.3826.4567", "2438264567"),
    ("02438264567", "2438264567"),
    ("+84 24 3826 4567", "2438264567"),
    ("0225 3842 123", "2253842123"),
    ("(0225) 3842123", "2253842123"),
    ("+84 225 3842 123", "2253842123"),
    ("sđt:0912345678", "912345678"),
    ("SĐT0912345678 (anh An)", "912345678"),
    ("Zalo0356789012", "356789012"),
    ("gọi 0912345678.", "912345678"),
    ("0168 123 4567", "1681234567"),  # an old 11-digit mobile, still written from memory
    ("ĐT: 0912345678/0987654321", "987654321"),
    ("0912345678-0987654321", "912345678"),
    ("0912345678-0987654321", "987654321"),
    ("0912345678, 0987654321", "912345678"),
    ("Liên hệ anh Nam\u00a00903\u00a0123\u00a0456", "903123456"),
    ("MST: 0312345678 (sai mã, thật ra là số điện thoại)", "312345678"),  # bad check digit
    ("0312345673", "312345673"),  # a valid tax code, but nothing says it is one: erring safe
]

# Text that must come back exactly as it went in.
UNTOUCHED = [
    "MST 0100109106",
    "mã số thuế: 0312345673",
    "Mã số thuế 0312345673 của chi nhánh",
    "MÃ SỐ THUẾ 0312345673",
    "ma so thue 0312345673",
    "tax code 0312345673",
    '{"tax_code": "0312345673", "taxCode": "0312345673"}',
    "MST 0312345673-001",
    "chi nhánh 0312345673-001",
    "0100109106",
    "0299987654",
    "tờ khai 104123456789",
    "TK số 304512345679 đã thông quan",
    "104512345670",
    "2026-03-01 10:11:12,345 INFO app.sync [MainThread] sync pass done",
    "store.corrupt-20260102T101112.sqlite3",
    "sheet 3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9 saved",
    "key 8e0912345678-aaaa",
    "amount 1.234.567 VND, 1,234,567 đ",
    "ngày 05/03/2026 lúc 10:30",
    "Hotline 1900 1234",
    "POST /api/v1/sheets/batch -> 200 in 12.3 ms",
    "decorated with @property at line 12",
]


@pytest.mark.parametrize(("typed", "hidden"), PHONE_FORMS)
def test_phone_forms_are_masked(typed: str, hidden: str) -> None:
    masked = mask_text(typed)
    assert hidden not in re.sub(r"\D", "", masked), masked
    assert "***" in masked


@pytest.mark.parametrize("text", UNTOUCHED)
def test_identifiers_and_ordinary_text_are_untouched(text: str) -> None:
    assert mask_text(text) == text
    assert redact(text) == text


def test_a_masked_number_keeps_its_first_four_and_last_two_digits() -> None:
    assert mask_text("theo số 0944 555 666 nhé") == "theo số 0944***66 nhé"
    assert mask_text("gọi 0944.555.667") == "gọi 0944***67"
    assert mask_text("(+84) 944 555 666") == mask_phone("+84944555666") == "+8494***66"
    assert mask_text("0084 944 555 666") == "+8494***66"
    assert mask_text("+84 (0) 944 555 666") == "+8494***66"


def test_numbers_listed_as_kept_stay() -> None:
    assert mask_text("0312345673 / 0912345678", keep={"0312345673"}) == "0312345673 / 0912***78"


@pytest.mark.parametrize(
    ("typed", "masked"),
    [
        ("liên hệ nguyen.van.an@congty-abc.com.vn nhé", "liên hệ ng***@congty-abc.com.vn nhé"),
        ("an@gmail.com", "a***@gmail.com"),
        ("<Tran.Binh+hq@mail.haiquan.gov.vn>", "<Tr***@mail.haiquan.gov.vn>"),
    ],
)
def test_email_addresses_are_masked(typed: str, masked: str) -> None:
    assert mask_text(typed) == masked
    assert redact(typed) == masked


def test_mask_email_keeps_the_domain() -> None:
    assert mask_email("x@y.vn") == "x***@y.vn"


@pytest.mark.parametrize(
    ("raw", "hidden"),
    [
        ("postgresql://intake:s3cr3t-pw@127.0.0.1/intake", "s3cr3t-pw"),
        ("Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l", "YWxhZGRpbjpvcGVuc2VzYW1l"),
        ('{"PassWord": "Mật khẩu"}', "Mật khẩu"),
    ],
)
def test_credentials_are_blanked_whatever_their_case(raw: str, hidden: str) -> None:
    assert hidden not in redact(raw)


def test_a_payload_dumped_as_json_is_masked_inside() -> None:
    text = json.dumps(
        {"content": "gọi 0944 555 666 hoặc an@gmail.com", "tax_code": "0312345673"},
        ensure_ascii=False,
    )
    masked = redact(text)
    assert "555 666" not in masked and "an@gmail.com" not in masked
    assert json.loads(masked)["tax_code"] == "0312345673"


def test_tax_code_check_digit() -> None:
    assert is_tax_code("0100109106") and is_tax_code("0312345673")
    assert not is_tax_code("0312345678") and not is_tax_code("012345678")


_MOBILE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "56", "58", "59", "70"]
_MOBILE_PREFIXES += ["76", "77", "78", "79", "81", "82", "83", "84", "85", "86", "88", "89"]
_MOBILE_PREFIXES += ["90", "91", "93", "94", "96", "97", "98"]
_STYLES = [
    "0{a}{b} {c} {d}",  # 0944 555 666
    "0{a}{b}.{c}.{d}",
    "0{a}{b}-{c}-{d}",
    "0{a}{b}{c}{d}",
    "0{a} {b}{c} {d}",  # 094 4555 666
    "+84 {a}{b} {c} {d}",
    "+84{a}{b}{c}{d}",
    "(+84) {a}{b} {c} {d}",
    "(0{a}{b}) {c} {d}",
]


@given(
    prefix=st.sampled_from(_MOBILE_PREFIXES),
    rest=st.text(alphabet="0123456789", min_size=7, max_size=7),
    style=st.sampled_from(_STYLES),
    before=st.sampled_from(["", "Liên hệ ", "Số của tôi là ", "(", "SĐT: ", "gọi "]),
    after=st.sampled_from(["", ".", " để xác minh.", ")", ", cảm ơn", " (anh Hùng)"]),
)
def test_any_mobile_in_any_common_form_is_masked(
    prefix: str, rest: str, style: str, before: str, after: str
) -> None:
    b, c, d = rest[0], rest[1:4], rest[4:]
    written = style.format(a=prefix, b=b, c=c, d=d)
    masked = mask_text(f"{before}{written}{after}")
    assert prefix + rest not in re.sub(r"\D", "", masked), masked


def test_logging_set_up_and_ordinary_lines_do_not_import_phonenumbers() -> None:
    """The logging path stays light: the matcher's import is paid only for phone-shaped text."""
    code = (
        "import sys; from app.logs import redact;"
        "redact('POST /api/v1/sheets/batch -> 200 in 12.3 ms 104512345670 2026-03-01 10:11:12');"
        "print('phonenumbers' in sys.modules);"
        "redact('gọi 09 12 34 56 78');"
        "print('phonenumbers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_free_text_in_a_log_line_and_its_traceback_is_masked(profile) -> None:
    handler = configure_logging(profile.log_dir)
    try:
        try:
            raise ValueError("nội dung: gọi 0944 555 666 hoặc an.nguyen@congty.vn")
        except ValueError:
            logging.getLogger("tests.redaction").exception(
                "saving the sheet for %s (MST 0100109106) failed", "104512345670"
            )
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    text = profile.log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "0944***66" in text and "an***@congty.vn" in text
    assert "555 666" not in text and "an.nguyen@" not in text
    assert "104512345670" in text and "MST 0100109106" in text
