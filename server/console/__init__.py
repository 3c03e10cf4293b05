"""The officials' web console, served by the intake server itself under ``/console``.

Same process, database and accounts as the API: ``mount_console`` adds its routes and static
files to the API's FastAPI application. The console's tables (``server.console.schema``) join the
server's MetaData when this package is imported, so ``Database.create_schema`` makes them.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from server.console import schema as _schema  # noqa: F401  (registers the console's tables)
from server.console.index import prepare
from server.console.routes import router
from server.console.sessions import Sessions
from server.console.stats_pages import router as stats_router
from server.console.support_pages import router as support_router
from server.console.web import PREFIX, Console, ConsoleSettings, make_environment
from server.database import Database

DUE_DAYS_ENV = "CUSTOMS_CONSOLE_DUE_WORKING_DAYS"
STATIC = os.path.join(os.path.dirname(__file__), "static")


def settings_from_environment() -> ConsoleSettings:
    """``CUSTOMS_CONSOLE_DUE_WORKING_DAYS`` (1–60) sets the answer deadline; 5 otherwise."""
    raw = os.environ.get(DUE_DAYS_ENV, "").strip()
    if raw.isdigit() and 1 <= int(raw) <= 60:
        return ConsoleSettings(due_working_days=int(raw))
    return ConsoleSettings()


def mount_console(api: FastAPI, db: Database, settings: ConsoleSettings | None = None) -> None:
    prepare(db)
    api.state.console = Console(
        db=db,
        sessions=Sessions(db),
        settings=settings or settings_from_environment(),
        templates=make_environment(),
    )
    api.include_router(router)
    api.include_router(stats_router)
    api.include_router(support_router)
    api.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="console-static")
