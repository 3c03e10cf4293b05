"""The batch endpoint: idempotency, every rule with bad input, the shape of bad bodies."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.embedded import EmbeddedServer
from server.schema import rating_sheets
from tests.server.conftest import Api, completed, error_codes, http_client, sheet_for


def stored_rows(server: EmbeddedServer, key: str) -> list[Any]:
    c = rating_sheets.c
    with server.runtime.db.read() as conn:
        return list(conn.execute(sa.select(rating_sheets).where(c.idempotency_key == key)))


# -- accepted, duplicate, conflict -----------------------------------------------------------------


def test_a_valid_sheet_is_accepted_with_a_receipt(demo: Api) -> None:
    sheet = sheet_for(completed(demo)[0])
    [result] = demo.batch(sheet)
    assert result["status"] == "accepted"
    assert result["idempotency_key"] == sheet["idempotency_key"]
    assert result["receipt_id"].startswith("PDG-")
    assert result["received_at"].endswith("+00:00")
    assert result["errors"] == []


def test_the_same_key_and_body_twice_is_one_row_and_the_first_result(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    sheet = sheet_for(completed(demo)[0])
    [first] = demo.batch(sheet)
    [again] = demo.batch(sheet)
    assert again["status"] == "duplicate"
    assert (again["receipt_id"], again["received_at"]) == (
        first["receipt_id"],
        first["received_at"],
    )
    reordered = json.loads(json.dumps(sheet, sort_keys=True))  # same body, keys in another order
    [third] = demo.batch(reordered)
    assert third["status"] == "duplicate"
    assert len(stored_rows(intake_server, sheet["idempotency_key"])) == 1


def test_the_same_key_twice_in_one_batch(demo: Api) -> None:
    sheet = sheet_for(completed(demo)[0])
    first, second = demo.batch(sheet, sheet)
    assert (first["status"], second["status"]) == ("accepted", "duplicate")
    assert first["receipt_id"] == second["receipt_id"]


def test_the_same_key_with_another_body_is_a_conflict_and_stores_nothing(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    sheet = sheet_for(completed(demo)[0])
    [first] = demo.batch(sheet)
    [changed] = demo.batch(dict(sheet, content="Nội dung đã sửa"))
    assert changed["status"] == "conflict"
    assert changed["receipt_id"] is None
    assert error_codes(changed) == ["idempotency_conflict"]
    [row] = stored_rows(intake_server, sheet["idempotency_key"])
    assert (row.receipt_id, row.content) == (first["receipt_id"], "")


def test_the_same_key_at_the_same_moment_from_two_threads_is_one_row(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    sheet = sheet_for(completed(demo)[0])
    body = json.dumps({"items": [sheet]}).encode()
    headers = dict(demo.http.headers) | {"Content-Type": "application/json"}
    start = threading.Barrier(2)
    results: list[dict[str, Any]] = []

    def send() -> None:
        with http_client(intake_server, headers=headers) as client:
            start.wait()
            response = client.post("/api/v1/rating-sheets/batch", content=body)
            results.append(response.json()["results"][0])

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r["status"] for r in results) == ["accepted", "duplicate"]
    assert results[0]["receipt_id"] == results[1]["receipt_id"]
    assert len(stored_rows(intake_server, sheet["idempotency_key"])) == 1


def test_a_rejection_is_remembered_under_its_key(demo: Api) -> None:
    sheet = sheet_for(completed(demo)[0], score=2, contact_phone="")
    [first] = demo.batch(sheet)
    [again] = demo.batch(sheet)
    assert first["status"] == again["status"] == "rejected"
    assert first["errors"] == again["errors"]
    [changed] = demo.batch(dict(sheet, contact_phone="0912 345 678"))
    assert changed["status"] == "conflict"


def test_results_keep_the_order_of_the_items(demo: Api) -> None:
    good, also_good = completed(demo, 2)
    items = [sheet_for(good), sheet_for(good, declaration_number="12"), sheet_for(also_good)]
    results = demo.batch(*items)
    assert [r["idempotency_key"] for r in results] == [i["idempotency_key"] for i in items]
    assert [r["status"] for r in results] == ["accepted", "rejected", "accepted"]


def test_an_empty_batch_is_an_empty_result(demo: Api) -> None:
    assert demo.batch() == []


# -- rules that need the server's data ------------------------------------------------------------


def test_one_after_completion_sheet_per_declaration(demo: Api) -> None:
    declaration = completed(demo)[0]
    [first] = demo.batch(sheet_for(declaration))
    [second] = demo.batch(sheet_for(declaration))
    assert first["status"] == "accepted"
    assert (second["status"], error_codes(second)) == ("rejected", ["already_rated"])


def test_two_after_completion_sheets_for_one_declaration_in_one_batch(demo: Api) -> None:
    declaration = completed(demo)[0]
    first, second = demo.batch(sheet_for(declaration), sheet_for(declaration))
    assert first["status"] == "accepted"
    assert error_codes(second) == ["already_rated"]


def test_after_completion_needs_a_completed_declaration(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    number = intake_server.simulator.new_declaration()
    [result] = demo.batch(sheet_for(demo.declaration(number)))
    assert (result["status"], error_codes(result)) == ("rejected", ["not_completed"])


def test_during_clearance_feedback_only_while_in_clearance(
    intake_server: EmbeddedServer, demo: Api
) -> None:
    number = intake_server.simulator.new_declaration()
    open_one = demo.declaration(number)
    first, second = demo.batch(
        sheet_for(open_one, stage="during_clearance", score=2),
        sheet_for(open_one, stage="during_clearance", score=3),
    )
    assert (first["status"], second["status"]) == ("accepted", "accepted")
    [late] = demo.batch(sheet_for(completed(demo)[0], stage="during_clearance"))
    assert error_codes(late) == ["not_in_clearance"]


def test_an_unknown_declaration_is_rejected(demo: Api) -> None:
    declaration = dict(completed(demo)[0], number="301234567890")
    [result] = demo.batch(sheet_for(declaration))
    assert error_codes(result) == ["unknown_declaration"]
    assert result["errors"][0]["message_vi"] and result["errors"][0]["message_en"]


def test_only_targets_that_handled_the_declaration_can_be_rated(demo: Api) -> None:
    result = _one(demo, scores=_score(target_code="CC9999", target_name="Người Không Liên Quan"))
    assert result["status"] == "rejected"
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("scores.0", "unknown_target")]
    assert "không tham gia" in result["errors"][0]["message_vi"]


def test_a_low_sheet_waits_for_verification(demo: Api, official: Api) -> None:
    [low] = demo.batch(sheet_for(completed(demo)[0], score=1))
    [fine] = demo.batch(sheet_for(completed(demo)[0], score=5))
    awaiting = official.get("/official/low-sheets").json()["items"]
    receipts = {item["receipt_id"] for item in awaiting}
    assert low["receipt_id"] in receipts
    assert fine["receipt_id"] not in receipts
    [item] = [i for i in awaiting if i["receipt_id"] == low["receipt_id"]]
    assert item["contact_phone"] == "+84912345678"  # stored normalised, as the client does
    assert item["state"] == "awaiting"


# -- every rule with bad input --------------------------------------------------------------------


def _one(demo: Api, **changes: Any) -> dict[str, Any]:
    sheet = sheet_for(completed(demo)[0])
    for key, value in changes.items():
        if value is KeyError:
            del sheet[key]
        else:
            sheet[key] = value
    return demo.batch(sheet)[0]


def _score(**changes: Any) -> list[dict[str, Any]]:
    score = {
        "target_kind": "officer",
        "target_code": "CC1234",
        "target_name": "Nguyễn Văn An",
        "score": 4,
        "reasons": [],
    }
    score.update(changes)
    return [score]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"scores": _score(score="4")}, "scores.0.score", "bad_type"),
        ({"scores": _score(score=4.5)}, "scores.0.score", "bad_type"),
        ({"scores": _score(score=True)}, "scores.0.score", "bad_type"),
        ({"scores": _score(score=0)}, "scores.0.score", "out_of_range"),
        ({"scores": _score(score=6)}, "scores.0.score", "out_of_range"),
        ({"scores": _score(target_kind="manager")}, "scores.0.target_kind", "bad_value"),
        ({"scores": _score(reasons="delay")}, "scores.0.reasons", "bad_type"),
        ({"scores": {"score": 4}}, "scores", "bad_type"),
        ({"scores": KeyError}, "scores", "required"),
        ({"stage": "whenever"}, "stage", "bad_value"),
        ({"stage": KeyError}, "stage", "required"),
        ({"declaration_number": KeyError}, "declaration_number", "required"),
        ({"declaration_number": 104512345670}, "declaration_number", "bad_type"),
        ({"content": ["a"]}, "content", "bad_type"),
        ({"contact_phone": 912345678}, "contact_phone", "bad_type"),
        ({"idempotency_key": "not-a-uuid"}, "idempotency_key", "bad_format"),
        ({"idempotency_key": KeyError}, "idempotency_key", "required"),
        ({"content": "x" * 20_001}, "content", "too_long"),
    ],
)
def test_structural_errors_reject_the_item_not_the_batch(
    demo: Api, changes: dict[str, Any], field: str, code: str
) -> None:
    result = _one(demo, **changes)
    assert result["status"] == "rejected"
    assert result["receipt_id"] is None
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in result["errors"]
    ], result["errors"]
    assert all(e["message_vi"] and e["message_en"] for e in result["errors"])


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"declaration_number": "10451234567"}, "declaration_number", "bad_declaration_number"),
        ({"declaration_number": "10451234567a"}, "declaration_number", "bad_declaration_number"),
        ({"scores": []}, "scores", "no_scores"),
        (
            {"scores": [_score(target_code=f"CC{i:04d}")[0] for i in range(51)]},
            "scores",
            "too_many_scores",
        ),
        ({"scores": _score() + _score()}, "scores.1", "duplicate_target"),
        ({"scores": _score(reasons=["delay"])}, "scores.0.reasons", "bad_reason"),
        ({"scores": _score(reasons=["no-such-reason"])}, "scores.0.reasons", "bad_reason"),
        ({"content": "x" * 2001}, "content", "too_long"),
        ({"content": "xem\u202etệp"}, "content", "bad_characters"),
        ({"contact_name": "Trần\nBình"}, "contact_name", "single_line"),
        ({"contact_name": "Trần Bình 123"}, "contact_name", "bad_name"),
        ({"contact_name": "x" * 101}, "contact_name", "too_long"),
        ({"contact_phone": "12345"}, "contact_phone", "bad_phone"),
        ({"contact_phone": "+1 202 555 0100"}, "contact_phone", "bad_phone"),
    ],
)
def test_the_shared_rules_give_the_clients_messages(
    demo: Api, changes: dict[str, Any], field: str, code: str
) -> None:
    result = _one(demo, **changes)
    assert result["status"] == "rejected"
    assert (field, code) in [(e["field"], e["code"]) for e in result["errors"]], result["errors"]


def test_a_low_score_needs_content_name_and_phone(demo: Api) -> None:
    result = _one(demo, scores=_score(score=1, reasons=["delay"]))
    assert result["status"] == "rejected"
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("content", "required"),
        ("contact_name", "required"),
        ("contact_phone", "required"),
    ]
    assert result["errors"][0]["message_vi"] == "Vui lòng nhập nội dung."


def test_text_is_stored_normalised(intake_server: EmbeddedServer, demo: Api) -> None:
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"  # "Nguyễn Văn An" typed in decomposed form
    sheet = sheet_for(completed(demo)[0], score=2)
    sheet["contact_name"] = f"  {decomposed}  "
    [result] = demo.batch(sheet)
    assert result["status"] == "accepted"
    [row] = stored_rows(intake_server, sheet["idempotency_key"])
    assert row.contact_name == "Nguyễn Văn An"


# -- bodies that are not a batch ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"items": {}}', b'{"sheets": []}', b'"items"', b"{"],
)
def test_a_body_that_is_not_a_batch_is_422(demo: Api, body: bytes) -> None:
    response = demo.post(
        "/rating-sheets/batch", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"]


def test_more_than_500_items_is_422(demo: Api) -> None:
    sheet = sheet_for(completed(demo)[0])
    response = demo.post("/rating-sheets/batch", json={"items": [sheet] * 501})
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "batch_too_large"


def test_a_body_over_5_mb_is_413_problem(demo: Api) -> None:
    sheet = sheet_for(completed(demo)[0], content="x" * 20_000)
    items = [dict(sheet, idempotency_key=str(uuid.uuid4())) for _ in range(300)]
    response = demo.post("/rating-sheets/batch", json={"items": items})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "body_too_large"
    assert response.headers["x-request-id"] == response.json()["request_id"]


def test_a_chunked_body_over_the_limit_is_413_too(demo: Api) -> None:
    def chunks() -> Any:
        yield b'{"items": ['
        for _ in range(6 * 16):
            yield b" " * 65536
        yield b"]}"

    response = demo.post(
        "/rating-sheets/batch", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


items_strategy = st.lists(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=20),
        st.dictionaries(
            st.sampled_from(
                ["idempotency_key", "declaration_number", "stage", "scores", "content"]
            ),
            st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.integers())),
        ),
    ),
    max_size=5,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(items=items_strategy)
def test_any_items_get_one_result_each_and_never_a_500(demo: Api, items: list[Any]) -> None:
    response = demo.post("/rating-sheets/batch", json={"items": items})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert len(results) == len(items)
    assert all(r["status"] == "rejected" and r["errors"] for r in results)


# -- what the wire models must never change --------------------------------------------------------


def test_the_body_hash_and_the_structural_messages_do_not_move() -> None:
    """A sheet queued before an upgrade is resent after it: its hash must be the one the server
    stored, or the resend becomes a conflict. The figures are those of the models before they
    moved into app.domain.wire (Literal fields then, the kernel's enums now)."""
    from server.ingest import parse_batch
    from tests.factories import low_sheet, sheet

    low = low_sheet(idempotency_key="6f1c0c1e-8d2a-4c6b-9a57-3f1e2d4c5b6a")
    upper = sheet(idempotency_key="7A2C0C1E-8D2A-4C6B-9A57-3F1E2D4C5B6A")
    broken = {
        "idempotency_key": "x",
        "stage": "soon",
        "declaration_number": "1",
        "scores": [{"target_kind": "boss", "target_code": "a", "target_name": "b", "score": 7}],
    }
    body = json.dumps({"items": [low.to_payload(), upper.to_payload(), broken]}).encode()
    first, second, third = parse_batch(body)
    assert first.body_hash == "087af74e77644c8818728ce7911f93a1b54ed6c0ab3a38bcb22be63fd49d1ba4"
    assert second.body_hash == "4e2229c3c1e12b6d80385fff786911f602eb0847880d9112c883b5ad97edca6f"
    assert (second.echo_key, second.key) == (upper.idempotency_key, upper.idempotency_key.lower())
    assert first.sheet is not None and first.sheet.stage is low.stage
    assert first.sheet.scores[0].target.kind is low.scores[0].target.kind
    assert [(e.field, e.message.code, e.message.en) for e in third.errors] == [
        ("idempotency_key", "bad_format", "idempotency_key is not in the expected format."),
        (
            "stage",
            "bad_value",
            "The value of stage is not allowed (expected 'after_completion' or 'during_clearance').",
        ),
        (
            "scores.0.target_kind",
            "bad_value",
            "The value of scores.0.target_kind is not allowed"
            " (expected 'officer', 'team', 'sub_department' or 'stage').",
        ),
        ("scores.0.score", "out_of_range", "The value of scores.0.score is out of range (None…5)."),
    ]
