"""One running intake server: database, simulator, scenario, and a listener that can go away.

Both the command line and the embedded (in-process) server are an ``IntakeRuntime``. uvicorn
runs on a background thread on a socket we bind ourselves, which gives three things: the port is
known (and accepting) before uvicorn has started; ``offline`` can close the listener and a later
scenario can listen again on the same port; and nothing touches the process's signal handlers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
from pathlib import Path

import uvicorn

from server.api import Services, asgi_stack, build_api
from server.console import mount_console
from server.database import Database
from server.ingest import SheetIntake
from server.limits import TOKEN_TTL
from server.login import LoginGate, SessionCheck
from server.scenarios import Scenario, ScenarioState
from server.simulator import DEFAULT_SEED, Pacer, Simulator
from server.tokens import TokenSigner

log = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


class _Uvicorn(uvicorn.Server):
    """uvicorn that says when it is serving."""

    def __init__(self, config: uvicorn.Config):
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        await super().startup(sockets)
        self.ready.set()

    async def main_loop(self) -> None:
        """uvicorn's loop, but woken at once by ``request_exit`` instead of polling 10×/s."""
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    def request_exit(self) -> None:
        self.should_exit = True
        loop = getattr(self, "_loop", None)
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop may close meanwhile
                loop.call_soon_threadsafe(self._wake.set)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on *port* (0: a free one)."""
    sock = reserve(host, port)
    try:
        sock.listen(256)
    except OSError:
        sock.close()
        raise
    return sock


def reserve(host: str, port: int) -> socket.socket:
    """A socket bound to *port* that does not listen: connections are refused, as offline must
    be, and no other program can take the port meanwhile (raises OSError if one holds it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
    # and without it every keep-alive reply waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if os.name != "nt":
            # Listen again on the port of a listener just closed (its connections may still be
            # in TIME_WAIT). On Windows this option would let another process steal the port.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class Listener:
    """uvicorn serving *app* on one socket in a daemon thread."""

    def __init__(self, app: object, host: str, port: int):
        # Our middleware writes the access line (with the request id); uvicorn's own would be a
        # second, id-less one, and uvicorn writes it whenever any handler up the tree exists.
        logging.getLogger("uvicorn.access").disabled = True
        self.sock = bind(host, port)
        self.port: int = self.sock.getsockname()[1]
        config = uvicorn.Config(
            app,  # type: ignore[arg-type]
            lifespan="off",
            log_config=None,
            access_log=False,  # the request-context middleware writes one line per request
            proxy_headers=False,
            server_header=False,
            timeout_keep_alive=5,
            timeout_graceful_shutdown=2,
            loop="asyncio",
            http="h11",
        )
        self.server = _Uvicorn(config)
        self.thread = threading.Thread(
            target=self._run, name=f"intake-http-{self.port}", daemon=True
        )

    def _run(self) -> None:
        try:
            asyncio.run(self.server.serve(sockets=[self.sock]))
        except BaseException:  # keep the thread's death visible, never silent
            log.exception("the HTTP listener stopped with an error")
        finally:
            self.server.ready.set()

    def start(self, timeout: float = 15) -> None:
        self.thread.start()
        if not self.server.ready.wait(timeout) or not self.server.started:
            self.stop()
            raise RuntimeError("the intake server did not start")

    def stop(self) -> None:
        self.server.request_exit()
        if self.thread.is_alive():
            self.thread.join(timeout=15)
        self.sock.close()


class IntakeRuntime:
    def __init__(
        self,
        *,
        data_dir: Path,
        database_url: str | None = None,
        seed: int = DEFAULT_SEED,
        scenario: Scenario | str = "normal",
        pace: float | None = None,
    ):
        self.data_dir = data_dir
        self.db = Database(database_url) if database_url else Database.for_data_dir(data_dir)
        try:
            self.db.create_schema()
            self.db.start_checkpointer()
            self.simulator = Simulator(self.db, seed=seed)
            self.simulator.ensure_seeded()
            self.scenario = ScenarioState(_scenario(scenario))
            self.services = Services(
                db=self.db,
                tokens=TokenSigner(self.db.secret("token_secret"), TOKEN_TTL),
                scenario=self.scenario,
                intake=SheetIntake(self.db),
                logins=LoginGate(self.db),
                sessions=SessionCheck(self.db),
            )
        except BaseException:
            self.db.dispose()
            raise
        self.api = build_api()
        mount_console(self.api, self.db)
        self.app = asgi_stack(self.api, self.services)
        self.pace = pace
        self.host = "127.0.0.1"
        self.port = 0
        self._listener: Listener | None = None
        #: While offline: the port held, not listening (``reserve``).
        self._reserved: socket.socket | None = None
        self._pacer: Pacer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        with self._lock:
            self.host = host
            if self.scenario.current.name == "offline":
                # Hold the port now, so "back online" later listens where clients expect it,
                # and a port another server listens on is refused here as it is when online
                # (the desktop client then takes a free one instead of syncing with that one).
                self._reserve(port)
            else:
                self._listen(port)
            if self.pace:
                self._pacer = Pacer(self.simulator, self.pace)
                self._pacer.start()

    def _reserve(self, port: int) -> None:
        self._reserved = reserve(self.host, port)
        self.port = self._reserved.getsockname()[1]

    def _release(self) -> None:
        if self._reserved is not None:
            self._reserved.close()
            self._reserved = None

    def _listen(self, port: int) -> None:
        self._release()
        listener = Listener(self.app, self.host, port)
        listener.start()
        self._listener = listener
        self.port = listener.port
        log.info("listening on %s", self.url)

    def set_scenario(self, scenario: Scenario | str) -> Scenario:
        """Switch now; ``offline`` closes the listener, leaving it listens again (same port)."""
        chosen = _scenario(scenario)
        with self._lock:
            self.scenario.set(chosen)
            if chosen.name == "offline" and self._listener is not None:
                self._listener.stop()
                self._listener = None
                self._reserve(self.port)
                log.info("offline: stopped listening on port %s", self.port)
            elif chosen.name != "offline" and self._listener is None and self.port:
                self._listen(self.port)
        return chosen

    def stop(self) -> None:
        with self._lock:
            if self._pacer is not None:
                self._pacer.stop()
                self._pacer = None
            if self._listener is not None:
                self._listener.stop()
                self._listener = None
            self._release()
            self.services.pinger.shutdown(wait=False, cancel_futures=True)
            self.db.dispose()


def _scenario(value: Scenario | str) -> Scenario:
    return value if isinstance(value, Scenario) else Scenario.parse(value)
