"""The HTTP API (v1): routes, auth, and the OpenAPI document they produce.

``build_api()`` makes the FastAPI application with its routes only; ``asgi_stack()`` puts the
request-context and scenario middleware around it. The routes find the database and friends on
``app.state.services``, so the same routes serve the standalone server, the embedded one and the
``--write-openapi`` command (which needs no database at all).
"""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import pydantic_core
from fastapi import APIRouter, Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.utils import get_openapi
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, TypeAdapter
from starlette.responses import Response
from starlette.types import ASGIApp

from app import __version__
from app.domain.messages import Message
from app.domain.validation import (
    CONTENT_MAX,
    ENTERPRISE_NAME_MAX,
    NAME_MAX,
    REASONS_MAX,
    SCORES_MAX,
    ValidationFailed,
    unknown_declaration_error,
    validate_tax_code,
)
from app.domain.wire import (
    DeclarationOut,
    DeclarationPage,
    FeedbackIn,
    FeedbackOut,
    HealthOut,
    LowSheetList,
    ProblemOut,
    ResponseIn,
    ResponseOut,
    ResponsePage,
    SheetBatchIn,
    SheetBatchOut,
    SupportAnswerIn,
    SupportAnswerList,
    SupportReceiptOut,
    SupportRequestList,
    SupportRequestOut,
    TokenOut,
    TokenRequest,
)
from server import accounts, feeds, review, support
from server.admin_api import admin_router
from server.clock import iso, utc_now
from server.database import Database
from server.ingest import MalformedBatch, SheetIntake, parse_batch, reject_everything
from server.input_guard import InputGuard
from server.limits import (
    MAX_BODY_BYTES,
    MAX_DRAIN_BYTES,
    MAX_PAGE_ITEMS,
    MAX_SEARCH_ITEMS,
    SUPPORT_BODY_BYTES,
)
from server.login import (
    LOGIN_BUSY,
    LoginBusy,
    LoginGate,
    LoginThrottled,
    SessionCheck,
    throttled_message,
)
from server.overload import LoadCounters, LoadShedder
from server.problems import (
    BAD_CREDENTIALS,
    FORBIDDEN,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    UNAUTHENTICATED,
    Problem,
    body_too_large,
    install_problem_handlers,
    problem_body,
)
from server.request_context import BodyLimit, RequestContextMiddleware
from server.scenarios import ScenarioMiddleware, ScenarioState
from server.tokens import InvalidToken, TokenSigner

API = "/api/v1"
#: The twelve digits of a declaration number (app.domain.validation.DECLARATION_NUMBER_RE) as
#: JSON Schema writes them: ECMA-262's \d is ASCII only, Python's is not.
DECLARATION_NUMBER_PATTERN = "^[0-9]{12}$"
SUPPORT_PATH = f"{API}/support-requests"
BATCH_PATH = f"{API}/rating-sheets/batch"


@dataclass(slots=True)
class Services:
    db: Database
    tokens: TokenSigner
    scenario: ScenarioState
    intake: SheetIntake
    #: Every login goes through it (``logins.login(kind, subject, password, address)``).
    logins: LoginGate
    sessions: SessionCheck
    #: What the load shedder counts (readiness reports it).
    load: LoadCounters = field(default_factory=LoadCounters)
    #: Readiness pings the database on this one thread, never waiting for the busy pool's.
    pinger: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="intake-ping")
    )


def services_of(request: Request) -> Services:
    return request.app.state.services


# -- auth ----------------------------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="The access_token from POST /auth/token.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


async def _claims(request: Request, credentials: Credentials) -> tuple[str, str]:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Problem(401, UNAUTHENTICATED, headers=_CHALLENGE)
    services = services_of(request)
    try:
        claims = services.tokens.verify(credentials.credentials)
    except InvalidToken:
        raise Problem(401, UNAUTHENTICATED, headers=_CHALLENGE) from None
    valid = services.sessions.cached(claims.role, claims.subject, claims.issued_ms)
    if valid is None:
        valid = await run_in_threadpool(
            services.sessions.check, claims.role, claims.subject, claims.issued_ms
        )
    if not valid:  # disabled since, or its password was reset
        raise Problem(401, UNAUTHENTICATED, headers=_CHALLENGE)
    return claims.role, claims.subject


