"""An outside fuzzer against the document the server serves: schemathesis, on SQLite and (with
scripts/test-postgres) PostgreSQL.

Every operation gets generated requests, valid and not, with the token its path needs (an
admin official's under /official and /admin, the demo enterprise's elsewhere). The checks: no
5xx ever; every status, content type, header and body the server answers is one the document
describes; an Allow header names what the path serves. Not checked: that a request the document
would refuse is refused (``negative_data_rejection``), because a batch answers a bad item with
that item's rejection inside a 200, as the document says; nor ``positive_data_acceptance``:
valid-looking identifiers (receipts, responses) name nothing stored and are 404s.

Slow (a few hundred requests): marked so, and bounded by a small ``max_examples``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

import resources
from server import accounts
from server.embedded import EmbeddedServer
from tests.server.conftest import token

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ADMIN = ("quantri-fuzz", "mat-khau-quan-tri-fuzz")


@pytest.fixture(scope="module")
def fuzzed(module_server: EmbeddedServer) -> dict[str, Any]:
    with module_server.runtime.db.write() as conn:
        accounts.create_official(
            conn, ADMIN[0], "Quản trị Kiểm thử", "03CC", ADMIN[1], role=accounts.ROLE_ADMIN
        )
    # Many wrong logins will be generated: no lockout may hide what the server answers.
    module_server.runtime.services.logins.policy = accounts_policy()
    return {
        "server": module_server,
        "enterprise": token(
            module_server,
            tax_code=module_server.demo_tax_code,
            password=module_server.demo_password,
        ),
        "official": token(module_server, username=ADMIN[0], password=ADMIN[1]),
    }


def accounts_policy() -> Any:
    from server.login import ThrottlePolicy

    return ThrottlePolicy(free_per_account=10**9, free_per_address=10**9)


@pytest.fixture(scope="module")
def served_schema(fuzzed: dict[str, Any]) -> Any:
    server: EmbeddedServer = fuzzed["server"]
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


def operations() -> list[tuple[str, GenerationMode]]:
    """Every operation of the committed document (test_openapi.py: the served one equals it),
    with valid data, and with invalid data where it takes any (parameters or a body)."""
    document = json.loads(resources.path("openapi.json").read_text(encoding="utf-8"))
    cases = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {path}"
            cases.append((label, GenerationMode.POSITIVE))
            if operation.get("parameters") or operation.get("requestBody"):
                cases.append((label, GenerationMode.NEGATIVE))
    return cases


CHECKS = [
    not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.allow_header_conformance,
]


@pytest.mark.parametrize(("label", "mode"), operations())
def test_the_server_keeps_to_its_document(
    served_schema: Any, fuzzed: dict[str, Any], label: str, mode: GenerationMode
) -> None:
    (operation,) = [
        result.ok() for result in served_schema.get_all_operations() if result.ok().label == label
    ]
    path = operation.path
    who = "official" if path.startswith(("/api/v1/official", "/api/v1/admin")) else "enterprise"
    headers = {} if path.endswith("/auth/token") else {"Authorization": f"Bearer {fuzzed[who]}"}
    server: EmbeddedServer = fuzzed["server"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def fuzz(case: Any) -> None:
        case.call_and_validate(base_url=server.url, headers=headers, checks=CHECKS)

    fuzz()
