"""Hostile input never reaches a 500: every field of every endpoint, on SQLite and PostgreSQL.

Hypothesis makes the strings: text that holds at least one character we refuse (a NUL, another
control, a lone surrogate, a bidi override…) among ordinary Vietnamese, sent in a path, a query,
a JSON field or a form field. Beside them, raw bytes no JSON encoder would make: invalid UTF-8,
100,000-deep nesting, numbers of 5,000 digits. The answer is always a coded problem (4xx, problem
JSON with a code) or, in a batch, that item's coded rejection with the rest of the batch stored.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server import untrusted
from server.embedded import EmbeddedServer
from tests.server.conftest import http_client, sheet_for, token

EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: One character of each kind we refuse.
REFUSED = st.sampled_from(
    ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\u202e", "\u2066", "\ufffe"]
)
ORDINARY = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ0123456789 -.", max_size=12)


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    """Ordinary text with at least one refused character somewhere in it."""
    parts = [draw(ORDINARY), draw(REFUSED), draw(ORDINARY)]
    extra = draw(st.lists(REFUSED, max_size=3))
    return "".join(parts + extra)


def raw_json(value: Any) -> bytes:
    """JSON with \\u escapes for everything non-ASCII: lone surrogates included."""
    return json.dumps(value).encode()


def assert_coded_problem(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    assert response.status_code >= 400, response.text
    problem = response.json()
    assert problem["code"], problem
    assert all(e["code"] for e in problem["errors"]), problem


@pytest.fixture(scope="module")
def enterprise(module_server: EmbeddedServer) -> Iterator[httpx.Client]:
    bearer = token(
        module_server, tax_code=module_server.demo_tax_code, password=module_server.demo_password
    )
    with http_client(module_server, headers={"Authorization": f"Bearer {bearer}"}) as client:
        yield client


@pytest.fixture(scope="module")
def official(module_server: EmbeddedServer) -> Iterator[httpx.Client]:
    bearer = token(
        module_server,
        username=module_server.official_username,
        password=module_server.official_password,
    )
    with http_client(module_server, headers={"Authorization": f"Bearer {bearer}"}) as client:
        yield client


@pytest.fixture(scope="module")
def anonymous(module_server: EmbeddedServer) -> Iterator[httpx.Client]:
    with http_client(module_server) as client:
        yield client


def fresh_sheet(server: EmbeddedServer, client: httpx.Client, **overrides: Any) -> dict[str, Any]:
    (number,) = server.complete_declarations(1)
    declaration = client.get(f"/api/v1/declarations/{number}").json()
    return sheet_for(declaration, **overrides)


def put(item: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """*item* with *value* at a dotted *field* (``scores.0.target_name``)."""
    copy = json.loads(json.dumps(item))
    where: Any = copy
    *parents, last = field.split(".")
    for part in parents:
        where = where[int(part)] if isinstance(where, list) else where[part]
    if isinstance(where, list):
        where[int(last)] = value
    else:
        where[last] = value
    return copy


SHEET_FIELDS = [
    "idempotency_key",
    "declaration_number",
    "stage",
    "scores.0.target_kind",
    "scores.0.target_code",
    "scores.0.target_name",
    "scores.0.reasons",
    "content",
    "contact_name",
    "contact_phone",
]


# -- the batch: a bad item is that item's rejection --------------------------------------------


def post_batch(client: httpx.Client, body: bytes) -> list[dict[str, Any]]:
    response = client.post(
        "/api/v1/rating-sheets/batch", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def assert_good_stored_bad_rejected(results: list[dict[str, Any]], good_key: str) -> None:
    assert len(results) == 2
    good, bad = results
    assert good["idempotency_key"] == good_key
    assert good["status"] == "accepted", good
    assert bad["status"] == "rejected", bad
    assert bad["errors"] and all(e["code"] for e in bad["errors"]), bad


@EXAMPLES
@given(field=st.sampled_from(SHEET_FIELDS), text=hostile_text())
def test_a_refused_character_in_any_sheet_field_rejects_that_sheet_only(
    module_server: EmbeddedServer, enterprise: httpx.Client, field: str, text: str
) -> None:
    good = fresh_sheet(module_server, enterprise)
    bad = put(fresh_sheet(module_server, enterprise), field, text)
    results = post_batch(enterprise, raw_json({"items": [good, bad]}))
    assert_good_stored_bad_rejected(results, good["idempotency_key"])
    if field != "idempotency_key":
        assert results[1]["idempotency_key"] == bad["idempotency_key"]
        assert "bad_characters" in [e["code"] for e in results[1]["errors"]]


@EXAMPLES
@given(
    field=st.sampled_from([*SHEET_FIELDS, "scores.0.score", "scores", "scores.0"]),
    kind=st.sampled_from(["deep", "huge", "nan"]),
)
def test_deep_nesting_or_huge_numbers_in_a_sheet_reject_that_sheet_only(
    module_server: EmbeddedServer, enterprise: httpx.Client, field: str, kind: str
) -> None:
    good = fresh_sheet(module_server, enterprise)
    bad = put(fresh_sheet(module_server, enterprise), field, "@HERE@")
    replacement = {
        "deep": "[" * 100_000 + "]" * 100_000,
        "huge": "9" * 5_000,
        "nan": "NaN",
    }[kind]
    body = raw_json({"items": [good, bad]}).replace(b'"@HERE@"', replacement.encode())
    assert_good_stored_bad_rejected(post_batch(enterprise, body), good["idempotency_key"])


def test_an_array_of_deep_items_is_rejected_item_by_item(enterprise: httpx.Client) -> None:
    body = b'{"items": [' + b"[" * 100_000 + b"]" * 100_000 + b", 7]}"
    results = post_batch(enterprise, body)
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert [r["errors"][0]["code"] for r in results] == ["too_deep", "bad_type"]


def test_a_deep_item_keeps_its_key_in_the_result(
    module_server: EmbeddedServer, enterprise: httpx.Client
) -> None:
    good = fresh_sheet(module_server, enterprise)
    bad = fresh_sheet(module_server, enterprise, content="@HERE@")
    body = raw_json({"items": [good, bad]}).replace(
        b'"@HERE@"', b'{"a": ' * 50_000 + b"1" + b"}" * 50_000
    )
    results = post_batch(enterprise, body)
    assert_good_stored_bad_rejected(results, good["idempotency_key"])
    assert results[1]["idempotency_key"] == bad["idempotency_key"]
    assert [e["code"] for e in results[1]["errors"]] == ["too_deep"]


def test_a_resent_hostile_item_gets_the_same_rejection(
    module_server: EmbeddedServer, enterprise: httpx.Client
) -> None:
    bad = fresh_sheet(module_server, enterprise, content="x\ud800y\x00")
    first = post_batch(enterprise, raw_json({"items": [bad]}))
    again = post_batch(enterprise, raw_json({"items": [bad]}))
    assert first[0]["status"] == again[0]["status"] == "rejected"
    assert first[0]["errors"] == again[0]["errors"]


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe{}",
        b'{"items": [',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"items": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"}",
        b'{"other": ' + b"[" * 100_000 + b"]" * 100_000 + b', "items": []}',
        b'{"items": "\\ud800"}',
        b'{"items": 1' + b"0" * 5000 + b"}",
    ],
    ids=[
        "bad-utf8",
        "truncated",
        "deep-array",
        "deep-items",
        "deep-elsewhere",
        "surrogate",
        "huge",
    ],
)
def test_an_unusable_batch_body_is_one_coded_422(enterprise: httpx.Client, body: bytes) -> None:
    response = enterprise.post(
        "/api/v1/rating-sheets/batch", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert_coded_problem(response)


# -- every other endpoint: a coded problem ------------------------------------------------------


def json_endpoints(server: EmbeddedServer) -> list[tuple[str, str, dict[str, Any]]]:
    """(who, path, a valid body) for every JSON endpoint."""
    return [
        ("anonymous", "/api/v1/auth/token", {"username": "official01", "password": "x"}),
        ("anonymous", "/api/v1/auth/token", {"tax_code": server.demo_tax_code, "password": "x"}),
        ("enterprise", "/api/v1/responses/RSP-1/feedback", {"verdict": "accepted", "content": ""}),
        (
            "official",
            "/api/v1/official/low-sheets/PDG-1/response",
            {"result": "upheld", "content": "Đã xác minh."},
        ),
        ("official", "/api/v1/official/support-requests/HT-1/answer", {"answer": "Đã trả lời."}),
    ]


@pytest.fixture(scope="module")
def clients(
    anonymous: httpx.Client, enterprise: httpx.Client, official: httpx.Client
) -> dict[str, httpx.Client]:
    return {"anonymous": anonymous, "enterprise": enterprise, "official": official}


@EXAMPLES
@given(data=st.data(), text=hostile_text())
def test_a_refused_character_in_any_json_field_is_a_coded_422(
    module_server: EmbeddedServer, clients: dict[str, httpx.Client], data: st.DataObject, text: str
) -> None:
    who, path, body = data.draw(st.sampled_from(json_endpoints(module_server)))
    field = data.draw(st.sampled_from(sorted(body)))
    response = clients[who].post(
        path, content=raw_json({**body, field: text}), headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert_coded_problem(response)
    assert response.json()["errors"][0]["field"] == field


@EXAMPLES
@given(data=st.data(), kind=st.sampled_from(["deep", "huge", "nan", "bad-utf8"]))
def test_deep_huge_or_undecodable_json_fields_are_coded_problems(
    module_server: EmbeddedServer, clients: dict[str, httpx.Client], data: st.DataObject, kind: str
) -> None:
    who, path, body = data.draw(st.sampled_from(json_endpoints(module_server)))
    field = data.draw(st.sampled_from(sorted(body)))
    replacement = {
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "huge": b"-" + b"9" * 5_000,
        "nan": b"Infinity",
        "bad-utf8": b'"\xc3\x28\xff"',
    }[kind]
    raw = raw_json({**body, field: "@HERE@"}).replace(b'"@HERE@"', replacement)
    response = clients[who].post(path, content=raw, headers={"content-type": "application/json"})
    assert_coded_problem(response)


GET_QUERIES = [
    ("enterprise", "/api/v1/declarations", ["since", "limit"]),
    ("enterprise", "/api/v1/responses", ["since", "limit"]),
    ("enterprise", "/api/v1/support-requests", ["operation_code", "tax_code", "q", "limit"]),
    ("official", "/api/v1/official/low-sheets", ["state", "limit"]),
    ("official", "/api/v1/official/support-requests", ["state", "limit"]),
]
PATHS = [
    ("enterprise", "GET", "/api/v1/declarations/{}"),
    ("enterprise", "POST", "/api/v1/responses/{}/feedback"),
    ("official", "POST", "/api/v1/official/low-sheets/{}/response"),
    ("official", "POST", "/api/v1/official/support-requests/{}/answer"),
]


@EXAMPLES
@given(data=st.data(), text=hostile_text())
def test_a_refused_character_in_any_query_or_path_is_a_coded_400(
    clients: dict[str, httpx.Client], data: st.DataObject, text: str
) -> None:
    encoded = text.encode("utf-8", "surrogatepass")
    quoted = "".join(f"%{byte:02X}" for byte in encoded)
    if data.draw(st.booleans()):
        who, path, names = data.draw(st.sampled_from(GET_QUERIES))
        name = data.draw(st.sampled_from(names))
        response = clients[who].get(httpx.URL(path, query=f"{name}={quoted}".encode()))
    else:
        who, method, template = data.draw(st.sampled_from(PATHS))
        response = clients[who].request(method, template.format(quoted), json={})
    assert response.status_code == 400, response.text
    assert_coded_problem(response)


@pytest.mark.parametrize("raw", [b"%FF%FE", b"%C3%28", b"%ED%A0%80"], ids=["ff", "c3", "cesu"])
def test_a_url_that_is_not_utf8_is_a_coded_400(enterprise: httpx.Client, raw: bytes) -> None:
    for url in (
        httpx.URL("/api/v1/declarations", query=b"since=" + raw),
        httpx.URL("/api/v1/declarations/" + raw.decode()),
    ):
        response = enterprise.get(url)
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "bad_encoding"


@EXAMPLES
@given(
    name=st.sampled_from(["limit", "since"]),
    value=st.sampled_from(["9" * 5_000, "-" + "9" * 5_000, "1e999", "NaN", "0x10"]),
)
def test_huge_numbers_in_a_query_are_coded_problems(
    enterprise: httpx.Client, name: str, value: str
) -> None:
    response = enterprise.get("/api/v1/declarations", params={name: value})
    assert_coded_problem(response)


SUPPORT_FIELDS = [
    "idempotency_key",
    "enterprise_name",
    "office_code",
    "operation_code",
    "content",
    "contact_name",
    "contact_phone",
]


def support_form(server: EmbeddedServer) -> dict[str, str]:
    return {
        "idempotency_key": str(uuid.uuid4()),
        "enterprise_name": "Công ty TNHH Thử nghiệm",
        "office_code": "03CC",
        "operation_code": "IDA",
        "content": "Gửi IDA thì nhận thông báo lỗi E1234.",
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0912 345 678",
    }


@EXAMPLES
@given(field=st.sampled_from(SUPPORT_FIELDS), text=hostile_text(), raw=st.booleans())
def test_a_refused_character_in_any_form_field_is_a_coded_problem(
    module_server: EmbeddedServer, enterprise: httpx.Client, field: str, text: str, raw: bool
) -> None:
    form = support_form(module_server)
    # As multipart fields, encoded as UTF-8 (surrogates too: what a broken client would send),
    # or with invalid UTF-8 bytes in place of the text.
    value = (
        b"\xff\xfe" + text.encode("utf-8", "surrogatepass")
        if raw
        else text.encode("utf-8", "surrogatepass")
    )
    files: dict[str, Any] = {k: (None, v.encode()) for k, v in form.items() if k != field}
    files[field] = (None, value)
    response = enterprise.post("/api/v1/support-requests", files=files)
    # 400 bad_encoding where the bytes are not UTF-8 (a lone surrogate's are not), else 422.
    assert response.status_code in (400, 422), response.text
    assert_coded_problem(response)


def test_the_log_holds_no_raw_control_character(
    module_server: EmbeddedServer, enterprise: httpx.Client
) -> None:
    enterprise.get(httpx.URL("/api/v1/declarations/%0AFAKE%20LINE%1B%5B31m%E2%80%AE"))
    enterprise.get(httpx.URL("/api/v1/nowhere%0A2026-01-01%20INFO%20forged%1B"))
    log_file = module_server.data_dir / "logs" / "intake-server.log"
    text = log_file.read_text(encoding="utf-8")
    assert "\\n2026-01-01 INFO forged\\x1b" in text
    for line in text.split("\n"):
        assert not untrusted.has_unsafe(line.replace("\t", "")), repr(line)
