"""The customs side: low sheets verified, answered, and the answer back in the enterprise's feed."""

from __future__ import annotations

from typing import Any

import pytest

from server.embedded import EmbeddedServer
from server.main import main
from tests.server.conftest import Api, completed, sheet_for, storage_args


def low_sheet(demo: Api) -> dict[str, Any]:
    [result] = demo.batch(sheet_for(completed(demo)[0], score=1))
    assert result["status"] == "accepted"
    return result


def respond(official: Api, receipt_id: str, **body: str) -> Any:
    payload = {"result": "upheld", "content": "Đã nhắc nhở công chức, rút kinh nghiệm."} | body
    return official.post(f"/official/low-sheets/{receipt_id}/response", json=payload)


def test_an_answer_becomes_a_response_in_the_enterprises_feed(demo: Api, official: Api) -> None:
    sheet = low_sheet(demo)
    answered = respond(official, sheet["receipt_id"])
    assert answered.status_code == 200
    body = answered.json()
    assert body["result"] == "upheld"
    feed = demo.get("/responses").json()
    assert [r["response_id"] for r in feed["items"]] == [body["response_id"]]
    [response] = feed["items"]
    assert response["sheet_key"] == sheet["idempotency_key"]
    assert response["receipt_id"] == sheet["receipt_id"]
    assert response["content"] == "Đã nhắc nhở công chức, rút kinh nghiệm."
    assert response["responded_at"].endswith("+00:00")
    later = demo.get("/responses", params={"since": feed["next_cursor"]}).json()
    assert later["items"] == [] and later["next_cursor"] == feed["next_cursor"]
    awaiting = official.get("/official/low-sheets").json()["items"]
    assert sheet["receipt_id"] not in {i["receipt_id"] for i in awaiting}
    answered_list = official.get("/official/low-sheets", params={"state": "answered"}).json()
    assert [i["response"]["response_id"] for i in answered_list["items"]] == [body["response_id"]]


def test_a_sheet_is_answered_once(demo: Api, official: Api) -> None:
    sheet = low_sheet(demo)
    assert respond(official, sheet["receipt_id"]).status_code == 200
    again = respond(official, sheet["receipt_id"], result="not_upheld")
    assert again.status_code == 409
    assert again.json()["code"] == "already_answered"


def test_answers_need_a_known_low_sheet_a_result_and_text(demo: Api, official: Api) -> None:
    assert respond(official, "PDG-NOSUCHRECEIPT").status_code == 404
    [fine] = demo.batch(sheet_for(completed(demo)[0], score=5))
    assert respond(official, fine["receipt_id"]).status_code == 404  # not a low sheet
    sheet = low_sheet(demo)
    assert respond(official, sheet["receipt_id"], result="maybe").status_code == 422
    empty = respond(official, sheet["receipt_id"], content="   ")
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["code"] == "required"


def test_the_enterprise_says_whether_the_answer_resolves_it(demo: Api, official: Api) -> None:
    response_id = respond(official, low_sheet(demo)["receipt_id"]).json()["response_id"]
    path = f"/responses/{response_id}/feedback"
    missing = demo.post(path, json={"verdict": "not_resolved", "content": ""})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "content"
    assert demo.post(path, json={"verdict": "maybe"}).status_code == 422
    body = {"verdict": "not_resolved", "content": "Hàng vẫn chưa được giải phóng."}
    assert demo.post(path, json=body).json() == {"status": "recorded"}
    assert demo.post(path, json=body).json() == {"status": "recorded"}  # idempotent
    answered = official.get("/official/low-sheets", params={"state": "answered"}).json()["items"]
    assert answered[0]["feedback"]["verdict"] == "not_resolved"
    assert demo.post("/responses/PH-UNKNOWN/feedback", json=body).status_code == 404


def test_review_cli_end_to_end(
    intake_server: EmbeddedServer, demo: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = low_sheet(demo)
    data_dir = storage_args(intake_server)
    assert main(["review", "list", *data_dir]) == 0
    listing = capsys.readouterr().out
    assert sheet["receipt_id"] in listing
    assert "Hồ sơ bị trả lại ba lần" in listing
    content = "Đã kiểm tra camera, công chức đã được nhắc nhở."
    code = main(
        [
            "review",
            "respond",
            sheet["receipt_id"],
            "--result",
            "upheld",
            "--content",
            content,
            *data_dir,
        ]
    )
    assert code == 0
    assert "recorded PH-" in capsys.readouterr().out
    [response] = demo.get("/responses").json()["items"]
    assert (response["sheet_key"], response["content"]) == (sheet["idempotency_key"], content)
    assert main(["review", "list", "--state", "answered", *data_dir]) == 0
    assert content in capsys.readouterr().out
    again = main(
        [
            "review",
            "respond",
            sheet["receipt_id"],
            "--result",
            "explained",
            "--content",
            "x",
            *data_dir,
        ]
    )
    assert again == 1
    assert "already has a handling result" in capsys.readouterr().err
