"""Support requests to the customs help desk (seed 004, "Hỗ trợ vướng mắc"): validation.

The desk's own rule is "a screenshot of at most 1 MB". The file is judged by its content, not
by its name: a text file renamed .png is refused here, before it sits in the outbox, and again
by the server.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.domain.messages import Message
from app.domain.model import OPERATION_CODES, SupportRequest
from app.domain.validation import (
    CONTENT_MAX,
    ENTERPRISE_NAME_MAX,
    FieldError,
    ValidationFailed,
    check_person_name,
    check_text,
    normalize_phone,
    normalize_text,
    validate_tax_code,
)

SCREENSHOT_MAX_BYTES = 1024 * 1024
#: Customs office codes: 2 digits + 2 characters (01NV, 28NJ, 03CC).
OFFICE_CODE_RE = re.compile(r"^\d{2}[A-Z0-9]{2}$")


def sniff_image(data: bytes) -> str | None:
    """The image type by its magic bytes: 'image/png', 'image/jpeg', or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def check_screenshot_size(size: int, field: str = "screenshot") -> FieldError | None:
    """The size rule alone, so a picked 500 MB file is refused without being read."""
    if size > SCREENSHOT_MAX_BYTES:
        size_mb = size / (1024 * 1024)
        return FieldError(
            field,
            Message(
                "screenshot_too_large",
                f"Ảnh chụp màn hình nặng {size_mb:.1f} MB; tối đa 1 MB.".replace(".", ",", 1),
                f"The screenshot is {size_mb:.1f} MB; at most 1 MB is allowed.",
            ),
        )
    return None


def check_screenshot(data: bytes | None, field: str = "screenshot") -> FieldError | None:
    if data is None:
        return None
    if error := check_screenshot_size(len(data), field):
        return error
    if sniff_image(data) is None:
        return FieldError(
            field,
            Message(
                "screenshot_not_image",
                "Tệp đính kèm phải là ảnh PNG hoặc JPEG.",
                "The attachment must be a PNG or JPEG image.",
            ),
        )
    return None


def validate_support_request(request: SupportRequest) -> SupportRequest:
    """Check every field at once and return the normalised request."""
    errors: list[FieldError] = []
    try:
        tax_code = validate_tax_code(request.tax_code)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
        tax_code = request.tax_code
    enterprise, error = check_text(
        "enterprise_name",
        request.enterprise_name,
        label=("Tên doanh nghiệp", "Enterprise name"),
        required=True,
        max_length=ENTERPRISE_NAME_MAX,
    )
    if error:
        errors.append(error)
    office = normalize_text(request.office_code).upper()
    if not OFFICE_CODE_RE.fullmatch(office):
        errors.append(
            FieldError(
                "office_code",
                Message(
                    "bad_office_code",
                    "Mã Chi cục gồm 2 chữ số và 2 ký tự, ví dụ 03CC.",
                    "An office code is 2 digits and 2 characters, e.g. 03CC.",
                ),
            )
        )
    operation = normalize_text(request.operation_code).upper()
    if operation not in OPERATION_CODES:
        errors.append(
            FieldError(
                "operation_code",
                Message(
                    "bad_operation_code",
                    "Hãy chọn mã nghiệp vụ VNACCS trong danh sách.",
                    "Choose a VNACCS operation code from the list.",
                ),
            )
        )
    content, error = check_text(
        "content",
        request.content,
        label=("Nội dung vướng mắc", "Question"),
        required=True,
        max_length=CONTENT_MAX,
        multiline=True,
    )
    if error:
        errors.append(error)
    name, error = check_person_name("contact_name", request.contact_name, required=False)
    if error:
        errors.append(error)
    phone = normalize_text(request.contact_phone)
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationFailed as failed:
            errors.extend(failed.errors)
    if error := check_screenshot(request.screenshot):
        errors.append(error)
    if errors:
        raise ValidationFailed(errors)
    return replace(
        request,
        tax_code=tax_code,
        enterprise_name=enterprise,
        office_code=office,
        operation_code=operation,
        content=content,
        contact_name=name,
        contact_phone=phone,
    )
