"""The verification queue and a case: every low sheet listed, filtered, taken, answered, reopened."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa

from server.console import cases
from server.console.index import add_working_days, due_at, working_days_between
from server.schema import rating_sheets
from tests.server.conftest import Api, completed, sheet_for
from tests.server.console.conftest import Console, low_sheet, text_of

ANSWER = "Đã xác minh: công chức chậm trễ do hệ thống lỗi; đã nhắc nhở và khắc phục."


def receipts_on(page: str) -> list[str]:
    return re.findall(r'data-receipt="([^"]+)"', page)


def test_the_queue_lists_every_low_sheet_oldest_first_with_what_verification_needs(
    console: Console, demo: Api
) -> None:
    first = low_sheet(demo, score=1)
    second = low_sheet(demo, score=2)
    [fine] = demo.batch(sheet_for(completed(demo)[0], score=5))
    page = console.get("/queue")
    assert page.status_code == 200
    assert receipts_on(page.text) == [first["receipt_id"], second["receipt_id"]]
    assert fine["receipt_id"] not in page.text
    text = text_of(page.text)
    declaration = first["declaration"]
    assert declaration["number"] in text
    assert "0299987654" in text  # the demo enterprise's tax code
    assert "Trần Thị Bình" in text and "0912 345 678" in text
    assert "Hồ sơ bị trả lại ba lần mà không nêu lý do." in text
    assert "Chậm trễ trong giải quyết thủ tục" in text  # the reason's text, not its code
    assert declaration["targets"][0]["name"] in text
    assert "0 ngày kể từ khi nhận" in text
    assert "2 phiếu" in text
    assert "Mới" in text


def test_filters_by_score_target_state_and_search(console: Console, demo: Api) -> None:
    one = low_sheet(demo, score=1)
    two = low_sheet(demo, score=2)
    assert receipts_on(console.get("/queue", params={"score": "2"}).text) == [two["receipt_id"]]
    target = one["declaration"]["targets"][0]
    kind = {"officer": "officer", "team": "team", "sub_department": "sub_department"}.get(
        target["kind"], "stage"
    )
    page = console.get("/queue").text
    assert f'<option value="{target["code"]}" >' in page  # a filter choice: it had 1–2 stars
    by_target = receipts_on(console.get("/queue", params={kind: target["code"]}).text)
    assert one["receipt_id"] in by_target
    expected = {
        r
        for r, sheet in ((one["receipt_id"], one), (two["receipt_id"], two))
        if any(
            t["kind"] == target["kind"] and t["code"] == target["code"]
            for t in sheet["declaration"]["targets"][:2]
        )
    }
    assert set(by_target) == expected
    number = two["declaration"]["number"]
    assert receipts_on(console.get("/queue", params={"q": number}).text) == [two["receipt_id"]]
    assert len(receipts_on(console.get("/queue", params={"q": "0299987654"}).text)) == 2
    assert receipts_on(console.get("/queue", params={"q": "999"}).text) == []
    assert "Không có phiếu nào khớp bộ lọc." in text_of(
        console.get("/queue", params={"state": "answered"}).text
    )
    # Unknown values are ignored, not an error.
    assert console.get("/queue", params={"state": "bogus", "page": "x"}).status_code == 200


def test_a_case_is_taken_answered_and_leaves_the_queue_into_the_enterprises_feed(
    console: Console, demo: Api
) -> None:
    sheet = low_sheet(demo, score=1)
    receipt = sheet["receipt_id"]
    case = console.get(f"/cases/{receipt}")
    assert case.status_code == 200
    text = text_of(case.text)
    assert sheet["declaration"]["number"] in text and "Trần Thị Bình" in text

    assigned = console.follow(console.post(f"/cases/{receipt}/assign", page=case.text))
    assert "Bạn đã nhận xử lý phiếu này." in text_of(assigned.text)
    assert "Đang xác minh" in text_of(assigned.text)
    queue = console.get("/queue", params={"state": "verifying"})
    assert receipts_on(queue.text) == [receipt]

    noted = console.post(
        f"/cases/{receipt}/note", {"handling_note": "Đã gọi điện cho chị Bình."}, page=case.text
    )
    assert "Đã gọi điện cho chị Bình." in console.follow(noted).text

    # A mistake keeps what was typed and says what to do.
    missing = console.post(
        f"/cases/{receipt}/answer", {"result": "upheld", "content": "  "}, page=case.text
    )
    assert missing.status_code == 422
    assert 'value="upheld" checked' in missing.text
    no_result = console.post(f"/cases/{receipt}/answer", {"content": ANSWER}, page=case.text)
    assert no_result.status_code == 422
    assert "Vui lòng chọn kết quả xử lý." in text_of(no_result.text)
    assert ANSWER in text_of(no_result.text)

    sent = console.post(
        f"/cases/{receipt}/answer", {"result": "upheld", "content": ANSWER}, page=case.text
    )
    assert sent.status_code == 303
    queue = console.follow(sent)
    assert f"Đã gửi trả lời phiếu {receipt}" in text_of(queue.text)
    assert receipt not in receipts_on(queue.text)
    assert receipts_on(console.get("/queue", params={"state": "answered"}).text) == [receipt]

    [response] = demo.get("/responses").json()["items"]
    assert response["receipt_id"] == receipt and response["content"] == ANSWER
    again = console.post(
        f"/cases/{receipt}/answer", {"result": "upheld", "content": ANSWER}, page=case.text
    )
    assert again.status_code == 409
    assert "Phiếu này đã có kết quả xử lý." in text_of(again.text)
    assert len(demo.get("/responses").json()["items"]) == 1


def test_the_enterprises_not_resolved_verdict_reopens_the_case(console: Console, demo: Api) -> None:
    sheet = low_sheet(demo, score=2)
    receipt = sheet["receipt_id"]
    case = console.get(f"/cases/{receipt}")
    console.post(
        f"/cases/{receipt}/answer", {"result": "explained", "content": ANSWER}, page=case.text
    )
    [response] = demo.get("/responses").json()["items"]
    words = "Vẫn chưa được giải quyết, hàng vẫn bị giữ."
    posted = demo.post(
        f"/responses/{response['response_id']}/feedback",
        json={"verdict": "not_resolved", "content": words},
    )
    assert posted.status_code == 200, posted.text
    queue = console.get("/queue")
    assert receipts_on(queue.text) == [receipt]
    assert "Mở lại" in text_of(queue.text)
    page = text_of(console.get(f"/cases/{receipt}").text)
    assert "Chưa giải quyết được vướng mắc" in page and words in page


def test_an_official_reopens_an_answered_case(console: Console, demo: Api) -> None:
    sheet = low_sheet(demo, score=1)
    receipt = sheet["receipt_id"]
    case = console.get(f"/cases/{receipt}")
    early = console.post(f"/cases/{receipt}/reopen", page=case.text)
    assert early.status_code == 409
    assert "chưa thể mở lại" in text_of(early.text)
    console.post(
        f"/cases/{receipt}/answer", {"result": "not_upheld", "content": ANSWER}, page=case.text
    )
    demo.post(
        f"/responses/{demo.get('/responses').json()['items'][0]['response_id']}/feedback",
        json={"verdict": "accepted", "content": ""},
    )
    answered = console.get(f"/cases/{receipt}")
    assert "Đồng ý với kết quả xử lý" in text_of(answered.text)
    reopened = console.follow(console.post(f"/cases/{receipt}/reopen", page=answered.text))
    assert "Đã mở lại phiếu." in text_of(reopened.text)
    assert receipts_on(console.get("/queue", params={"state": "reopened"}).text) == [receipt]


def test_unknown_cases_are_a_page_not_a_crash(console: Console) -> None:
    missing = console.get("/cases/PDG-NOSUCH")
    assert missing.status_code == 404
    assert "Không tìm thấy phiếu này." in text_of(missing.text)
    assert console.post("/cases/PDG-NOSUCH/assign").status_code == 404
    assert console.post("/cases/PDG-NOSUCH/note", {"handling_note": "x"}).status_code == 404
    assert console.post("/cases/PDG-NOSUCH/frobnicate").status_code == 404
    assert (
        console.post("/cases/PDG-NOSUCH/answer", {"result": "upheld", "content": "x"}).status_code
        == 404
    )


def test_a_note_too_long_is_refused_with_the_text_kept(console: Console, demo: Api) -> None:
    receipt = low_sheet(demo)["receipt_id"]
    note = "x" * (cases.NOTE_MAX + 1)
    refused = console.post(f"/cases/{receipt}/note", {"handling_note": note})
    assert refused.status_code == 422
    assert note in refused.text


def test_the_due_date_counts_working_days_in_vietnamese_time(console: Console, demo: Api) -> None:
    friday = date(2025, 3, 7)
    assert add_working_days(friday, 1) == date(2025, 3, 10)
    assert add_working_days(friday, 5) == date(2025, 3, 14)
    # 18:00 UTC on Friday is already Saturday 01:00 in Viet Nam: due the next Friday.
    due = due_at(datetime(2025, 3, 7, 18, 0, tzinfo=UTC), 5)
    assert due == datetime(2025, 3, 14, 16, 59, 59, tzinfo=UTC)
    assert working_days_between(friday, date(2025, 3, 14)) == 5
    assert working_days_between(date(2025, 3, 14), friday) == -5
    # A sheet received three weeks ago is overdue in the queue.
    receipt = low_sheet(demo)["receipt_id"]
    db = console.server.runtime.db
    with db.write() as conn:
        conn.execute(
            sa.update(rating_sheets)
            .where(rating_sheets.c.receipt_id == receipt)
            .values(received_at=datetime(2025, 3, 3, 2, 0, tzinfo=UTC))
        )
    page = console.get("/queue")
    assert "Quá hạn" in text_of(page.text)
    assert "10/03/2025" in text_of(page.text)  # Monday + 5 working days


def test_a_reopened_case_is_handled_again_and_closed_until_the_next_not_resolved(
    console: Console, demo: Api
) -> None:
    receipt = low_sheet(demo, score=1)["receipt_id"]
    case = console.get(f"/cases/{receipt}")
    console.post(
        f"/cases/{receipt}/answer", {"result": "upheld", "content": ANSWER}, page=case.text
    )
    early = console.post(f"/cases/{receipt}/close", {"closure_note": "x"}, page=case.text)
    assert early.status_code == 409  # answered, not reopened: nothing to close
    [response] = demo.get("/responses").json()["items"]
    feedback = f"/responses/{response['response_id']}/feedback"
    demo.post(feedback, json={"verdict": "not_resolved", "content": "Vẫn chưa được."})
    reopened = console.get(f"/cases/{receipt}")
    assert "Xử lý lại phiếu mở lại" in text_of(reopened.text)
    empty = console.post(f"/cases/{receipt}/close", {"closure_note": " "}, page=reopened.text)
    assert empty.status_code == 422
    assert "Vui lòng ghi kết quả xác minh lại" in text_of(empty.text)
    note = "Đã gọi điện cho chị Bình: hàng đã được giải phóng chiều nay."
    closed = console.follow(
        console.post(f"/cases/{receipt}/close", {"closure_note": note}, page=reopened.text)
    )
    assert "Đã đóng phiếu sau khi xác minh lại." in text_of(closed.text)
    assert note in text_of(closed.text)
    assert receipt not in receipts_on(console.get("/queue").text)
    assert receipts_on(console.get("/queue", params={"state": "answered"}).text) == [receipt]
    # The enterprise says "not resolved" again (a later verdict): the case is open once more.
    demo.post(feedback, json={"verdict": "not_resolved", "content": "Vẫn bị giữ hàng."})
    assert receipts_on(console.get("/queue").text) == [receipt]
    # An official's reopening after the closure opens it too.
    page = console.get(f"/cases/{receipt}")
    console.post(f"/cases/{receipt}/close", {"closure_note": note}, page=page.text)
    assert receipt not in receipts_on(console.get("/queue").text)
    reopen = console.post(f"/cases/{receipt}/reopen", page=page.text)
    assert reopen.status_code == 303
    assert receipts_on(console.get("/queue", params={"state": "reopened"}).text) == [receipt]
