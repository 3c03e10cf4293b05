"""The console's plumbing between HTTP and the pages: templates, language, session, CSRF, cookies.

Pages are rendered on the server (Jinja2, autoescaped) and work without JavaScript; the
stylesheet is the only static file. Every response carries a strict Content-Security-Policy
(no inline script at all) and is never cached, since pages show personal data (phones, names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
import phonenumbers
from fastapi import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from app.domain.reasons import REASONS
from server.clock import as_utc
from server.console.catalogue import LANGUAGES, STRINGS, Language, translate
from server.console.index import VIETNAM
from server.console.sessions import LANGUAGE_COOKIE, SESSION_COOKIE, Session, Sessions
from server.database import Database

PREFIX = "/console"
TEMPLATES = Path(__file__).parent / "templates"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(slots=True)
class ConsoleSettings:
    #: Working days (Monday to Friday) customs has to answer a low rating.
    due_working_days: int = 5


@dataclass(slots=True)
class Console:
    """What every console route needs, kept on ``app.state.console``."""

    db: Database
    sessions: Sessions
    settings: ConsoleSettings
    templates: jinja2.Environment


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local"] = _local_time
    env.filters["local_date"] = _local_day
    env.filters["phone"] = national_phone
    return env


def national_phone(value: str | None) -> str:
    """``+84912345678`` as an official dials it: ``0912 345 678``."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return as_utc(value).astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def _local_day(value: datetime | None) -> str:
    if value is None:
        return ""
    return as_utc(value).astimezone(VIETNAM).strftime("%d/%m/%Y")


def console_of(request: Request) -> Console:
    return request.app.state.console


def language_of(request: Request) -> Language:
    chosen = request.cookies.get(LANGUAGE_COOKIE, "vi")
    for language in LANGUAGES:
        if chosen == language:
            return language
    return "vi"


def secure_cookies(request: Request) -> bool:
    """Secure cookies unless the server listens on loopback (plain HTTP on one machine)."""
    from server.runtime import is_loopback  # runtime mounts the console: import when used

    server = request.scope.get("server")
    return not (server and is_loopback(str(server[0])))


def set_cookie(
    request: Request, response: Response, name: str, value: str, max_age: int | None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PREFIX,
        httponly=True,
        samesite="strict" if name == SESSION_COOKIE else "lax",
        secure=secure_cookies(request),
    )


def safe_next(target: str | None) -> str:
    """Only a path inside the console: ``next=`` must not send an official to another site."""
    if target and target.startswith(PREFIX + "/") and "\\" not in target and "://" not in target:
        return target
    return f"{PREFIX}/queue"


def current_session(request: Request) -> Session | None:
    return console_of(request).sessions.lookup(request.cookies.get(SESSION_COOKIE))


def login_redirect(request: Request, notice: str = "") -> RedirectResponse:
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    query = {"next": wanted} | ({"notice": notice} if notice else {})
    return RedirectResponse(f"{PREFIX}/login?{urlencode(query)}", status_code=303)


def redirect(path: str, **query: str) -> RedirectResponse:
    suffix = f"?{urlencode(query)}" if query else ""
    return RedirectResponse(f"{PREFIX}{path}{suffix}", status_code=303)


def notice_of(request: Request) -> str:
    """A notice named in the query (after a redirect), only if the catalogue has it."""
    key = request.query_params.get("notice", "")
    return key if key in STRINGS else ""


def format_number(language: Language, value: int) -> str:
    """12.345 in Vietnamese, 12,345 in English (a Python call: cheap per table cell)."""
    text = f"{value:,}"
    return text.replace(",", ".") if language == "vi" else text


def format_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def reasons_text(language: Language, codes: list[str] | None) -> str:
    """The reasons' texts in the page's language; a code this version does not know, as is."""
    texts = []
    for code in codes or ():
        reason = REASONS.get(code)
        texts.append((reason.en if language == "en" else reason.vi) if reason else code)
    return "; ".join(texts)


def _notice_text(request: Request, language: Language) -> str:
    key = notice_of(request)
    if not key:
        return ""
    values = {k: v[:64] for k, v in request.query_params.items() if k != "notice"}
    try:
        return translate(language, key, **values)
    except (KeyError, IndexError):  # a hand-made URL without the notice's values
        return ""


def render(
    request: Request,
    template: str,
    *,
    session: Session | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    console = console_of(request)
    language = language_of(request)

    def t(key: str, **values: object) -> str:
        return translate(language, key, **values)

    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    page = console.templates.get_template(template).render(
        t=t,
        lang=language,
        session=session,
        csrf=session.csrf_token if session else "",
        here=here,
        prefix=PREFIX,
        notice=_notice_text(request, language),
        urlencode=urlencode,
        settings=console.settings,
        reasons_text=lambda codes: reasons_text(language, codes),
        num=lambda value: format_number(language, value),
        pct=format_percent,
        **context,
    )
    return HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)
