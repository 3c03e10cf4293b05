"""The client's real requests against the published contract, resources/openapi.json.

A session of the real client (Store → SyncEngine → ApiClient) runs against the real intake
server: it logs in, pulls declarations, sends a batch of sheets as the engine assembles it from
the outbox, a support request with a screenshot, customs' answer comes back and the follow-up
goes out. Every request it put on the wire is recorded (a response hook on the client's own
``requests.Session``) and checked against the operation the document gives for its method and
path: the JSON or multipart body against the operation's schema, the query against its
parameters. The document's request schemas are closed for the check (no field the document does
not name): the server ignores unknown fields, so a misspelt one would be lost without a word.
"""

from __future__ import annotations

import copy
import email.parser
import email.policy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import requests

import resources
from app.domain.model import RatingSheet, RatingStage, Score, SupportRequest, TargetScore
from app.store import OutboxState, Store
from app.sync.api_client import ApiClient
from app.sync.engine import SyncEngine
from server.embedded import EmbeddedServer

DOCUMENT = json.loads(resources.path("openapi.json").read_text(encoding="utf-8"))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@dataclass(frozen=True)
class Sent:
    method: str
    path: str
    query: dict[str, list[str]]
    content_type: str
    body: bytes


def _closed(schema: Any) -> Any:
    """*schema* with every object that lists its properties closed to any other."""
    if isinstance(schema, dict):
        closed = {key: _closed(value) for key, value in schema.items()}
        if "properties" in closed and "additionalProperties" not in closed:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


COMPONENTS = _closed(copy.deepcopy(DOCUMENT["components"]))


def operation(method: str, path: str) -> dict[str, Any]:
    for template, operations in DOCUMENT["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]  # type: ignore[no-any-return]
    raise AssertionError(f"{method} {path} is not in the published contract")


def check(schema: dict[str, Any], value: Any) -> None:
    """Validate against a schema of the document, its $refs resolved in the document."""
    jsonschema.Draft202012Validator({**schema, "components": COMPONENTS}).validate(value)


def form_fields(sent: Sent) -> dict[str, str]:
    """A multipart body's fields; a file is its content type (the schema wants a string)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {sent.content_type}\r\n\r\n".encode() + sent.body
    )
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        if part.get_filename():
            assert payload == PNG and part.get_content_type() == "image/png"
            fields[name] = part.get_content_type()
        else:
            fields[name] = payload.decode("utf-8")
    return fields


def check_against_contract(sent: Sent) -> str:
    """Check one recorded request; return the operation's id."""
    op = operation(sent.method, sent.path)
    parameters = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}
    for name, values in sent.query.items():
        assert name in parameters, f"{sent.path}: query parameter {name!r} is not in the contract"
        schema = parameters[name]["schema"]
        (value,) = values
        check(schema, int(value) if schema.get("type") == "integer" else value)
    body = op.get("requestBody")
    if body is None:
        assert not sent.body, f"{sent.method} {sent.path} takes no body"
        return str(op["operationId"])
    media_type = sent.content_type.split(";")[0].strip()
    assert media_type in body["content"], f"{sent.path}: {media_type} is not a body it takes"
    schema = body["content"][media_type]["schema"]
    if media_type == "application/json":
        check(schema, json.loads(sent.body))
    else:
        check(schema, form_fields(sent))
    return str(op["operationId"])


@pytest.fixture
def session(intake_server: EmbeddedServer, profile) -> Iterator[tuple[SyncEngine, list[Sent]]]:
    recorded: list[Sent] = []

    def record(response: requests.Response, *_args: object, **_kwargs: object) -> None:
        request = response.request
        parts = urlsplit(request.url or "")
        body = request.body or b""
        recorded.append(
            Sent(
                method=str(request.method),
                path=parts.path,
                query=parse_qs(parts.query),
                content_type=request.headers.get("Content-Type", ""),
                body=body.encode() if isinstance(body, str) else body,
            )
        )

    client = ApiClient(intake_server.url, timeout=(5, 20))
    client.session.hooks["response"].append(record)
    with Store.open(profile.store_file) as store:
        engine = SyncEngine(
            store,
            client,
            tax_code=intake_server.demo_tax_code,
            password=lambda: intake_server.demo_password,
        )
        yield engine, recorded
    client.close()


def answer_as_an_official(server: EmbeddedServer, receipt_id: str) -> None:
    official = requests.post(
        f"{server.url}/api/v1/auth/token",
        json={"username": server.official_username, "password": server.official_password},
        timeout=10,
    ).json()["access_token"]
    answered = requests.post(
        f"{server.url}/api/v1/official/low-sheets/{receipt_id}/response",
        json={"result": "explained", "content": "Đã giải thích quy trình kiểm tra hồ sơ."},
        headers={"Authorization": f"Bearer {official}"},
        timeout=10,
    )
    assert answered.status_code == 200, answered.text