Claims = Annotated[tuple[str, str], Depends(_claims)]


async def _enterprise(claims: Claims) -> str:
    role, subject = claims
    if role != "enterprise":
        raise Problem(403, FORBIDDEN)
    return subject


async def _official(claims: Claims) -> str:
    role, subject = claims
    if role != "official":
        raise Problem(403, FORBIDDEN)
    return subject


Enterprise = Annotated[str, Depends(_enterprise)]
Official = Annotated[str, Depends(_official)]


#: What each problem status means here, for the document.
_PROBLEM_DESCRIPTIONS = {
    400: "The request could not be read: its URL or JSON body is not UTF-8 (code "
    "bad_encoding), not JSON (bad_json), nested more than 32 deep (too_deep), or its URL holds "
    "a control, bidi or other refused character (bad_characters)",
    401: "Not logged in, the session has expired or ended, or wrong credentials",
    403: "This account may not do this",
    404: "Not found",
    409: "Conflicts with what is stored",
    413: "The body is larger than allowed",
    422: "A field breaks a rule; `errors` names each field (a refused character in a JSON "
    "string is code bad_characters)",
    429: "Too many requests (or failed logins): wait `Retry-After` seconds",
    500: "The server failed; nothing was recorded",
    503: "Busy or in maintenance: try again after `Retry-After` seconds",
}


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "model": ProblemOut,
            "description": f"Problem details: {_PROBLEM_DESCRIPTIONS.get(status, '')}".rstrip(": "),
        }
        for status in statuses
    }


_COMMON = (400, 401, 403, 413, 422, 429, 500, 503)

# -- routes ---------------------------------------------------------------------------------------

router = APIRouter(prefix=API)


@router.post(
    "/auth/token",
    response_model=TokenOut,
    tags=["auth"],
    responses=_problems(400, 401, 413, 422, 429, 500, 503),
    summary="Log in with a tax code (enterprise) or a user name (official)",
    description=(
        "Too many failed logins for one account or from one address answer 429 with "
        "`Retry-After` (seconds), without checking the password; too many logins being "
        "checked at once answer 503 with `Retry-After`."
    ),
)
async def issue_token(request: Request, body: TokenRequest) -> dict[str, Any]:
    services = services_of(request)
    if body.tax_code is not None:
        try:
            kind, subject = accounts.ENTERPRISE, validate_tax_code(body.tax_code)
        except ValidationFailed as failed:
            raise Problem(422, INVALID_REQUEST, errors=failed.errors) from None
    else:
        kind, subject = accounts.OFFICIAL, body.username or ""
    address = request.client.host if request.client else ""
    try:
        account = await run_in_threadpool(
            services.logins.login, kind, subject, body.password, address
        )
    except LoginThrottled as throttled:
        retry = str(throttled.retry_after)
        raise Problem(
            429, throttled_message(throttled.retry_after), headers={"Retry-After": retry}
        ) from None
    except LoginBusy as busy:
        raise Problem(503, LOGIN_BUSY, headers={"Retry-After": str(busy.retry_after)}) from None
    if account is None:
        raise Problem(401, BAD_CREDENTIALS, headers=_CHALLENGE)
    token, expires_at = services.tokens.issue(account.role, account.subject)
    enterprise = account.role == "enterprise"
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_at": iso(expires_at),
        "role": account.role,
        "tax_code": account.subject if enterprise else None,
        "enterprise_name": account.name if enterprise else None,
    }


@router.get("/health", response_model=HealthOut, tags=["health"])
async def health(request: Request) -> dict[str, Any]:
    return {
        "status": "ok",
        "version": __version__,
        "scenario": services_of(request).scenario.current.name,
    }


class ReadyOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["ready"]
    #: Requests of each kind (login, write, read) inside the API now, and refused as overload
    #: since the start.
    inside: dict[str, int]
    refused: dict[str, int]


NOT_READY = Message(
    "not_ready",
    "Máy chủ tiếp nhận chưa sẵn sàng: không kết nối được cơ sở dữ liệu.",
    "The intake server is not ready: its database does not answer.",
)


@router.get(
    "/ready",
    response_model=ReadyOut,
    tags=["health"],
    responses=_problems(503),
    summary="Ready to serve: the database answers (never refused as overload)",
)
async def ready(request: Request) -> dict[str, Any]:
    services = services_of(request)
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(loop.run_in_executor(services.pinger, services.db.ping), 2.0)
    except Exception:
        raise Problem(503, NOT_READY, headers={"Retry-After": "5"}) from None
    return {
        "status": "ready",
        "inside": dict(services.load.inside),
        "refused": dict(services.load.refused),
    }


Since = Annotated[str, Query(max_length=64, description="Cursor from the previous page.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_ITEMS)]


@router.get(
    "/declarations",
    response_model=DeclarationPage,
    tags=["declarations"],
    responses=_problems(*_COMMON),
    summary="The enterprise's declarations changed since a cursor",
)
def list_declarations(
    request: Request, tax_code: Enterprise, since: Since = "", limit: Limit = MAX_PAGE_ITEMS
) -> dict[str, Any]:
    try:
        with services_of(request).db.read() as conn:
            return feeds.declarations_page(conn, tax_code, since, limit)
    except feeds.BadCursor as bad:
        raise Problem(422, INVALID_REQUEST, errors=[bad.error]) from None


@router.get(
    "/declarations/{number}",
    response_model=DeclarationOut,
    tags=["declarations"],
    responses=_problems(*_COMMON, 404),
)
def get_declaration(request: Request, tax_code: Enterprise, number: str) -> dict[str, Any]:
    with services_of(request).db.read() as conn:
        found = feeds.declaration(conn, tax_code, number)
    if found is None:
        error = unknown_declaration_error()
        raise Problem(404, error.message, errors=[error])
    return found


_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SheetBatchIn"}}},
    }
}


@router.post(
    "/rating-sheets/batch",
    response_model=SheetBatchOut,
    tags=["rating sheets"],
    responses=_problems(*_COMMON),
    openapi_extra=_BATCH_BODY,
    summary="Send up to 500 rating sheets; one result per sheet, in order",
    description=(
        "Each sheet carries a client-made idempotency key. The same key with the same body "
        "returns the first result (duplicate) and stores nothing; with another body it is a "
        "conflict. A broken item is a `rejected` result, not a reason to refuse the batch; "
        'only a body that is not `{"items": [...]}` with at most 500 items gets a 422.'
    ),
)
async def post_batch(request: Request, tax_code: Enterprise) -> Response:
    services = services_of(request)
    body = await request.body()
    reject_all = services.scenario.current.name == "reject-all"

    def work() -> list[dict[str, Any]]:
        items = parse_batch(body)
        if reject_all:
            return reject_everything(items)
        return services.intake.store(tax_code, items, utc_now())

    try:
        results = await run_in_threadpool(work)
    except MalformedBatch as malformed:
        raise Problem(422, INVALID_REQUEST, errors=malformed.errors) from None
    return Response(pydantic_core.to_json({"results": results}), media_type="application/json")


@router.get(
    "/responses",
    response_model=ResponsePage,
    tags=["responses"],
    responses=_problems(*_COMMON),
    summary="Customs' handling results for the enterprise's low ratings",
)
def list_responses(
    request: Request, tax_code: Enterprise, since: Since = "", limit: Limit = MAX_PAGE_ITEMS
) -> dict[str, Any]:
    try:
        with services_of(request).db.read() as conn:
            return feeds.responses_page(conn, tax_code, since, limit)
    except feeds.BadCursor as bad:
        raise Problem(422, INVALID_REQUEST, errors=[bad.error]) from None


