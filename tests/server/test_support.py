"""The support desk: requests with screenshots, answers, and the search over them."""

from __future__ import annotations

import struct
import uuid
import zlib
from typing import Any

import httpx
import pytest

from server.embedded import EmbeddedServer
from server.main import main
from tests.server.conftest import Api, storage_args


def png(extra: int = 0) -> bytes:
    """A real 1×1 PNG, padded with a private chunk to the size a test needs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    pixels = chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    padding = chunk(b"prVt", b"\0" * extra) if extra else b""
    return b"\x89PNG\r\n\x1a\n" + header + padding + pixels + chunk(b"IEND", b"")


def form(**changes: Any) -> dict[str, str]:
    fields = {
        "idempotency_key": str(uuid.uuid4()),
        "enterprise_name": "Công ty TNHH Xuất nhập khẩu Thử nghiệm Hải Phòng (DEMO)",
        "office_code": "03CC",
        "operation_code": "IDA",
        "content": "Khai IDA báo lỗi mã địa điểm dỡ hàng không tồn tại.",
        "contact_name": "Lê Văn Cường",
        "contact_phone": "0225 3842 999",
    }
    fields.update(changes)
    return fields


def submit(
    api: Api, fields: dict[str, str], screenshot: bytes | None = None, name: str = "a.png"
) -> httpx.Response:
    files = {"screenshot": (name, screenshot, "image/png")} if screenshot is not None else None
    return api.post("/support-requests", data=fields, files=files)


def test_a_request_with_a_screenshot_is_accepted_once(demo: Api, official: Api) -> None:
    fields = form()
    first = submit(demo, fields, png())
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "accepted"
    again = submit(demo, fields, png())
    assert again.json() == first.json() | {"status": "duplicate"}
    changed = submit(demo, fields | {"content": "Nội dung khác"}, png())
    assert changed.status_code == 409
    queue = official.get("/official/support-requests").json()["items"]
    [mine] = [item for item in queue if item["request_id"] == first.json()["request_id"]]
    assert mine["has_screenshot"] and mine["contact_phone"] == "+842253842999"


def test_a_jpeg_is_fine_and_no_screenshot_is_fine(demo: Api) -> None:
    jpeg = b"\xff\xd8\xff\xe0" + b"\0" * 100
    assert submit(demo, form(), jpeg, "a.jpg").status_code == 200
    assert submit(demo, form()).status_code == 200


def test_a_5_mb_screenshot_is_413_problem(demo: Api) -> None:
    response = submit(demo, form(), png(5 * 1024 * 1024))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "screenshot"
    assert response.json()["errors"][0]["code"] == "screenshot_too_large"


def test_a_screenshot_just_over_1_mb_is_413_for_the_screenshot(demo: Api) -> None:
    response = submit(demo, form(), png(1024 * 1024))
    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "screenshot"
    assert response.json()["errors"][0]["code"] == "screenshot_too_large"


def test_a_text_file_renamed_png_is_refused(demo: Api) -> None:
    response = submit(demo, form(), b"Day khong phai la anh, chi la van ban.\n", "loi.png")
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["screenshot_not_image"]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"operation_code": "XYZ"}, "operation_code", "bad_operation_code"),
        ({"office_code": "Hải Phòng"}, "office_code", "bad_office_code"),
        ({"content": " "}, "content", "required"),
        ({"content": "x" * 2001}, "content", "too_long"),
        ({"contact_phone": "123"}, "contact_phone", "bad_phone"),
        ({"contact_name": "Lê 3"}, "contact_name", "bad_name"),
        ({"enterprise_name": ""}, "enterprise_name", "required"),
        ({"idempotency_key": "abc"}, "idempotency_key", "bad_format"),
    ],
)
def test_bad_fields_are_422_with_the_shared_messages(
    demo: Api, changes: dict[str, str], field: str, code: str
) -> None:
    response = submit(demo, form(**changes))
    assert response.status_code == 422
    assert (field, code) in [(e["field"], e["code"]) for e in response.json()["errors"]]


def test_missing_fields_are_422(demo: Api) -> None:
    fields = form()
    del fields["content"]
    response = submit(demo, fields)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "content"


def test_answered_requests_are_searchable(demo: Api, official: Api) -> None:
    seeded = demo.get("/support-requests").json()["items"]
    assert len(seeded) >= 6
    ida = demo.get("/support-requests", params={"operation_code": "ida"}).json()["items"]
    assert ida and {i["operation_code"] for i in ida} == {"IDA"}
    # Words without diacritics find text with them.
    found = demo.get("/support-requests", params={"q": "luong vang"}).json()["items"]
    assert [i["operation_code"] for i in found] == ["IDC"]
    own = demo.get("/support-requests", params={"tax_code": demo.server.demo_tax_code})
    assert own.json()["items"]
    assert demo.get("/support-requests", params={"q": "100%_"}).json()["items"] == []

    request_id = submit(demo, form(operation_code="EDC", content="Lỗi ký số khi gửi EDC.")).json()[
        "request_id"
    ]
    assert request_id not in {
        i["request_id"] for i in demo.get("/support-requests").json()["items"]
    }
    answer = "Cập nhật chứng thư số mới lên hệ thống rồi gửi lại."
    answered = official.post(
        f"/official/support-requests/{request_id}/answer", json={"answer": answer}
    )
    assert answered.status_code == 200
    hits = demo.get("/support-requests", params={"q": "chung thu so", "operation_code": "EDC"})
    assert [i["request_id"] for i in hits.json()["items"]] == [request_id]
    assert (
        official.post(
            f"/official/support-requests/{request_id}/answer", json={"answer": answer}
        ).status_code
        == 409
    )


def test_support_cli_lists_and_answers(
    intake_server: EmbeddedServer, demo: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = storage_args(intake_server)
    assert main(["support", "list", *data_dir]) == 0
    listing = capsys.readouterr().out
    assert "EDC" in listing  # the seeded open question
    request_id = listing.split()[0]
    assert (
        main(
            ["support", "answer", request_id, "--answer", "Đã hướng dẫn qua điện thoại.", *data_dir]
        )
        == 0
    )
    assert request_id in capsys.readouterr().out
    found = demo.get("/support-requests", params={"q": "huong dan qua dien thoai"}).json()["items"]
    assert [i["request_id"] for i in found] == [request_id]
