"""The intake server in its host program's process: the desktop client's default, and the tests'.

``start_embedded`` returns once the server accepts connections on 127.0.0.1. Nothing here
installs signal handlers or configures the root logger; the server's log lines go to
``<data_dir>/logs/intake-server.log`` (and propagate to whatever the host process set up).

The server runs on threads of its own (uvicorn's, the WAL checkpointer's, the simulator's) and
never touches a Qt object: it cannot import Qt (an import-linter contract), so the only way one
could die on its threads is the cyclic garbage collector running there. A Qt host must therefore
collect on its GUI thread only, as the desktop client does (``ui/gc_policy.py``, installed by
``ui/main.py`` and by the tests' conftest). Its own process was measured as the alternative
(``bench/embedded_server.py``) and costs more start-up, a way to start it from the frozen
bundle, a guard against outliving a killed client and a channel for what tests reach in-process
(the simulator, the database, scenarios).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import sqlalchemy as sa

from app.domain.model import Declaration, DeclarationStatus
from server.accounts import add_enterprise
from server.demo import (
    DEMO_ENTERPRISES,
    DEMO_OFFICIAL_PASSWORD,
    DEMO_OFFICIAL_USERNAME,
    DEMO_PASSWORD,
    DEMO_TAX_CODE,
    DemoEnterprise,
)
from server.logging_setup import attach_log_file, detach
from server.runtime import IntakeRuntime
from server.scenarios import Scenario
from server.schema import declarations
from server.simulator import DEFAULT_SEED, Simulator

#: Seconds between simulator ticks when the desktop client starts the demo server (as for the
#: command line): fast enough that a newcomer sees declarations arrive and clear within minutes.
DEFAULT_PACE = 10.0

#: Where the desktop client's demo server listens when the port is free: the officials' console
#: is then at http://127.0.0.1:8765/console/ (README). Taken, a free port is used instead.
DEMO_PORT = 8765


class EmbeddedServer:
    """A running intake server on 127.0.0.1 and the handles tests and the demo need."""

    demo_tax_code = DEMO_TAX_CODE
    demo_password = DEMO_PASSWORD
    #: Every demo enterprise (a broker's clients and a branch), each with its password.
    demo_enterprises: tuple[DemoEnterprise, ...] = DEMO_ENTERPRISES
    official_username = DEMO_OFFICIAL_USERNAME
    official_password = DEMO_OFFICIAL_PASSWORD

    def __init__(self, runtime: IntakeRuntime, log_handler: logging.Handler):
        self._runtime = runtime
        self._log_handler = log_handler
        self._stopped = False

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``; the same across ``offline`` and back."""
        return self._runtime.url

    @property
    def port(self) -> int:
        return self._runtime.port

    @property
    def data_dir(self) -> Path:
        return self._runtime.data_dir

    @property
    def simulator(self) -> Simulator:
        """``advance(n)``, ``complete_declarations(count)``, ``new_declaration(...)``…"""
        return self._runtime.simulator

    @property
    def scenario(self) -> Scenario:
        return self._runtime.scenario.current

    @property
    def listening(self) -> bool:
        return self._runtime.listening

    @property
    def runtime(self) -> IntakeRuntime:
        return self._runtime

    def set_scenario(self, scenario: Scenario | str, **options: float | int | str) -> Scenario:
        """Switch at once, e.g. ``set_scenario("flaky", errors=1.0, drops=0)``.

        ``offline`` stops listening (connections are refused); any other scenario listens again
        on the same port.
        """
        if isinstance(scenario, str):
            scenario = Scenario(name=scenario, **options)  # type: ignore[arg-type]
        return self._runtime.set_scenario(scenario)

    def complete_declarations(self, count: int, *, tax_code: str | None = None) -> list[str]:
        """Bring *count* declarations of the (demo) enterprise to a completed state now."""
        return self.simulator.complete_declarations(count, tax_code=tax_code)

    def add_enterprise(self, tax_code: str, name: str, password: str) -> None:
        """Another enterprise that can log in (tests of isolation)."""
        with self._runtime.db.write() as conn:
            add_enterprise(conn, tax_code, name, password)

    def adopt_declarations(self, items: Iterable[Declaration]) -> list[str]:
        """Demo only: a profile's own demo declarations become the server's (``--demo-data``)."""
        return self.simulator.adopt(items)

    def declaration_numbers(
        self, *, tax_code: str | None = None, status: DeclarationStatus | None = None
    ) -> list[str]:
        """The enterprise's declaration numbers, in change order (optionally of one status)."""
        d = declarations.c
        query = sa.select(d.number).where(d.tax_code == (tax_code or self.demo_tax_code))
        if status is not None:
            query = query.where(d.status == status.value)
        with self._runtime.db.read() as conn:
            return list(conn.execute(query.order_by(d.change_seq)).scalars())

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        try:
            self._runtime.stop()
        finally:
            detach(self._log_handler)

    def __enter__(self) -> EmbeddedServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_embedded(
    data_dir: Path,
    *,
    port: int = 0,
    scenario: Scenario | str = "normal",
    pace: float | None = DEFAULT_PACE,
    seed: int = DEFAULT_SEED,
    database_url: str | None = None,
    preferred_port: int | None = None,
) -> EmbeddedServer:
    """Start the intake server on 127.0.0.1 (a free port when *port* is 0) and wait for it.

    *pace* None or 0 leaves the simulator still: it moves only when told (``simulator.advance``),
    which is what tests want. *preferred_port*: listen there if it is free, else on a free port
    (the desktop client's demo server, so the officials' console has a URL the README can name).
    """
    handler = attach_log_file(data_dir / "logs")
    try:
        runtime = IntakeRuntime(
            data_dir=data_dir,
            database_url=database_url,
            seed=seed,
            scenario=scenario,
            pace=pace,
        )
    except BaseException:
        detach(handler)
        raise
    try:
        try:
            runtime.start("127.0.0.1", preferred_port or port)
        except OSError:
            if not preferred_port:
                raise
            runtime.start("127.0.0.1", port)  # taken (another server?): any free port
    except BaseException:
        runtime.stop()
        detach(handler)
        raise
    return EmbeddedServer(runtime, handler)