@router.post(
    "/responses/{response_id}/feedback",
    response_model=FeedbackOut,
    tags=["responses"],
    responses=_problems(*_COMMON, 404),
)
def post_feedback(
    request: Request, tax_code: Enterprise, response_id: str, body: FeedbackIn
) -> dict[str, Any]:
    try:
        review.record_feedback(
            services_of(request).db, tax_code, response_id, body.verdict, body.content
        )
    except ValidationFailed as failed:
        raise Problem(422, INVALID_REQUEST, errors=failed.errors) from None
    return {"status": "recorded"}


@router.post(
    "/support-requests",
    response_model=SupportReceiptOut,
    tags=["support"],
    responses=_problems(*_COMMON, 409),
    summary="Ask the support desk about a VNACCS operation (screenshot ≤ 1 MB, PNG or JPEG)",
)
async def post_support_request(
    request: Request,
    tax_code: Enterprise,
    idempotency_key: Annotated[str, Form(max_length=64)],
    enterprise_name: Annotated[str, Form(max_length=1000)],
    office_code: Annotated[str, Form(max_length=16)],
    operation_code: Annotated[str, Form(max_length=16)],
    content: Annotated[str, Form(max_length=20_000)],
    contact_name: Annotated[str, Form(max_length=1000)] = "",
    contact_phone: Annotated[str, Form(max_length=100)] = "",
    screenshot: Annotated[UploadFile | None, File()] = None,
) -> dict[str, Any]:
    data = None
    if screenshot is not None:
        data = await screenshot.read(support.SCREENSHOT_MAX_BYTES + 1)
        support.check_screenshot_size(data)
    try:
        form = support.check_form(
            tax_code=tax_code,
            idempotency_key=idempotency_key,
            enterprise_name=enterprise_name,
            office_code=office_code,
            operation_code=operation_code,
            content=content,
            contact_name=contact_name,
            contact_phone=contact_phone,
            screenshot=data,
        )
    except ValidationFailed as failed:
        raise Problem(422, INVALID_REQUEST, errors=failed.errors) from None
    return await run_in_threadpool(support.submit, services_of(request).db, tax_code, form)


@router.get(
    "/support-requests",
    response_model=SupportAnswerList,
    tags=["support"],
    responses=_problems(*_COMMON),
    summary="Search answered support requests by operation code, tax code or words",
)
def search_support_requests(
    request: Request,
    claims: Claims,
    operation_code: Annotated[str | None, Query(max_length=8)] = None,
    tax_code: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH_ITEMS)] = MAX_SEARCH_ITEMS,
) -> dict[str, Any]:
    with services_of(request).db.read() as conn:
        items = support.search_answered(
            conn, operation_code=operation_code, tax_code=tax_code, q=q, limit=limit
        )
    return {"items": items}


# -- officials ------------------------------------------------------------------------------------


@router.get(
    "/official/low-sheets",
    response_model=LowSheetList,
    tags=["officials"],
    responses=_problems(*_COMMON),
    summary="1–2 star sheets awaiting verification, or already answered",
)
def list_low_sheets(
    request: Request,
    official: Official,
    state: Annotated[str, Query(pattern="^(awaiting|answered)$")] = "awaiting",
    limit: Limit = MAX_PAGE_ITEMS,
) -> dict[str, Any]:
    with services_of(request).db.read() as conn:
        return {"items": review.low_sheets(conn, state, limit)}


