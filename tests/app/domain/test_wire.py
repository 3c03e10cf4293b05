"""The wire contract in the kernel: what a reply must be to count, and what it turns into."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from app.domain import wire
from app.domain.messages import Message
from app.domain.model import Channel, DeclarationStatus, RatingStage, TargetKind
from app.domain.states import ConnectionState, ErrorKind
from tests.factories import TAX_CODE

KEYS = ["6f1c0c1e-8d2a-4c6b-9a57-3f1e2d4c5b6a", "7a2c0c1e-8d2a-4c6b-9a57-3f1e2d4c5b6a"]


def declaration_json(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "number": "104512345670",
        "type_code": "A11",
        "office_code": "03CC",
        "office_name": "Chi cục Hải quan cửa khẩu cảng Hải Phòng KV I",
        "channel": 2,
        "registered_at": "2026-11-20T08:30:00+00:00",
        "status": "cleared",
        "tax_code": TAX_CODE,
        "targets": [{"kind": "officer", "code": "CC0231", "name": "Nguyễn Văn An"}],
        "history": [
            {"status": "registered", "at": "2026-11-20T08:30:00"},
            {"status": "cleared", "at": "2026-11-20T09:00:00+07:00"},
        ],
    }
    item.update(overrides)
    return item


def result_json(key: str | None, status: str = "accepted", **overrides: Any) -> dict[str, Any]:
    delivered = status in ("accepted", "duplicate")
    item: dict[str, Any] = {
        "idempotency_key": key,
        "status": status,
        "receipt_id": "PDG-0011223344" if delivered else None,
        "received_at": "2026-11-22T10:00:00+00:00" if delivered else None,
        "errors": [],
    }
    item.update(overrides)
    return item


def read(model: type[wire.Reply], body: Any, context: wire.ReplyContext | None = None) -> Any:
    return wire.read_reply(model, json.dumps(body).encode(), context)


# -- what a reply turns into ----------------------------------------------------------------------


def test_a_declaration_reply_becomes_the_domain_declaration_with_enum_members() -> None:
    declaration = read(wire.DeclarationOut, declaration_json()).to_declaration()
    assert declaration.channel is Channel.YELLOW
    assert declaration.status is DeclarationStatus.CLEARED
    assert declaration.targets[0].kind is TargetKind.OFFICER
    assert declaration.registered_at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    # A time without an offset is UTC; one with an offset keeps it.
    assert declaration.history[0].at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    assert declaration.history[1].at == datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    assert (
        read(wire.DeclarationOut, declaration_json(channel=None)).to_declaration().channel is None
    )


def test_an_incomplete_or_unknown_declaration_is_refused() -> None:
    """What declaration_from_json refused before the contract read replies, and more."""
    with pytest.raises(ValueError):
        read(wire.DeclarationOut, {"number": "104512345670"})
    with pytest.raises(ValueError):
        read(
            wire.DeclarationOut,
            {
                "number": "104512345670",
                "type_code": "A11",
                "office_code": "03CC",
                "registered_at": "2026-11-20T08:30:00+00:00",
                "status": "flying",
                "tax_code": TAX_CODE,
            },
        )
    for broken, where in [
        (declaration_json(status="flying"), ("status",)),
        (declaration_json(channel=4), ("channel",)),
        (declaration_json(channel="2"), ("channel",)),  # strict: "2" is not a channel
        (declaration_json(registered_at="yesterday"), ("registered_at",)),
        (declaration_json(targets=[{"kind": "boss", "code": "x", "name": "y"}]), ("targets",)),
    ]:
        with pytest.raises(ValidationError) as refused:
            read(wire.DeclarationOut, broken)
        assert refused.value.errors()[0]["loc"][: len(where)] == where


def test_a_response_reply_becomes_the_domain_response() -> None:
    response = read(
        wire.ResponseOut,
        {
            "response_id": "PH-1",
            "sheet_key": KEYS[0],
            "receipt_id": "PDG-1",
            "declaration_number": "104512345670",
            "result": "upheld",
            "content": "Đã nhắc nhở công chức.",
            "responded_at": "2026-11-23T08:00:00+00:00",
        },
    ).to_response()
    assert (response.result, type(response.result)) == ("upheld", str)
    assert response.responded_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_the_first_error_of_a_result_is_the_message_else_the_fallback() -> None:
    fallback = Message("rejected", "Phiếu bị từ chối.", "The sheet was rejected.")
    error = {"field": "contact_phone", "code": "", "message_vi": "Sai số", "message_en": "Bad"}
    result = read(wire.SheetResultOut, result_json(KEYS[0], "rejected", errors=[error]))
    assert wire.first_message(result.errors, fallback) == Message("rejected", "Sai số", "Bad")
    assert wire.first_message([], fallback) is fallback


# -- the one rule for a reply ---------------------------------------------------------------------


def test_a_batch_reply_answers_exactly_the_sheets_sent_in_order() -> None:
    good = {"results": [result_json(KEYS[0]), result_json(KEYS[1], "rejected")]}
    context: wire.ReplyContext = {"sent_keys": KEYS}
    results = read(wire.SheetBatchOut, good, context).results
    assert [r.status for r in results] == [wire.SheetStatus.ACCEPTED, wire.SheetStatus.REJECTED]
    for broken in [
        {"results": []},  # too few
        {"results": [*good["results"], result_json(KEYS[0])]},  # too many
        {"results": list(reversed(good["results"]))},  # out of order
        {"results": [result_json(KEYS[0]), result_json("another-key")]},  # another sheet's
        {"results": [result_json(KEYS[0]), result_json(KEYS[1], "lost")]},  # garbage status
        {"results": [result_json(KEYS[0], receipt_id=None), result_json(KEYS[1])]},  # no receipt
        {"results": [result_json(KEYS[0], "duplicate", receipt_id=""), result_json(KEYS[1])]},
        {"results": "all fine"},
        [result_json(KEYS[0]), result_json(KEYS[1])],  # not the object
    ]:
        with pytest.raises(ValidationError):
            read(wire.SheetBatchOut, broken, context)
    # Without the keys sent (the server's side), only the shape is checked.
    assert read(wire.SheetBatchOut, {"results": []}).results == []


def test_a_declaration_page_holds_only_the_logged_in_enterprises() -> None:
    page = {"items": [declaration_json()], "next_cursor": "7", "has_more": False}
    assert len(read(wire.DeclarationPage, page, {"tax_code": TAX_CODE}).items) == 1
    with pytest.raises(ValidationError, match="another enterprise"):
        read(wire.DeclarationPage, page, {"tax_code": "0101234567"})


def test_replies_are_read_strictly_and_unknown_fields_are_ignored() -> None:
    page = {"items": [], "next_cursor": "7", "has_more": "yes"}
    with pytest.raises(ValidationError):
        read(wire.DeclarationPage, page)
    newer = {"items": [], "next_cursor": "7", "has_more": False, "server_time": "now"}
    assert read(wire.DeclarationPage, newer).next_cursor == "7"
    with pytest.raises(ValidationError):
        wire.read_reply(wire.HealthOut, b"<html><body>Log in to the Wi-Fi</body></html>")
    with pytest.raises(ValidationError):
        wire.read_reply(wire.SheetBatchOut, b'{"results": [{"idempotency_key": "')


def test_a_login_or_support_receipt_without_its_id_is_no_reply() -> None:
    token = {
        "access_token": "",
        "expires_at": "2026-11-23T00:00:00+00:00",
        "role": "enterprise",
        "tax_code": TAX_CODE,
        "enterprise_name": "Công ty",
    }
    with pytest.raises(ValidationError):
        read(wire.TokenOut, token)
    assert read(wire.TokenOut, token | {"access_token": "t"}).role == "enterprise"
    receipt = {"status": "duplicate", "request_id": "", "received_at": "2026-11-23T00:00:00"}
    with pytest.raises(ValidationError):
        read(wire.SupportReceiptOut, receipt)
    with pytest.raises(ValidationError):
        read(wire.SupportReceiptOut, receipt | {"request_id": "HT-1", "status": "conflict"})
    assert read(wire.SupportReceiptOut, receipt | {"request_id": "HT-1"}).status == "duplicate"


# -- requests, as the server reads them ----------------------------------------------------------


def test_requests_carry_the_kernels_enums_and_stay_strict() -> None:
    sheet = {
        "idempotency_key": KEYS[0],
        "declaration_number": "104512345670",
        "stage": "during_clearance",
        "scores": [
            {"target_kind": "team", "target_code": "DOI1", "target_name": "Đội", "score": 4}
        ],
    }
    parsed = wire.SheetIn.model_validate_json(json.dumps(sheet))
    assert parsed.stage is RatingStage.DURING_CLEARANCE
    assert parsed.scores[0].target_kind is TargetKind.TEAM
    assert type(parsed.scores[0].score) is int
    for field, value in [("stage", "soon"), ("scores", [{**sheet["scores"][0], "score": "4"}])]:
        with pytest.raises(ValidationError):
            wire.SheetIn.model_validate_json(json.dumps(sheet | {field: value}))


def test_bodies_fastapi_hands_over_as_python_values_still_take_the_enum_values() -> None:
    """FastAPI validates a JSON body in Python mode: a strict enum field would refuse every
    string, so these fields are lax about the enum (and only about it)."""
    feedback = wire.FeedbackIn.model_validate({"verdict": "not_resolved", "content": "Chưa"})
    assert feedback.verdict is wire.FeedbackVerdict.NOT_RESOLVED
    assert wire.ResponseIn.model_validate({"result": "explained", "content": "x"}).result == (
        wire.ResponseResult.EXPLAINED
    )
    with pytest.raises(ValidationError) as refused:
        wire.FeedbackIn.model_validate({"verdict": "maybe"})
    assert refused.value.errors()[0]["type"] == "enum"
    with pytest.raises(ValidationError):
        wire.FeedbackIn.model_validate({"verdict": "accepted", "content": 5})  # still strict


def test_enum_fields_are_described_in_place_as_the_document_always_had_them() -> None:
    schema = TypeAdapter(wire.TargetOut).json_schema()
    assert schema["properties"]["kind"] == {
        "enum": ["officer", "team", "sub_department", "stage"],
        "title": "Kind",
        "type": "string",
    }
    assert "$defs" not in schema
    channel = TypeAdapter(wire.DeclarationOut).json_schema()["properties"]["channel"]
    assert channel["anyOf"][0] == {"enum": [1, 2, 3], "type": "integer"}


# -- the states -----------------------------------------------------------------------------------


def test_states_are_their_strings() -> None:
    assert ConnectionState("local_error") is ConnectionState.LOCAL_ERROR
    assert ConnectionState.ONLINE == "online" and f"{ConnectionState.ONLINE}" == "online"
    transient = {kind for kind in ErrorKind if kind.transient}
    assert transient == {
        ErrorKind.UNREACHABLE,
        ErrorKind.TIMEOUT,
        ErrorKind.SERVER,
        ErrorKind.THROTTLED,
        ErrorKind.INVALID_RESPONSE,
    }
