"""The OpenAPI document in resources/ is exactly what the running server serves."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import resources
from app.domain import validation, wire
from server.main import main
from tests.server.conftest import Api, completed, sheet_for

DOCUMENT = resources.path("openapi.json")


def test_the_committed_document_is_the_served_one(anonymous: Api) -> None:
    served = anonymous.http.get("/openapi.json")
    assert served.status_code == 200
    committed = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    assert served.json() == committed, (
        "resources/openapi.json is stale: run "
        "`customs-rating-intake --write-openapi resources/openapi.json`"
    )


def test_write_openapi_reproduces_the_file_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    assert main(["--write-openapi", str(target)]) == 0
    assert target.read_bytes() == DOCUMENT.read_bytes()


def test_the_document_describes_the_contract() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    paths = document["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/health",
        "/api/v1/declarations",
        "/api/v1/declarations/{number}",
        "/api/v1/rating-sheets/batch",
        "/api/v1/responses",
        "/api/v1/responses/{response_id}/feedback",
        "/api/v1/support-requests",
        "/api/v1/official/low-sheets",
        "/api/v1/official/low-sheets/{receipt_id}/response",
        "/api/v1/official/support-requests",
        "/api/v1/official/support-requests/{request_id}/answer",
    ):
        assert path in paths, path
    batch = paths["/api/v1/rating-sheets/batch"]["post"]
    assert batch["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SheetBatchIn"
    }
    assert "application/problem+json" in batch["responses"]["413"]["content"]
    schemas = document["components"]["schemas"]
    assert schemas["SheetBatchIn"]["properties"]["items"]["maxItems"] == 500
    assert set(schemas["SheetIn"]["required"]) == {
        "idempotency_key",
        "declaration_number",
        "stage",
        "scores",
    }


# -- the document states the rules the server enforces -------------------------------------------


def schema_of(name: str) -> dict[str, Any]:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return document["components"]["schemas"][name]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("schema", "field", "keyword", "constant"),
    [
        ("SheetIn", "content", "maxLength", validation.CONTENT_MAX),
        ("SheetIn", "contact_name", "maxLength", validation.NAME_MAX),
        ("SheetIn", "scores", "maxItems", validation.SCORES_MAX),
        ("ScoreIn", "reasons", "maxItems", validation.REASONS_MAX),
        ("FeedbackIn", "content", "maxLength", validation.CONTENT_MAX),
        ("ResponseIn", "content", "maxLength", validation.CONTENT_MAX),
        ("SupportAnswerIn", "answer", "maxLength", validation.CONTENT_MAX),
        ("SupportRequestForm", "content", "maxLength", validation.CONTENT_MAX),
        ("SupportRequestForm", "enterprise_name", "maxLength", validation.ENTERPRISE_NAME_MAX),
        ("SupportRequestForm", "contact_name", "maxLength", validation.NAME_MAX),
        ("SheetBatchIn", "items", "maxItems", wire.MAX_BATCH_ITEMS),
    ],
)
def test_every_documented_limit_is_the_validators_constant(
    schema: str, field: str, keyword: str, constant: int
) -> None:
    assert schema_of(schema)["properties"][field][keyword] == constant


def test_the_declaration_number_pattern_is_the_validators() -> None:
    pattern = schema_of("SheetIn")["properties"]["declaration_number"]["pattern"]
    for number in ("104512345670", "10451234567", "1045123456701", "10451234567a"):
        documented = re.fullmatch(pattern.strip("^$"), number) is not None
        assert documented == (validation.check_declaration_number(number) is None), number


@pytest.mark.parametrize(
    ("field", "limit"),
    [("content", validation.CONTENT_MAX), ("contact_name", validation.NAME_MAX)],
)
def test_a_sheet_at_the_documented_limit_is_accepted_and_one_more_is_not(
    demo: Api, field: str, limit: int
) -> None:
    at_limit, over = completed(demo, 2)
    low = {"content": "Chậm. " * 10, "contact_name": "Trần Thị Bình", "contact_phone": "0912345678"}
    text = ("Nguyễn " * limit)[: limit - 1] + "a"  # NFC, no outer space: `limit` characters
    good, bad = demo.batch(
        sheet_for(at_limit, score=2, **{**low, field: text}),
        sheet_for(over, score=2, **{**low, field: text + "b"}),
    )
    assert good["status"] == "accepted", good
    assert bad["status"] == "rejected"
    assert [e["code"] for e in bad["errors"]] == ["too_long"]


def test_the_token_request_is_one_of_two_logins() -> None:
    token = schema_of("TokenRequest")
    titles = [branch["title"] for branch in token["oneOf"]]
    assert titles == ["EnterpriseLogin", "OfficialLogin"]
    validator = jsonschema.Draft202012Validator(token)
    assert validator.is_valid({"tax_code": "0299987654", "password": "x"})
    assert validator.is_valid({"username": "official01", "password": "x"})
    assert not validator.is_valid({"tax_code": "0299987654", "username": "a", "password": "x"})
    assert not validator.is_valid({"password": "x"})


def test_every_operation_documents_its_400() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path.endswith(("/health", "/ready")):  # no parameters, no body: nothing to misread
                continue
            problem = operation["responses"].get("400")
            assert problem is not None, f"{method.upper()} {path}"
            assert "application/problem+json" in problem["content"]
