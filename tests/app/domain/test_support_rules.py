"""Support requests: every field checked, the screenshot judged by its bytes, queued offline."""

from __future__ import annotations

import pytest

from app.domain.model import SupportRequest
from app.domain.states import OutboxState
from app.domain.support_rules import SCREENSHOT_MAX_BYTES, sniff_image, validate_support_request
from app.domain.validation import ValidationFailed
from app.store import Store
from tests.factories import TAX_CODE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


def request(**overrides: object) -> SupportRequest:
    values: dict[str, object] = {
        "tax_code": TAX_CODE,
        "enterprise_name": "Công ty TNHH Xuất nhập khẩu Hải Long",
        "office_code": "03CC",
        "operation_code": "IDC",
        "content": "Khai IDC báo lỗi E1000 khi đăng ký tờ khai, xin hướng dẫn.",
    }
    values.update(overrides)
    return SupportRequest(**values)  # type: ignore[arg-type]


def codes(failed: ValidationFailed) -> dict[str, str]:
    return {e.field: e.message.code for e in failed.errors}


def test_a_complete_request_is_normalised() -> None:
    result = validate_support_request(request(operation_code=" idc ", contact_phone="0912 345 678"))
    assert result.operation_code == "IDC"
    assert result.contact_phone == "+84912345678"


@pytest.mark.parametrize(
    ("data", "kind"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (b"GIF89a", None)]
)
def test_images_are_known_by_their_bytes(data: bytes, kind: str | None) -> None:
    assert sniff_image(data) == kind


def test_a_text_file_renamed_png_is_refused() -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_support_request(request(screenshot=b"hello, I am text pretending to be a .png"))
    assert codes(failed.value) == {"screenshot": "screenshot_not_image"}


def test_a_screenshot_over_one_megabyte_is_refused_with_its_size() -> None:
    big = PNG + b"\x00" * (5 * 1024 * 1024)
    with pytest.raises(ValidationFailed) as failed:
        validate_support_request(request(screenshot=big))
    error = failed.value.errors[0]
    assert error.message.code == "screenshot_too_large"
    assert "5,0 MB" in error.message.vi and "5.0 MB" in error.message.en


def test_exactly_one_megabyte_is_accepted() -> None:
    exact = PNG + b"\x00" * (SCREENSHOT_MAX_BYTES - len(PNG))
    assert validate_support_request(request(screenshot=exact)).screenshot == exact


def test_every_missing_field_is_reported_at_once() -> None:
    with pytest.raises(ValidationFailed) as failed:
        validate_support_request(
            request(
                tax_code="123",
                enterprise_name=" ",
                office_code="",
                operation_code="XYZ",
                content="",
            )
        )
    assert set(codes(failed.value)) == {
        "tax_code",
        "enterprise_name",
        "office_code",
        "operation_code",
        "content",
    }


def test_a_request_is_queued_with_its_screenshot(profile) -> None:
    with Store.open(profile.store_file) as store:
        request_id = store.support.save(request(screenshot=PNG))
        (item,) = store.outbox.items()
        assert item.kind == "support_request" and item.state == OutboxState.QUEUED
        assert item.payload["operation_code"] == "IDC"
        assert store.support.screenshot(request_id) == (PNG, "image/png")
        with pytest.raises(ValidationFailed):
            store.support.save(request(screenshot=b"not an image"))
        assert len(store.outbox.items()) == 1
        assert store.outbox.remove(item.id)
        assert store.support.screenshot(request_id) is None