def test_every_request_of_a_client_session_is_one_the_contract_describes(
    intake_server: EmbeddedServer, session: tuple[SyncEngine, list[Sent]]
) -> None:
    engine, recorded = session
    store, tax_code = engine.store, engine.tax_code
    numbers = intake_server.complete_declarations(3, tax_code=tax_code)
    assert engine.sync(force=True).ok  # log in, pull the declarations
    for index, number in enumerate(numbers):
        declaration = store.declarations.get(number)
        assert declaration is not None
        low = index == 0
        store.sheets.save(
            RatingSheet(
                declaration_number=number,
                stage=RatingStage.AFTER_COMPLETION,
                scores=tuple(
                    TargetScore(
                        target,
                        Score.DISSATISFIED if low else Score.VERY_SATISFIED,
                        ("delay",) if low else ("fast", "attitude"),
                    )
                    for target in declaration.targets[:3]
                ),
                content="Hồ sơ bị trả lại hai lần không nêu lý do." if low else "",
                contact_name="Lê Văn Cường" if low else "",
                contact_phone="0912 345 678" if low else "",
            ),
            tax_code,
        )
    store.support.save(
        SupportRequest(
            tax_code=tax_code,
            enterprise_name="Công ty TNHH Xuất nhập khẩu Hải Long",
            office_code="03CC",
            operation_code="IDC",
            content="Khai IDC báo lỗi E1000 khi đăng ký tờ khai, xin hướng dẫn.",
            contact_name="Lê Văn Cường",
            contact_phone="0912 345 678",
            screenshot=PNG,
        )
    )
    report = engine.sync(force=True)
    assert report.ok and report.delivered == 4, report.error
    low_receipt = next(
        i.receipt_id
        for i in store.outbox.items()
        if i.kind == "rating_sheet" and i.payload["declaration_number"] == numbers[0]
    )
    assert low_receipt
    answer_as_an_official(intake_server, low_receipt)
    assert engine.sync(force=True).new_responses == 1
    ((response_id,),) = store.execute("SELECT response_id FROM responses").fetchall()
    store.responses.record_verdict(response_id, "not_resolved", "Vẫn bị trả hồ sơ.", tax_code)
    assert engine.sync(force=True).ok
    assert {i.state for i in store.outbox.items()} == {OutboxState.DELIVERED}
    engine.client.search_support_requests(operation_code="IDC")
    engine.client.health()

    seen = {check_against_contract(sent) for sent in recorded}
    assert {
        "issue_token_api_v1_auth_token_post",
        "list_declarations_api_v1_declarations_get",
        "post_batch_api_v1_rating_sheets_batch_post",
        "post_support_request_api_v1_support_requests_post",
        "list_responses_api_v1_responses_get",
        "post_feedback_api_v1_responses__response_id__feedback_post",
        "search_support_requests_api_v1_support_requests_get",
        "health_api_v1_health_get",
    } <= seen
    (batch,) = [s for s in recorded if s.path.endswith("/rating-sheets/batch")]
    assert len(json.loads(batch.body)["items"]) == 3
    (support,) = [
        s for s in recorded if s.method == "POST" and s.path.endswith("/support-requests")
    ]
    assert form_fields(support)["screenshot"] == "image/png"


def test_the_check_catches_a_client_that_drifts(
    intake_server: EmbeddedServer, session: tuple[SyncEngine, list[Sent]]
) -> None:
    """The same check refuses bodies a drifting client could send: it is not a formality."""
    engine, recorded = session
    (number,) = intake_server.complete_declarations(1, tax_code=engine.tax_code)
    assert engine.sync(force=True).ok
    declaration = engine.store.declarations.get(number)
    assert declaration is not None
    engine.store.sheets.save(
        RatingSheet(
            number,
            RatingStage.AFTER_COMPLETION,
            (TargetScore(declaration.targets[0], Score.SATISFIED),),
        ),
        engine.tax_code,
    )
    assert engine.sync(force=True).delivered == 1
    (batch,) = [s for s in recorded if s.path.endswith("/rating-sheets/batch")]
    check_against_contract(batch)
    item = json.loads(batch.body)["items"][0]
    for drifted in [
        {k: v for k, v in item.items() if k != "scores"},  # a required field left out
        item | {"stage": "later"},  # a value the contract does not know
        item | {"contact_phon": "0912 345 678"},  # a misspelt field the server would drop
        item | {"scores": [item["scores"][0] | {"score": "4"}]},  # a number sent as text
    ]:
        body = json.dumps({"items": [drifted]}).encode()
        with pytest.raises(jsonschema.ValidationError):
            check_against_contract(
                Sent(batch.method, batch.path, batch.query, batch.content_type, body)
            )
    (login,) = [s for s in recorded if s.path.endswith("/auth/token")]
    with pytest.raises(jsonschema.ValidationError):
        check_against_contract(Sent(login.method, login.path, {}, login.content_type, b"{}"))
    with pytest.raises(AssertionError, match="not in the published contract"):
        check_against_contract(Sent("POST", "/api/v1/rating-sheets", {}, "", b""))
