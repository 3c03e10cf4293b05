"""Several worker processes on one database: ``customs-rating-intake --workers N``.

The way a department outgrows one process. The parent prepares the database (migrations, the
demo world), then runs uvicorn's supervisor, which binds the port once and starts N worker
processes that share it (a worker that dies is replaced); each worker builds the API with
``create_app`` (uvicorn's app factory). What must happen once happens in the parent only: the
simulator's steps and SQLite's WAL checkpoints. Everything the workers must agree on lives in
the database (idempotency, lockouts, accounts) or comes from the configuration the parent hands
down in the environment:

- ``INTAKE_DATABASE_URL``: the database (PostgreSQL for real use; SQLite works too, WAL lets
  the processes share the file);
- ``INTAKE_TOKEN_SECRET``: the token signing key, 64+ hex digits. Set it yourself to share one
  key between several servers behind a load balancer; otherwise the key kept in the database is
  used, which every worker on that database reads alike;
- ``INTAKE_SCENARIO``: the scenario, fixed for the run (there is no console to switch it).

The same works without our command line, e.g.
``INTAKE_DATABASE_URL=postgresql://… uvicorn --factory server.workers:create_app --workers 4``
after ``customs-rating-intake db upgrade`` (then nothing runs the simulator, as it should be on
a real intake server).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import re
import socket
from pathlib import Path
from typing import Any

from server.api import Services, asgi_stack, build_api
from server.database import Database
from server.ingest import SheetIntake
from server.limits import TOKEN_TTL
from server.login import LoginGate, SessionCheck
from server.scenarios import Scenario, ScenarioState
from server.tokens import TokenSigner

ENV_DATABASE_URL = "INTAKE_DATABASE_URL"
ENV_TOKEN_SECRET = "INTAKE_TOKEN_SECRET"
ENV_SCENARIO = "INTAKE_SCENARIO"
ENV_LOG_DIR = "INTAKE_LOG_DIR"
_HEX_KEY = re.compile(r"^[0-9a-fA-F]{64,}$")

log = logging.getLogger(__name__)


class BadConfiguration(ValueError):
    pass


def token_secret(db: Database) -> str:
    """The configured signing key, or the one kept in the database."""
    configured = os.environ.get(ENV_TOKEN_SECRET, "").strip()
    if configured:
        if not _HEX_KEY.fullmatch(configured) or len(configured) % 2:
            raise BadConfiguration(
                f"{ENV_TOKEN_SECRET} must be at least 64 hexadecimal digits (an even number)"
            )
        return configured
    return db.secret("token_secret")


def create_app() -> Any:
    """One worker's application (uvicorn calls it in each worker process)."""
    from server import migrate
    from server.logging_setup import attach_console, attach_shared_log_file

    attach_console()
    if os.environ.get(ENV_LOG_DIR):
        attach_shared_log_file(Path(os.environ[ENV_LOG_DIR]))
    url = os.environ.get(ENV_DATABASE_URL, "")
    if not url:
        raise BadConfiguration(f"{ENV_DATABASE_URL} is not set")
    db = Database(url)
    with db.read() as conn:
        revision = migrate.current_revision(conn)
    if revision != migrate.HEAD:
        db.dispose()
        raise BadConfiguration(
            f"the database schema is at {revision or 'nothing'}, not {migrate.HEAD}: "
            "run customs-rating-intake db upgrade first"
        )
    services = Services(
        db=db,
        tokens=TokenSigner(token_secret(db), TOKEN_TTL),
        scenario=ScenarioState(Scenario.parse(os.environ.get(ENV_SCENARIO) or "normal")),
        intake=SheetIntake(db),
        logins=LoginGate(db),
        sessions=SessionCheck(db),
    )
    log.info("worker %s serving %s", os.getpid(), db.safe_url)
    return asgi_stack(build_api(), services)


def serve(
    *,
    host: str,
    port: int,
    workers: int,
    database_url: str,
    data_dir: Path,
    scenario: str,
    seed: int,
    pace: float | None,
) -> int:
    """Prepare the database, run the simulator here, and the API in *workers* processes.

    *scenario* is a spec as ``Scenario.parse`` reads it (checked by the caller).
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from server.simulator import Pacer, Simulator

    db = Database(database_url)
    pacer: Pacer | None = None
    try:
        db.create_schema()
        simulator = Simulator(db, seed=seed)
        simulator.ensure_seeded()
        os.environ[ENV_TOKEN_SECRET] = token_secret(db)
        os.environ[ENV_DATABASE_URL] = database_url
        os.environ[ENV_SCENARIO] = scenario
        os.environ[ENV_LOG_DIR] = str(data_dir / "logs")
        db.start_checkpointer()
        if pace:
            pacer = Pacer(simulator, pace)
            pacer.start()
        logging.getLogger("uvicorn.access").disabled = True
        config = uvicorn.Config(
            "server.workers:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            lifespan="off",
            log_config=None,
            access_log=False,
            proxy_headers=False,
            server_header=False,
            timeout_keep_alive=5,
            timeout_graceful_shutdown=5,
            loop="asyncio",
            http="h11",
        )
        # uvicorn.run's multi-process path, with one thing more: TCP_NODELAY on the listening
        # socket, which the accepted connections inherit (Linux). uvicorn's socket does not say
        # it is TCP, so asyncio never sets it, and every keep-alive reply would wait ~40 ms for
        # the client's delayed ACK (see server.runtime.bind).
        sock = config.bind_socket()
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            Multiprocess(config, sockets=[sock]).run()
        finally:
            sock.close()
    finally:
        if pacer is not None:
            pacer.stop()
        db.dispose()
    return 0