@router.post(
    "/official/low-sheets/{receipt_id}/response",
    response_model=ResponseOut,
    tags=["officials"],
    responses=_problems(*_COMMON, 404, 409),
    summary="Record the handling result; it becomes a response in the enterprise's feed",
)
def respond_to_sheet(
    request: Request, official: Official, receipt_id: str, body: ResponseIn
) -> dict[str, Any]:
    try:
        return review.respond(
            services_of(request).db, receipt_id, body.result, body.content, official
        )
    except ValidationFailed as failed:
        raise Problem(422, INVALID_REQUEST, errors=failed.errors) from None


@router.get(
    "/official/support-requests",
    response_model=SupportRequestList,
    tags=["officials"],
    responses=_problems(*_COMMON),
)
def list_support_requests(
    request: Request,
    official: Official,
    state: Annotated[str, Query(pattern="^(open|answered)$")] = "open",
    limit: Limit = MAX_PAGE_ITEMS,
) -> dict[str, Any]:
    with services_of(request).db.read() as conn:
        return {"items": support.list_for_officials(conn, state, limit)}


@router.post(
    "/official/support-requests/{request_id}/answer",
    response_model=SupportRequestOut,
    tags=["officials"],
    responses=_problems(*_COMMON, 404, 409),
)
def answer_support_request(
    request: Request, official: Official, request_id: str, body: SupportAnswerIn
) -> dict[str, Any]:
    try:
        return support.answer(services_of(request).db, request_id, body.answer, official)
    except ValidationFailed as failed:
        raise Problem(422, INVALID_REQUEST, errors=failed.errors) from None


# -- assembling ----------------------------------------------------------------------------------


def build_api() -> FastAPI:
    api = FastAPI(
        title="Customs rating intake API",
        version=__version__,
        description=(
            "The customs department's intake for declarants' satisfaction ratings "
            "(đánh giá mức độ hài lòng), customs' responses and support requests. "
            "Errors are RFC 9457 problem details; every response carries X-Request-ID."
        ),
        redoc_url=None,
    )
    api.include_router(router)
    api.include_router(admin_router(_official, _problems(*_COMMON, 404, 409)), prefix=API)
    install_problem_handlers(api)
    api.openapi = lambda: _openapi(api)  # type: ignore[method-assign]
    return api


#: FastAPI's generated names for form bodies, and the names the document uses instead.
_SCHEMA_NAMES = {"Body_post_support_request_api_v1_support_requests_post": "SupportRequestForm"}


