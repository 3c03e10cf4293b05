"""Account management over HTTP, for officials with the admin role: what ``accounts`` does.

Every route asks the database for the caller's role (not the token): an admin demoted or
disabled loses these routes at once. A password left out of a request is generated and returned
in that one reply, never again; none is ever logged.

No ``from __future__ import annotations`` here: the routes are made inside ``admin_router`` and
FastAPI must see their parameter types as objects, not as names it cannot resolve there.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from app.domain.messages import Message
from app.domain.validation import ValidationFailed
from server import accounts
from server.problems import FORBIDDEN, INVALID_REQUEST, Problem

ADMIN_PREFIX = "/admin/accounts"

ACCOUNT_EXISTS = Message("account_exists", "Tài khoản này đã có.", "This account exists already.")
NO_SUCH_ACCOUNT = Message("unknown_account", "Không có tài khoản này.", "There is no such account.")


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


Password = Annotated[
    str | None,
    Field(
        default=None,
        min_length=accounts.PASSWORD_MIN,
        max_length=accounts.PASSWORD_MAX,
        description="Leave out to have one generated (returned once, in the reply).",
    ),
]


class EnterpriseAccountIn(_In):
    tax_code: str = Field(max_length=64, examples=["0100109106"])
    name: str = Field(max_length=255)
    password: Password = None


class OfficialAccountIn(_In):
    username: str = Field(max_length=64, examples=["kiemtra02"])
    full_name: str = Field(max_length=100)
    office_code: str = Field(max_length=4, examples=["03CC"])
    role: Literal["official", "admin"] = "official"
    password: Password = None


class PasswordIn(_In):
    password: Password = None


class DisabledIn(_In):
    disabled: bool


class AccountOut(_Out):
    kind: Literal["enterprise", "official"]
    subject: str = Field(description="The tax code of an enterprise, the user name of an official.")
    name: str
    role: Literal["enterprise", "official", "admin"]
    office_code: str
    can_log_in: bool
    disabled: bool
    demo: bool
    created_at: str


class AccountList(_Out):
    items: list[AccountOut]


class AccountChanged(_Out):
    account: AccountOut
    generated_password: str | None = Field(
        description="The generated password, when none was given: shown this once."
    )


def _services(request: Request) -> Any:
    return request.app.state.services


def _check_admin(request: Request, username: str) -> str:
    with _services(request).db.read() as conn:
        role = accounts.official_role(conn, username)
    if role != accounts.ROLE_ADMIN:
        raise Problem(403, FORBIDDEN)
    return username


def admin_router(official_dependency: Any, responses: dict[int | str, dict[str, Any]]) -> APIRouter:
    """The routes, behind *official_dependency* (the API's "logged in as an official")."""
    Official = Annotated[str, Depends(official_dependency)]

    async def admin(request: Request, official: Official) -> str:
        return await run_in_threadpool(_check_admin, request, official)

    Admin = Annotated[str, Depends(admin)]
    router = APIRouter(prefix=ADMIN_PREFIX, tags=["accounts"], responses=responses)

    @router.get("", response_model=AccountList, summary="Officials, then enterprises")
    def list_accounts(
        request: Request,
        _admin: Admin,
        include_simulated: Annotated[bool, Query(alias="all")] = False,
    ) -> dict[str, Any]:
        with _services(request).db.read() as conn:
            rows = accounts.list_accounts(conn, include_simulated=include_simulated)
        return {"items": [r.to_dict() for r in rows]}

    @router.post(
        "/enterprises",
        response_model=AccountChanged,
        status_code=201,
        summary="An enterprise that can log in",
        responses={409: responses[409]},
    )
    def add_enterprise(
        request: Request, _admin: Admin, body: EnterpriseAccountIn
    ) -> dict[str, Any]:
        password, generated = _password(body.password)
        db = _services(request).db
        with _refusals(), db.write() as conn:
            subject = accounts.create_enterprise(conn, body.tax_code, body.name, password)
        return _changed(request, accounts.ENTERPRISE, subject, generated)

    @router.post(
        "/officials",
        response_model=AccountChanged,
        status_code=201,
        summary="A customs official (role admin: also manages accounts)",
        responses={409: responses[409]},
    )
    def add_official(request: Request, _admin: Admin, body: OfficialAccountIn) -> dict[str, Any]:
        password, generated = _password(body.password)
        db = _services(request).db
        with _refusals(), db.write() as conn:
            subject = accounts.create_official(
                conn, body.username, body.full_name, body.office_code, password, role=body.role
            )
        return _changed(request, accounts.OFFICIAL, subject, generated)

    @router.post(
        "/{kind}/{subject}/password",
        response_model=AccountChanged,
        summary="A new password; the account's sessions end",
        responses={404: responses[404]},
    )
    def reset_password(
        request: Request,
        _admin: Admin,
        kind: Literal["enterprise", "official"],
        subject: Annotated[str, Path(max_length=64)],
        body: PasswordIn,
    ) -> dict[str, Any]:
        password, generated = _password(body.password)
        services = _services(request)
        with _refusals(), services.db.write() as conn:
            accounts.set_password(conn, kind, subject, password)
        services.logins.forget(kind, subject)
        return _changed(request, kind, subject, generated)

    @router.post(
        "/{kind}/{subject}/disabled",
        response_model=AccountChanged,
        summary="Disable (no logins, sessions end) or enable again",
        responses={404: responses[404]},
    )
    def set_disabled(
        request: Request,
        admin_name: Admin,
        kind: Literal["enterprise", "official"],
        subject: Annotated[str, Path(max_length=64)],
        body: DisabledIn,
    ) -> dict[str, Any]:
        if kind == accounts.OFFICIAL and subject == admin_name and body.disabled:
            raise Problem(
                409,
                Message(
                    "cannot_disable_self",
                    "Không thể tự khóa tài khoản của chính mình.",
                    "An administrator cannot disable their own account.",
                ),
            )
        with _refusals(), _services(request).db.write() as conn:
            accounts.set_disabled(conn, kind, subject, body.disabled)
        return _changed(request, kind, subject, None)

    return router


def _password(given: str | None) -> tuple[str, str | None]:
    if given is not None:
        return given, None
    generated = accounts.generate_password()
    return generated, generated


class _refusals:
    """The accounts module's refusals as problems."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, ValidationFailed):
            raise Problem(422, INVALID_REQUEST, errors=exc.errors) from None
        if isinstance(exc, accounts.AccountExists):
            raise Problem(409, ACCOUNT_EXISTS) from None
        if isinstance(exc, accounts.NoSuchAccount):
            raise Problem(404, NO_SUCH_ACCOUNT) from None


def _changed(request: Request, kind: str, subject: str, generated: str | None) -> dict[str, Any]:
    with _services(request).db.read() as conn:
        (row,) = accounts.list_accounts(conn, include_simulated=True, only=(kind, subject))
    return {"account": row.to_dict(), "generated_password": generated}
