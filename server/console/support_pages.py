"""The support desk in the console: the queue of questions with their screenshots, and answers.

Reads and writes through ``server.support`` like the CLI's ``support list / answer``: an answer
becomes searchable for declarants (``GET /api/v1/support-requests``) the moment it is stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from app.domain.validation import ValidationFailed
from server import support
from server.console.routes import checked_form, csrf_refused, session_or_redirect
from server.console.sessions import Session
from server.console.web import PREFIX, SECURITY_HEADERS, console_of, language_of, redirect, render
from server.problems import Problem
from server.schema import support_requests

router = APIRouter(prefix=PREFIX, include_in_schema=False)
LIST_LIMIT = 200
IMAGE_TYPES = {"image/png", "image/jpeg"}


def _items(request: Request, state: str) -> list[dict[str, Any]]:
    with console_of(request).db.read() as conn:
        items = support.list_for_officials(conn, state, LIST_LIMIT)
    for item in items:
        item["received_at"] = datetime.fromisoformat(item["received_at"])
        if item["answered_at"]:
            item["answered_at"] = datetime.fromisoformat(item["answered_at"])
    return items


async def _page(
    request: Request,
    session: Session,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    state = "answered" if request.query_params.get("state") == "answered" else "open"
    items = await run_in_threadpool(_items, request, state)
    return render(
        request,
        "support.html",
        session=session,
        status=status,
        state=state,
        items=items,
        errors=errors or {},
        typed=typed or {},
    )


@router.get("/support")
async def support_page(request: Request) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found
    return await _page(request, found)


@router.get("/support/{request_id}/screenshot")
async def screenshot(request: Request, request_id: str) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found

    def load() -> Any:
        s = support_requests.c
        with console_of(request).db.read() as conn:
            return conn.execute(
                sa.select(s.screenshot, s.screenshot_type).where(s.request_id == request_id)
            ).first()

    row = await run_in_threadpool(load)
    if row is None or row.screenshot is None or row.screenshot_type not in IMAGE_TYPES:
        return Response(status_code=404, headers=SECURITY_HEADERS)
    return Response(bytes(row.screenshot), media_type=row.screenshot_type, headers=SECURITY_HEADERS)


@router.post("/support/{request_id}/answer")
async def answer(request: Request, request_id: str) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found
    form = await checked_form(request, found)
    if form is None:
        return csrf_refused(request, found)
    text = str(form.get("answer", ""))
    db = console_of(request).db
    language = language_of(request)
    try:
        await run_in_threadpool(support.answer, db, request_id, text, found.username)
    except ValidationFailed as failed:
        message = " ".join(error.message.text(language) for error in failed.errors)
        return await _page(
            request, found, status=422, errors={request_id: message}, typed={request_id: text}
        )
    except Problem as problem:
        return await _page(
            request,
            found,
            status=problem.status,
            errors={request_id: problem.message.text(language)},
            typed={request_id: text},
        )
    return redirect("/support", notice="support_sent", id=request_id)
