"""One enterprise never sees, rates or answers another's data."""

from __future__ import annotations

from typing import Any

from server.embedded import EmbeddedServer
from tests.server.conftest import Api, completed, error_codes, sheet_for


def _without_request(problem: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in problem.items() if k not in ("request_id", "instance")}


def test_the_declarations_feed_holds_only_the_enterprises_own(demo: Api, other: Api) -> None:
    mine = demo.declarations()
    theirs = other.declarations()
    assert mine and theirs
    assert {d["tax_code"] for d in mine} == {demo.server.demo_tax_code}
    assert {d["tax_code"] for d in theirs} == {other.tax_code}  # type: ignore[attr-defined]
    assert not {d["number"] for d in mine} & {d["number"] for d in theirs}


def test_another_enterprises_declaration_looks_exactly_like_a_missing_one(
    demo: Api, other: Api
) -> None:
    foreign = other.declarations()[0]["number"]
    hidden = demo.get(f"/declarations/{foreign}")
    missing = demo.get("/declarations/109999999990")
    assert hidden.status_code == missing.status_code == 404
    assert _without_request(hidden.json()) == _without_request(missing.json())
    assert hidden.json()["code"] == "unknown_declaration"


def test_rating_another_enterprises_declaration_is_unknown_declaration(
    demo: Api, other: Api
) -> None:
    foreign = other.declarations()[0]
    missing = dict(foreign, number="109999999990")
    results = demo.batch(sheet_for(foreign), sheet_for(missing))
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert results[0]["errors"] == results[1]["errors"]
    assert error_codes(results[0]) == ["unknown_declaration"]


def test_idempotency_keys_belong_to_one_enterprise(demo: Api, other: Api) -> None:
    mine = completed(demo)[0]
    theirs = other.declarations()[0]
    assert theirs["status"] in ("released", "brought_to_storage", "cleared")
    key = "6b3f9a52-2a55-4d2e-9a1c-1f2d3e4c5b6a"
    first = demo.batch(sheet_for(mine, idempotency_key=key))[0]
    second = other.batch(sheet_for(theirs, idempotency_key=key))[0]
    assert (first["status"], second["status"]) == ("accepted", "accepted")
    assert first["receipt_id"] != second["receipt_id"]


def test_responses_and_feedback_stay_with_their_enterprise(
    intake_server: EmbeddedServer, demo: Api, other: Api, official: Api
) -> None:
    low = demo.batch(sheet_for(completed(demo)[0], score=1))[0]
    response = official.post(
        f"/official/low-sheets/{low['receipt_id']}/response",
        json={"result": "explained", "content": "Đã làm việc với công chức liên quan."},
    ).json()
    assert [r["response_id"] for r in demo.get("/responses").json()["items"]] == [
        response["response_id"]
    ]
    assert other.get("/responses").json()["items"] == []
    foreign = other.post(
        f"/responses/{response['response_id']}/feedback", json={"verdict": "accepted"}
    )
    assert foreign.status_code == 404
