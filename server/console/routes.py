"""The console's pages: log-in, the verification queue and a case.

Every state-changing request is a POST carrying the session's CSRF token and answers with a
303 redirect (so a reload never sends a form twice); a form with a mistake comes back with what
was typed and the message saying what to do. Database work runs on the thread pool.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from app.domain.validation import ValidationFailed
from server import accounts, review
from server.console import cases
from server.console.catalogue import translate
from server.console.index import catch_up
from server.console.sessions import (
    LANGUAGE_COOKIE,
    LOGIN_COOKIE,
    LOGIN_FORM_TTL,
    SESSION_COOKIE,
    SESSION_TTL,
    Session,
    csrf_valid,
)
from server.console.web import (
    PREFIX,
    console_of,
    current_session,
    language_of,
    login_redirect,
    redirect,
    render,
    safe_next,
    set_cookie,
)
from server.login import LOGIN_BUSY, LoginBusy, LoginThrottled, throttled_message
from server.problems import Problem

router = APIRouter(prefix=PREFIX, include_in_schema=False)


async def session_or_redirect(request: Request) -> Session | RedirectResponse:
    session = await run_in_threadpool(current_session, request)
    if session is None:
        notice = "session_expired" if SESSION_COOKIE in request.cookies else ""
        return login_redirect(request, notice)
    return session


async def checked_form(request: Request, session: Session) -> FormData | None:
    form = await request.form()
    return form if csrf_valid(session, str(form.get("csrf", ""))) else None


def csrf_refused(request: Request, session: Session) -> Response:
    return render(request, "message.html", session=session, status=403, message_key="csrf_failed")


# -- log-in, log-out, language -------------------------------------------------------------------


@router.get("")
@router.get("/")
async def home() -> Response:
    return redirect("/queue")


def _login_page(
    request: Request,
    *,
    status: int = 200,
    error: str = "",
    error_text: str = "",
    username: str = "",
) -> Response:
    sessions = console_of(request).sessions
    cookie, token = sessions.new_login_nonce()
    response = render(
        request,
        "login.html",
        session=None,
        status=status,
        error_text=error_text or (_t(request, error) if error else ""),
        username=username,
        login_token=token,
        next_path=safe_next(request.query_params.get("next")),
    )
    set_cookie(request, response, LOGIN_COOKIE, cookie, int(LOGIN_FORM_TTL.total_seconds()))
    return response


@router.get("/login")
async def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))[:256]
    console = console_of(request)
    if not console.sessions.login_token_valid(
        request.cookies.get(LOGIN_COOKIE), str(form.get("csrf", ""))
    ):
        return _login_page(request, status=403, error="login_expired_form", username=username)

    # The server's one login path: its throttle (per account and per address) and its bound on
    # concurrent password checks hold for the console as for the API.
    gate = request.app.state.services.logins
    address = request.client.host if request.client else ""
    refusal: tuple[int, str, int] | None = None
    try:
        account = await run_in_threadpool(
            gate.login, accounts.OFFICIAL, username, password, address
        )
    except LoginThrottled as throttled:
        message = throttled_message(throttled.retry_after)
        refusal = (429, message.text(language_of(request)), throttled.retry_after)
    except LoginBusy as busy:
        refusal = (503, LOGIN_BUSY.text(language_of(request)), busy.retry_after)
    if refusal is not None:
        status, text, retry_after = refusal
        response = _login_page(request, status=status, error_text=text, username=username)
        response.headers["Retry-After"] = str(retry_after)
        return response
    if account is None:
        return _login_page(request, status=401, error="login_failed", username=username)
    cookie = await run_in_threadpool(console.sessions.create, account.subject)
    response = RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)
    set_cookie(request, response, SESSION_COOKIE, cookie, int(SESSION_TTL.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found
    if await checked_form(request, found) is None:
        return csrf_refused(request, found)
    await run_in_threadpool(
        console_of(request).sessions.delete, request.cookies.get(SESSION_COOKIE)
    )
    response = redirect("/login", notice="logged_out")
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


@router.get("/language/{language}")
async def switch_language(request: Request, language: str) -> Response:
    """A link, not a form: it changes only how pages read, nothing an attacker could misuse."""
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if language in ("vi", "en"):
        set_cookie(request, response, LANGUAGE_COOKIE, language, 365 * 24 * 3600)
    return response


# -- the verification queue and a case -----------------------------------------------------------


@router.get("/queue")
async def queue_page(request: Request) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found
    console = console_of(request)
    filters = cases.QueueFilters.from_query(dict(request.query_params))

    def load() -> cases.QueuePage:
        catch_up(console.db, console.settings.due_working_days)
        with console.db.read() as conn:
            return cases.queue(conn, filters)

    page = await run_in_threadpool(load)
    return render(request, "queue.html", session=found, filters=filters, page=page)


async def _case_page(
    request: Request,
    session: Session,
    receipt_id: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    console = console_of(request)

    def load() -> cases.Case | None:
        catch_up(console.db, console.settings.due_working_days)
        with console.db.read() as conn:
            return cases.find(conn, receipt_id)

    case = await run_in_threadpool(load)
    if case is None:
        return render(
            request, "message.html", session=session, status=404, message_key="case_not_found"
        )
    return render(
        request,
        "case.html",
        session=session,
        status=status,
        case=case,
        results=review.RESULT_LABELS,
        errors=errors or {},
        typed=typed or {},
        back=safe_next(request.query_params.get("back")),
    )


@router.get("/cases/{receipt_id}")
async def case_page(request: Request, receipt_id: str) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found
    return await _case_page(request, found, receipt_id)


@router.post("/cases/{receipt_id}/{action}")
async def case_action(request: Request, receipt_id: str, action: str) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found
    form = await checked_form(request, found)
    if form is None:
        return csrf_refused(request, found)
    db = console_of(request).db
    here = f"/cases/{receipt_id}"
    if action == "assign":
        done = await run_in_threadpool(cases.assign, db, receipt_id, found.username)
        return redirect(here, notice="assigned_ok") if done else _not_found(request, found)
    if action == "note":
        note = str(form.get("handling_note", ""))
        if len(note) > cases.NOTE_MAX:
            return await _case_page(
                request,
                found,
                receipt_id,
                status=422,
                errors={"handling_note": _t(request, "note_too_long", limit=cases.NOTE_MAX)},
                typed={"handling_note": note},
            )
        done = await run_in_threadpool(cases.save_note, db, receipt_id, found.username, note)
        return redirect(here, notice="note_saved") if done else _not_found(request, found)
    if action == "reopen":
        done = await run_in_threadpool(cases.reopen, db, receipt_id, found.username)
        if not done:
            return await _case_page(
                request,
                found,
                receipt_id,
                status=409,
                errors={"reopen": _t(request, "not_answered_yet")},
            )
        return redirect(here, notice="reopened_ok")
    if action == "answer":
        return await _answer(request, found, form, receipt_id)
    if action == "close":
        note = str(form.get("closure_note", "")).strip()
        problem = "close_note_required" if not note else ""
        if len(note) > cases.NOTE_MAX:
            problem = "note_too_long"
        if not problem:
            refused = await run_in_threadpool(cases.close, db, receipt_id, found.username, note)
            problem = refused or ""
        if problem:
            status = 409 if problem == "not_reopened" else 422
            return await _case_page(
                request,
                found,
                receipt_id,
                status=status,
                errors={"close": _t(request, problem, limit=cases.NOTE_MAX)},
                typed={"closure_note": note},
            )
        return redirect(here, notice="closed_ok")
    return _not_found(request, found)


async def _answer(request: Request, session: Session, form: FormData, receipt_id: str) -> Response:
    result = str(form.get("result", ""))
    content = str(form.get("content", ""))
    typed = {"result": result, "content": content}
    if result not in review.RESULT_LABELS:
        return await _case_page(
            request,
            session,
            receipt_id,
            status=422,
            errors={"result": _t(request, "result_required")},
            typed=typed,
        )
    db = console_of(request).db
    try:
        await run_in_threadpool(review.respond, db, receipt_id, result, content, session.username)
    except ValidationFailed as failed:
        language = language_of(request)
        messages = {error.field: error.message.text(language) for error in failed.errors}
        return await _case_page(
            request, session, receipt_id, status=422, errors=messages, typed=typed
        )
    except Problem as problem:
        if problem.status == 404:
            return _not_found(request, session)
        message = problem.message.text(language_of(request))
        return await _case_page(
            request, session, receipt_id, status=problem.status, errors={"answer": message}
        )
    return redirect("/queue", notice="answer_sent", receipt=receipt_id)


def _not_found(request: Request, session: Session) -> Response:
    return render(
        request, "message.html", session=session, status=404, message_key="case_not_found"
    )


def _t(request: Request, key: str, **values: object) -> str:
    return translate(language_of(request), key, **values)
