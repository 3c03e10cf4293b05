"""Test-wide isolation: offscreen Qt, an in-memory keyring, a throwaway profile per test, and the
program's garbage-collection policy (cycles freed on the GUI thread only).

These are set before anything imports Qt or keyring, so no test can reach the real display, the
real credential store or the real user's data directory.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Belt and braces: even code that bypasses the profile switch lands in a temporary home.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="customs-rating-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_SESSION_HOME / _var.lower())

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402
import pytest  # noqa: E402

from app.paths import PROFILE_ENV, Paths, resolve_paths  # noqa: E402

if TYPE_CHECKING:
    from server.embedded import EmbeddedServer
    from ui.gc_policy import GuiThreadCollector


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Stands in for the Windows credential store, which a headless Linux machine lacks."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


#: The stress test (tests/ui/test_gc_stress.py) runs GUI tests in a subprocess with these set, e.g.
#: ``1,1,1`` and ``20``: a collection due on nearly every tick, and a tick every 20 ms.
GC_THRESHOLD_ENV = "CUSTOMS_RATING_TEST_GC_THRESHOLD"
GC_INTERVAL_ENV = "CUSTOMS_RATING_TEST_GC_INTERVAL_MS"


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp) -> Iterator[GuiThreadCollector]:
    """The program's garbage-collection policy (ui/gc_policy.py) for the whole run.

    Automatic collection is off; cycles are collected on the main (GUI) thread only, by the
    policy's timer while a test waits on the event loop, and after every test (below). So the
    collector never runs on a sync worker or an intake-server thread.
    """
    from ui.gc_policy import INTERVAL_MS, install_gc_policy

    collector = install_gc_policy(qapp, int(os.environ.get(GC_INTERVAL_ENV) or INTERVAL_MS))
    previous = gc.get_threshold()
    if os.environ.get(GC_THRESHOLD_ENV):
        gc.set_threshold(*(int(part) for part in os.environ[GC_THRESHOLD_ENV].split(",")))
    yield collector
    gc.set_threshold(*previous)
    collector.uninstall()


@pytest.fixture(autouse=True)
def _collect_after_each_test(gui_thread_gc: GuiThreadCollector) -> Iterator[None]:
    """Tests that never spin the event loop still get their cycles collected, on this thread."""
    seen = len(gui_thread_gc.off_thread)
    yield
    gui_thread_gc.collect_due()
    stray = gui_thread_gc.off_thread[seen:]
    assert not stray, f"garbage collection ran off the GUI thread, on: {sorted(set(stray))}"


@pytest.fixture(autouse=True)
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """Every path the client uses points into this test's temporary profile."""
    root = tmp_path / "profile"
    monkeypatch.setenv(PROFILE_ENV, str(root))
    return resolve_paths().ensure()


# -- markers -------------------------------------------------------------------------------------

#: How a test reaches a real intake server over loopback: it starts one in-process, or as the
#: ``customs-rating-intake`` process. A test is marked ``integration`` when its own code or any
#: fixture it uses (directly or through other fixtures) does either, so a new fixture that starts a
#: server marks its tests without anyone listing them; ``intake_server_in(`` is how the fixtures
#: here start one. (``gui``: tests/ui/conftest.py.)
SERVER_STARTS = ("start_embedded(", "intake_server_in(", '"server.main"')


@cache
def _starts_a_server(function: Callable[..., object]) -> bool:
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    return any(start in source for start in SERVER_STARTS)


def _uses_a_server(item: pytest.Item) -> bool:
    functions = [getattr(item, "function", None)]
    # The resolved fixture closure: pytest has no public accessor for the definitions behind
    # item.fixturenames (it is pinned in constraints.txt; tests/test_markers.py would notice).
    info = getattr(item, "_fixtureinfo", None)
    if info is not None:
        functions += [d.func for defs in info.name2fixturedefs.values() for d in defs]
    return any(f is not None and _starts_a_server(f) for f in functions)


#: Tests that take more than a few seconds (3 s or more on an idle 2-core machine, from
#: ``pytest --durations=40``) in files their owners are reworking, so marked ``slow`` here rather
#: than there; with the time limit each needs where pytest's 120 s is not enough. The 10,000-sheet
#: tests take 11-18 s alone, about twice that under coverage, and one ran past 120 s while other
#: jobs loaded the machine: 600 s. A name here that no longer exists stops the run, so the list
#: cannot rot quietly when a test is renamed or moved (then move its line too).
SLOW: dict[str, int | None] = {
    "tests/app/sync/test_faults.py::"
    "test_ten_thousand_sheets_queued_offline_are_all_delivered_exactly_once": 600,
    "tests/ui/test_sync_responsive.py::"
    "test_ten_thousand_sheets_leave_while_the_gui_thread_keeps_running": 600,
    "tests/ui/test_start_failures.py::test_a_store_another_program_holds_is_a_message": None,
    "tests/app/store/test_damage.py::"
    "test_a_store_locked_by_another_program_is_refused_with_what_to_do": None,
    "tests/ui/test_sync_reconnect.py::"
    "test_a_server_back_after_the_back_off_ran_out_is_used_within_the_probe_interval": None,
    "tests/ui/test_sync_reconnect.py::"
    "test_a_server_that_asked_to_wait_is_not_probed_before_its_retry_after": None,
    "tests/app/sync/test_faults.py::test_one_sender_at_a_time": None,
}


