"""The OpenAPI document in resources/ is exactly what the running server serves."""

from __future__ import annotations

import json
from pathlib import Path

import resources
from server.main import main
from tests.server.conftest import Api

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
