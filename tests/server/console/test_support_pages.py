"""Support requests in the console: the queue with screenshots, answers searchable at once."""

from __future__ import annotations

from tests.server.conftest import Api
from tests.server.console.conftest import Console, text_of
from tests.server.test_support import form, png, submit


def test_a_request_shows_with_its_screenshot_and_its_answer_becomes_searchable(
    console: Console, demo: Api
) -> None:
    fields = form(operation_code="EDA", content="Khai EDA báo lỗi chứng thư số hết hạn.")
    sent = submit(demo, fields, png())
    assert sent.status_code == 200, sent.text
    request_id = sent.json()["request_id"]
    page = console.get("/support")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Khai EDA báo lỗi chứng thư số hết hạn." in text
    assert "Lê Văn Cường" in text and "0225 3842 999" in text
    assert f'src="/console/support/{request_id}/screenshot"' in page.text
    image = console.get(f"/support/{request_id}/screenshot")
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.content == png()
    assert image.headers["x-content-type-options"] == "nosniff"

    empty = console.post(f"/support/{request_id}/answer", {"answer": "   "}, page=page.text)
    assert empty.status_code == 422
    assert "Nội dung trả lời" in text_of(empty.text)

    answer = "Gia hạn chứng thư số tại nhà cung cấp rồi đăng ký lại trên Hệ thống."
    done = console.post(f"/support/{request_id}/answer", {"answer": answer}, page=page.text)
    assert done.status_code == 303
    after = console.follow(done)
    assert f"Đã trả lời yêu cầu {request_id}" in text_of(after.text)
    assert f'id="req-{request_id}"' not in after.text
    assert f'id="req-{request_id}"' in page.text
    answered = console.get("/support", params={"state": "answered"})
    assert answer in text_of(answered.text)
    hits = demo.get("/support-requests", params={"q": "chung thu so", "operation_code": "EDA"})
    assert request_id in {item["request_id"] for item in hits.json()["items"]}

    again = console.post(f"/support/{request_id}/answer", {"answer": "Lần hai"}, page=page.text)
    assert again.status_code == 409


def test_a_request_without_a_screenshot_says_so(console: Console, demo: Api) -> None:
    sent = submit(demo, form(content="Không nộp được tờ khai IDA, hệ thống báo lỗi E1001."))
    request_id = sent.json()["request_id"]
    page = console.get("/support")
    assert "Không có ảnh" in text_of(page.text)
    assert console.get(f"/support/{request_id}/screenshot").status_code == 404
    assert console.get("/support/YC-NOSUCH/screenshot").status_code == 404
    missing = console.post("/support/YC-NOSUCH/answer", {"answer": "x"})
    assert missing.status_code == 404


def test_the_support_desk_needs_a_session_and_the_csrf_token(console: Console) -> None:
    assert console.http.post("/console/support/YC-1/answer", data={"csrf": "x"}).status_code == 403
    console.http.cookies.clear()
    assert console.get("/support").status_code == 303
    assert console.get("/support/YC-1/screenshot").status_code == 303