def _stale_slow_entries(rootpath: Path, nodeids: Iterable[str]) -> list[str]:
    """Entries of SLOW whose file is gone, or whose file was collected without that test."""
    collected = {nodeid.split("[")[0] for nodeid in nodeids}
    files = {nodeid.split("::")[0] for nodeid in collected}
    stale = []
    for nodeid in SLOW:
        path = nodeid.split("::")[0]
        if not (rootpath / path).exists() or (path in files and nodeid not in collected):
            stale.append(nodeid)
    return stale


@pytest.hookimpl(tryfirst=True)  # before -m selects by the markers set here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    stale = _stale_slow_entries(config.rootpath, (item.nodeid for item in items))
    if stale:
        raise pytest.UsageError(
            "tests/conftest.py SLOW names tests that do not exist: " + ", ".join(stale)
        )
    for item in items:
        if _uses_a_server(item):
            item.add_marker(pytest.mark.integration)
        name = item.nodeid.split("[")[0]
        if name in SLOW:
            item.add_marker(pytest.mark.slow)
            if SLOW[name] is not None:
                item.add_marker(pytest.mark.timeout(SLOW[name]))


# -- the intake server -----------------------------------------------------------------------------

#: Run the server tests on PostgreSQL instead of SQLite files, e.g.
#: ``INTAKE_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres`` (a database the user
#: may create databases from); each test then gets a database copied from a seeded template.
INTAKE_TEST_DATABASE_URL = os.environ.get("INTAKE_TEST_DATABASE_URL", "")


@pytest.fixture(scope="session")
def intake_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded SQLite intake database, made once; each server starts from a copy of it."""
    from server.runtime import IntakeRuntime

    data_dir = tmp_path_factory.mktemp("intake-template")
    IntakeRuntime(data_dir=data_dir).stop()
    return data_dir / "intake.sqlite3"


@pytest.fixture(scope="session")
def _intake_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresDatabases]:
    from server.runtime import IntakeRuntime

    databases = PostgresDatabases(INTAKE_TEST_DATABASE_URL)
    template = databases.create()
    IntakeRuntime(
        data_dir=tmp_path_factory.mktemp("intake-pg-template"), database_url=template
    ).stop()
    databases.template = template
    yield databases
    databases.close()


class PostgresDatabases:
    """Creates and drops per-test databases on one PostgreSQL server."""

    def __init__(self, admin_url: str):
        import sqlalchemy as sa

        from server.database import normalise_url

        self.url = sa.make_url(normalise_url(admin_url))
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template: str | None = None
        self.names: list[str] = []

    def create(self, template: str | None = None) -> str:
        import uuid

        import sqlalchemy as sa

        name = f"intake_test_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {sa.make_url(template).database}" if template else ""
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}{clause}")
        self.names.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        import sqlalchemy as sa

        name = sa.make_url(url).database
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        with self.admin.connect() as conn:
            for name in self.names:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.admin.dispose()


@contextlib.contextmanager
def intake_server_in(
    data_dir: Path, request: pytest.FixtureRequest, intake_template: Path
) -> Iterator[EmbeddedServer]:
    """A real intake server with its data in *data_dir*: a copy of the seeded template on
    SQLite, or a database made from the template on the run's PostgreSQL cluster."""
    import shutil

    from server.embedded import start_embedded

    if not INTAKE_TEST_DATABASE_URL:
        shutil.copyfile(intake_template, data_dir / intake_template.name)
        with start_embedded(data_dir, pace=None) as server:
            yield server
        return
    databases: PostgresDatabases = request.getfixturevalue("_intake_postgres")
    url = databases.create(template=databases.template)
    try:
        with start_embedded(data_dir, pace=None, database_url=url) as server:
            yield server
    finally:
        databases.drop(url)


@pytest.fixture
def intake_server(
    request: pytest.FixtureRequest, tmp_path: Path, intake_template: Path
) -> Iterator[EmbeddedServer]:
    """The real intake server on 127.0.0.1 (a free port), its own database, simulator still.

    Move the simulator with ``intake_server.simulator.advance(n)`` or
    ``intake_server.complete_declarations(count)``; misbehave with ``set_scenario(...)``.
    """
    data_dir = tmp_path / "intake"
    data_dir.mkdir()
    with intake_server_in(data_dir, request, intake_template) as server:
        yield server