def _openapi(api: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus what it cannot infer: the hand-parsed batch body, problem JSON."""
    if api.openapi_schema:
        return api.openapi_schema
    document = get_openapi(
        title=api.title,
        version=api.version,
        description=api.description,
        routes=api.routes,
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    batch = TypeAdapter(SheetBatchIn).json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(batch.pop("$defs", {}))
    schemas["SheetBatchIn"] = batch
    for schema in ("HTTPValidationError", "ValidationError"):
        schemas.pop(schema, None)
    text = json.dumps(document)
    for generated, name in _SCHEMA_NAMES.items():
        text = text.replace(f'"#/components/schemas/{generated}"', f'"#/components/schemas/{name}"')
    document = json.loads(text)
    schemas = document["components"]["schemas"]
    for generated, name in _SCHEMA_NAMES.items():
        if generated in schemas:
            schemas[name] = schemas.pop(generated) | {"title": name}
    _document_the_rules(schemas)
    document["components"]["schemas"] = dict(sorted(_referenced(document, schemas).items()))
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[0] in "45" and "application/json" in content:
                    response["content"] = {"application/problem+json": content["application/json"]}
    api.openapi_schema = dict(sorted(document.items()))
    return api.openapi_schema


#: The limits the server's rules enforce (app.domain.validation), which the document states in
#: place of the wire models' own bounds: those only cap the work a request can cause and are
#: counted before normalisation, while the rules count after it. A client that keeps to these
#: is never refused for a length (tests/server/test_openapi.py sends each limit and one more).
DOCUMENTED_LIMITS: dict[tuple[str, str], dict[str, Any]] = {
    ("SheetIn", "declaration_number"): {"pattern": DECLARATION_NUMBER_PATTERN},
    ("SheetIn", "scores"): {"minItems": 1, "maxItems": SCORES_MAX},
    ("SheetIn", "content"): {"maxLength": CONTENT_MAX},
    ("SheetIn", "contact_name"): {"maxLength": NAME_MAX},
    ("ScoreIn", "reasons"): {"maxItems": REASONS_MAX},
    ("FeedbackIn", "content"): {"maxLength": CONTENT_MAX},
    ("ResponseIn", "content"): {"maxLength": CONTENT_MAX},
    ("SupportAnswerIn", "answer"): {"maxLength": CONTENT_MAX},
    ("SupportRequestForm", "content"): {"maxLength": CONTENT_MAX},
    ("SupportRequestForm", "enterprise_name"): {"maxLength": ENTERPRISE_NAME_MAX},
    ("SupportRequestForm", "contact_name"): {"maxLength": NAME_MAX},
}
_COUNTED = "Counted in characters after Unicode NFC normalisation and trimming."


def _document_the_rules(schemas: dict[str, Any]) -> None:
    for (schema, name), limits in DOCUMENTED_LIMITS.items():
        target = schemas[schema]["properties"][name]
        if "pattern" in limits:
            target.pop("maxLength", None)
        target.update(limits)
        if "maxLength" in limits:
            target["description"] = (target.get("description", "") + " " + _COUNTED).strip()
    # Either identity, never both: what TokenRequest's validator says, as the document can.
    token = schemas["TokenRequest"]
    properties = token.pop("properties")
    token.pop("required", None)
    token.pop("type", None)

    def login_as(identity: str, title: str) -> dict[str, Any]:
        field = {k: v for k, v in properties[identity].items() if k != "anyOf"}
        field |= {"type": "string", "maxLength": 64}
        return {
            "title": title,
            "type": "object",
            "properties": {identity: field, "password": properties["password"]},
            "required": [identity, "password"],
        }

    token["oneOf"] = [
        login_as("tax_code", "EnterpriseLogin"),
        login_as("username", "OfficialLogin"),
    ]


_REF = re.compile(r'"#/components/schemas/([^"]+)"')


def _referenced(document: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The components the paths reach, directly or through other components.

    FastAPI adds a component for every enum a model's annotations mention, even where the field
    describes the enum in place (``app.domain.wire._AsLiteral``); nothing refers to those.
    """
    wanted: set[str] = set()
    pending = set(_REF.findall(json.dumps(document.get("paths", {}))))
    while pending:
        name = pending.pop()
        if name in wanted or name not in schemas:
            continue
        wanted.add(name)
        pending |= set(_REF.findall(json.dumps(schemas[name])))
    return {name: schema for name, schema in schemas.items() if name in wanted}


def _too_large(limit: int, path: str) -> tuple[int, dict[str, Any]]:
    if path == SUPPORT_PATH:
        # Nearly all of a support request is its screenshot: say which limit was hit.
        error = support.screenshot_too_large(None)
        return 413, problem_body(413, error.message, instance=path, errors=[error])
    return 413, problem_body(413, body_too_large(limit), instance=path)


def asgi_stack(api: FastAPI, services: Services) -> ASGIApp:
    api.state.services = services
    limits = BodyLimit(MAX_BODY_BYTES, {SUPPORT_PATH: SUPPORT_BODY_BYTES})
    guarded = InputGuard(ScenarioMiddleware(api, services.scenario), own_body_paths={BATCH_PATH})
    shedding = LoadShedder(
        guarded,
        exempt={f"{API}/health", f"{API}/ready"},
        login_path=f"{API}/auth/token",
        counters=services.load,
    )
    return RequestContextMiddleware(
        shedding,
        body_limit=limits,
        max_drain=MAX_DRAIN_BYTES,
        too_large=_too_large,
        crash=lambda path: (500, problem_body(500, INTERNAL_ERROR, instance=path)),
    )
