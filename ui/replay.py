"""Replay an opened bundle: the embedded intake server, seeded with the declarant's own world,
misbehaving the way the diagnosis says, and the bundle's outbox running against it.

One action (*Hỗ trợ → Phát lại*, or the button in the support view) does it, off the GUI thread:

1. a copy of the bundle's store for the replay (``prepare_replay_copy``): whatever the declarant
   had no receipt for is queued again under its own key; the bundle's file is not written;
2. a fresh intake data dir seeded with the declarant's enterprise and declarations (the same
   numbers, statuses and targets; ``server.replay_seed``) and a password made up for this run;
3. the embedded server on it, still (``pace=0``), under the scenario chosen (the diagnosis's
   by default, with its options: the Retry-After, the delay past the declarant's read timeout);
4. the window moves onto the replay's copy and the session syncs against that server with the
   declarant's tax code (and read timeout), so the status bar and the outbox show what the
   declarant saw.

Choosing another scenario (``normal`` to see the sheets delivered) switches the running server,
puts back in the queue what it refused, and asks for a pass at once. Nothing reaches any real
server: the session only ever gets this loopback server's address.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.store import Store
from app.store.bundle_copy import (
    BundleStore,
    declarations_of,
    prepare_replay_copy,
    requeue_for_replay,
)
from ui.background import BackgroundRunner

if TYPE_CHECKING:
    from server.embedded import EmbeddedServer
    from ui.bundle_view import BundleView

log = logging.getLogger(__name__)

REPLAY_DIR = "replay"


@dataclass(frozen=True)
class Prepared:
    server: EmbeddedServer
    store_copy: Path
    password: str  # the first enterprise's (the one the bundle is of)
    declarations: int
    seconds: float
    #: Each enterprise's password for this run, by tax code: a broker's bundle holds several.
    passwords: dict[str, str]


def prepare(
    source: Path,
    folder: Path,
    tax_code: str,
    name: str,
    scenario: str,
    enterprises: tuple[tuple[str, str], ...] = (),
) -> Prepared:
    """Steps 1–3, on a worker thread: the replay's copy, the seeded data dir, the server up.

    *enterprises* (tax code, name) are those of a broker's bundle: the server knows each, with
    its own declarations and a password of its own, so each syncs with its own credentials.
    """
    from server.embedded import start_embedded
    from server.replay_seed import ReplayEnterprise, seed_replay_enterprises
    from server.scenarios import Scenario

    began = time.monotonic()
    chosen = Scenario.parse(scenario)  # a bad spec fails before anything is made
    folder.mkdir(parents=True, exist_ok=True)
    run = folder / f"run-{len(list(folder.iterdir())) + 1}"
    run.mkdir()
    store_copy = run / "store.sqlite3"
    prepare_replay_copy(source, store_copy)
    wanted = dict(enterprises) if enterprises else {tax_code: name}
    wanted.setdefault(tax_code, name)
    passwords = {code: secrets.token_urlsafe(18) for code in wanted}
    copy = Store.attach(store_copy)
    try:
        worlds = [
            ReplayEnterprise(
                code, wanted[code] or code, passwords[code], declarations_of(copy, code)
            )
            for code in wanted
        ]
    finally:
        copy.close()
    count = seed_replay_enterprises(run / "intake-server", worlds)
    server = start_embedded(run / "intake-server", scenario=chosen, pace=0)
    return Prepared(
        server, store_copy, passwords[tax_code], count, time.monotonic() - began, passwords
    )


class ReplayController(QObject):
    """Owns one replay of the bundle the window shows."""

    #: The replay is running (the server answers under its scenario); carries ``Prepared``.
    started = Signal(object)
    #: Could not start: what to tell the user.
    failed = Signal(str)
    #: The scenario in force changed (its spec).
    scenario_changed = Signal(str)

    def __init__(self, view: BundleView):
        super().__init__(view)
        self.view = view
        self._runner = BackgroundRunner(self)
        self.prepared: Prepared | None = None
        self.scenario = ""
        self.starting = False

    @property
    def running(self) -> bool:
        return self.prepared is not None

    def start(self, scenario: str) -> bool:
        """Begin the replay under *scenario*; False if one is running or starting already."""
        facts = self.view.facts
        if self.running or self.starting:
            return False
        if not facts.tax_code:
            self.failed.emit(
                self.tr(
                    "Gói hỗ trợ không cho biết mã số thuế của doanh nghiệp: không phát lại được."
                )
            )
            return False
        self.starting = True
        self.scenario = scenario
        store = self.view.window.store
        source = store.path
        folder = self.view.profile_root / REPLAY_DIR
        log.info("replaying bundle %s under %s", facts.bundle_name, scenario)
        self._runner.submit(
            lambda: prepare(
                source, folder, facts.tax_code, facts.enterprise_name, scenario, facts.enterprises
            ),
            self._ready,
            self._not_started,
        )
        return True

    def _ready(self, prepared: Prepared) -> None:
        self.starting = False
        window = self.view.window
        store = window.store
        if not isinstance(store, BundleStore):  # the view is only ever built on one
            prepared.server.stop()
            self.failed.emit(self.tr("Cửa sổ không mở gói hỗ trợ."))
            return
        self.prepared = prepared
        store.replay_in(prepared.store_copy)
        window.store_events.notify()
        timeout = self.view.timeline.diagnosis.read_timeout
        # Every enterprise of the bundle logs in with its own password, one sync each.
        for tax_code, password in prepared.passwords.items():
            self.view.session.start_replay(
                prepared.server,
                tax_code,
                password,
                timeout=(5.0, timeout) if timeout else None,
            )
        log.info(
            "replay running on %s (%d declarations, ready in %.2f s)",
            prepared.server.url,
            prepared.declarations,
            prepared.seconds,
        )
        self.started.emit(prepared)
        self.scenario_changed.emit(self.scenario)

    def _not_started(self, error: Exception) -> None:
        self.starting = False
        log.error("replay did not start: %r", error)
        self.failed.emit(
            self.tr("Không phát lại được ({error}); chi tiết đã được ghi vào nhật ký.").format(
                error=f"{type(error).__name__}: {error}"
            )
        )

    def switch(self, scenario: str) -> None:
        """Make the running server behave another way, send again what it refused, sync now."""
        from server.scenarios import Scenario

        if self.prepared is None:
            return
        self.prepared.server.set_scenario(Scenario.parse(scenario))
        self.scenario = scenario
        requeued = requeue_for_replay(self.view.window.store)
        log.info("replay scenario now %s; %d item(s) queued again", scenario, requeued)
        self.view.session.sync_now()
        self.scenario_changed.emit(scenario)

    def shutdown(self) -> None:
        self._runner.shutdown()
        # The session stops the server (it holds it as its own) when the window closes.
