"""Server ingest: rating sheets per second into the intake server, on SQLite and on PostgreSQL.

The server runs as its own process (``customs-rating-intake --pace 0``) on 127.0.0.1, as customs
would run it; the client is as thin as it gets (one keep-alive ``http.client`` connection,
pre-built bodies), so the figure is the server's: HTTP, parsing and validation, the database
rules and the durable write (SQLite with synchronous=FULL; PostgreSQL with its default fsync and
synchronous_commit). Each run posts 10,000 sheets in batches of 500 to a fresh copy of the same
prepared database; every result is checked to be ``accepted``. SQLite and PostgreSQL runs
alternate in one invocation, and the medians are printed.

Two floors are measured in the same run, on SQLite with the same durability (WAL,
synchronous=FULL, one BEGIN IMMEDIATE transaction per batch), and our ingest is printed as a
fraction of each:

- **storage alone**: the same rows, made beforehand, written by bare ``sqlite3`` with one
  ``executemany`` per batch into the same table (``rating_sheets``, its indexes included);
- **bare endpoint**: the same batches posted the same way to a bare Starlette endpoint in its
  own process (``bench/_bare_endpoint.py``) that parses them with pydantic-core and writes them
  as above: HTTP and durable writes, without any of the rules.

PostgreSQL: ``INTAKE_BENCH_DATABASE_URL=postgresql://user@127.0.0.1:5432/postgres`` (a role that
may create databases) uses that server; otherwise, when Debian's postgresql is installed, a
throwaway cluster is started in a temporary folder on a free loopback port and removed at the
end; otherwise PostgreSQL is skipped, and the reason is printed.

    python bench/ingest.py [--sheets 10000] [--batch 500] [--runs 5] [--no-postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from bench._intake import (
    PostgresAdmin,
    ServerProcess,
    copy_sqlite_dir,
    free_port,
    prepare_server,
    tax_code,
    throwaway_postgres,
)
from server.database import Database, sqlite_url
from server.schema import declarations

BATCH_PATH = "/api/v1/rating-sheets/batch"


def sheet_items(numbers: list[str], targets: dict[str, list[dict[str, str]]]) -> list[bytes]:
    """One JSON item per declaration, as the client's outbox holds it; one in ten is 1–2 stars."""
    items = []
    for index, number in enumerate(numbers):
        low = index % 10 == 0
        score = 2 if low else (5, 4)[index % 2]
        item = {
            "idempotency_key": str(uuid.uuid4()),
            "declaration_number": number,
            "stage": "after_completion",
            "scores": [
                {
                    "target_kind": t["kind"],
                    "target_code": t["code"],
                    "target_name": t["name"],
                    "score": score,
                    "reasons": ["delay"] if low else [],
                }
                for t in targets[number][:3]
            ],
            "content": "Hồ sơ bị trả lại nhiều lần, đề nghị xem xét." if low else "",
            "contact_name": "Trần Thị Bình" if low else "",
            "contact_phone": "0912 345 678" if low else "",
        }
        items.append(json.dumps(item, ensure_ascii=False, sort_keys=True).encode())
    return items


def bodies(items: list[bytes], batch: int) -> list[bytes]:
    return [
        b'{"items":[' + b",".join(items[start : start + batch]) + b"]}"
        for start in range(0, len(items), batch)
    ]


def read_targets(url: str, tax: str) -> dict[str, list[dict[str, str]]]:
    """Each declaration's officers, teams, offices and stages, as the client would rate them."""
    db = Database(url)
    try:
        d = declarations.c
        with db.read() as conn:
            return dict(conn.execute(sa.select(d.number, d.targets).where(d.tax_code == tax)).all())
    finally:
        db.dispose()


class Backend:
    """Prepares one template database, then hands out fresh copies of it, one per run."""

    name: str

    def prepare(self, sheets: int) -> tuple[str, list[str]]:
        raise NotImplementedError

    @contextlib.contextmanager
    def fresh(self, run: int) -> Iterator[ServerProcess]:
        raise NotImplementedError
        yield


class SQLiteBackend(Backend):
    name = "SQLite"

    def __init__(self, work: Path):
        self.work = work
        self.template = work / "sqlite-template"

    def prepare(self, sheets: int) -> tuple[str, list[str]]:
        tax = tax_code(1)
        numbers = prepare_server(self.template, {tax: sheets})[tax]
        return sqlite_url(self.template), numbers

    @contextlib.contextmanager
    def fresh(self, run: int) -> Iterator[ServerProcess]:
        with ServerProcess(copy_sqlite_dir(self.template, self.work / f"sqlite-{run}")) as server:
            yield server


class PostgresBackend(Backend):
    name = "PostgreSQL"

    def __init__(self, work: Path, admin_url: str):
        self.work = work
        self.admin = PostgresAdmin(admin_url)
        self.template = ""

    def prepare(self, sheets: int) -> tuple[str, list[str]]:
        tax = tax_code(1)
        self.template = self.admin.create()
        url = self.admin.url_of(self.template)
        numbers = prepare_server(self.work / "pg-template", {tax: sheets}, url)[tax]
        return url, numbers

    @contextlib.contextmanager
    def fresh(self, run: int) -> Iterator[ServerProcess]:
        name = self.admin.create(template=self.template)
        folder = self.work / f"pg-{run}"
        folder.mkdir()
        try:
            with ServerProcess(folder, self.admin.url_of(name)) as server:
                yield server
        finally:
            self.admin.drop(name)

    def close(self) -> None:
        self.admin.close()


def post_all(server: ServerProcess, tax: str, batches: list[bytes], keys: int) -> float:
    token = server.token(tax)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return post_batches(server.port, headers, batches, keys)


def post_batches(port: int, headers: dict[str, str], batches: list[bytes], keys: int) -> float:
    """Seconds to post every batch over one keep-alive connection; all must be accepted."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    accepted = 0
    try:
        started = time.perf_counter()
        for body in batches:
            conn.request("POST", BATCH_PATH, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}: {data[:500]!r}")
            results = json.loads(data)["results"]
            accepted += sum(r["status"] == "accepted" for r in results)
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    if accepted != keys:
        raise RuntimeError(f"{accepted} of {keys} sheets accepted")
    return elapsed


# -- the floors -----------------------------------------------------------------------------------


def floor_template(work: Path) -> Path:
    """An empty intake database (our schema, nothing in it), copied for each floor run."""
    folder = work / "floor-template"
    db = Database.for_data_dir(folder)
    try:
        db.create_schema()
    finally:
        db.dispose()
    return folder / "intake.sqlite3"


def storage_alone(template: Path, target: Path, batches: list[bytes]) -> float:
    """The rows of every batch (made beforehand), written by bare sqlite3, one executemany each."""
    from bench._bare_endpoint import INSERT, connect, rows_of

    shutil.copyfile(template, target)
    now = "2026-01-01T00:00:00+00:00"
    prepared = [rows_of(json.loads(body)["items"], uuid.uuid4().hex, now) for body in batches]
    conn = connect(str(target))
    try:
        started = time.perf_counter()
        for rows in prepared:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(INSERT, rows)
            conn.execute("COMMIT")
        elapsed = time.perf_counter() - started
        stored = conn.execute("SELECT count(*) FROM rating_sheets").fetchone()[0]
    finally:
        conn.close()
    if stored != sum(len(rows) for rows in prepared):
        raise RuntimeError(f"storage alone stored {stored} rows")
    return elapsed


def bare_endpoint(template: Path, target: Path, batches: list[bytes], keys: int) -> float:
    shutil.copyfile(template, target)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("_bare_endpoint.py")),
            str(port),
            str(target),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                probe.request("GET", "/api/v1/health")
                if probe.getresponse().status == 200:
                    probe.close()
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the bare endpoint did not start") from None
                time.sleep(0.05)
        return post_batches(port, {"Content-Type": "application/json"}, batches, keys)
    finally:
        process.terminate()
        process.wait(30)


@contextlib.contextmanager
def postgres_url(wanted: bool) -> Iterator[tuple[str | None, str]]:
    """(admin URL or None, where it came from or why it was skipped)."""
    if not wanted:
        yield None, "skipped: --no-postgres"
        return
    given = os.environ.get("INTAKE_BENCH_DATABASE_URL")
    if given:
        yield given, "INTAKE_BENCH_DATABASE_URL"
        return
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_postgres())
        except RuntimeError as error:
            yield None, f"skipped: no INTAKE_BENCH_DATABASE_URL and no local cluster ({error})"
            return
        yield url, "a throwaway local cluster (initdb in a temporary folder, default settings)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    print(
        f"ingest: {args.sheets:,} sheets in batches of {args.batch} into the intake server in its"
        " own process (customs-rating-intake --pace 0) on 127.0.0.1"
    )
    print(
        f"  {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
        f"Python {sys.version.split()[0]}"
    )
    with (
        tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder,
        postgres_url(not args.no_postgres) as (pg_url, pg_note),
    ):
        work = Path(folder)
        backends: list[Backend] = [SQLiteBackend(work)]
        if pg_url:
            backends.append(PostgresBackend(work, pg_url))
        print(f"  PostgreSQL: {pg_note}")
        tax = tax_code(1)
        payloads: dict[str, list[bytes]] = {}
        for backend in backends:
            url, numbers = backend.prepare(args.sheets)
            payloads[backend.name] = bodies(
                sheet_items(numbers, read_targets(url, tax)), args.batch
            )
        times: dict[str, list[float]] = {b.name: [] for b in backends}
        times[BARE] = []
        times[STORAGE] = []
        template = floor_template(work)
        floor_batches = payloads["SQLite"]
        try:
            for run in range(1, args.runs + 1):
                ordered = backends if run % 2 else backends[::-1]
                for backend in ordered:
                    with backend.fresh(run) as server:
                        times[backend.name].append(
                            post_all(server, tax, payloads[backend.name], args.sheets)
                        )
                times[BARE].append(
                    bare_endpoint(
                        template, work / f"bare-{run}.sqlite3", floor_batches, args.sheets
                    )
                )
                times[STORAGE].append(
                    storage_alone(template, work / f"storage-{run}.sqlite3", floor_batches)
                )
                print(
                    f"  run {run}: "
                    + "; ".join(
                        f"{name} {t[-1]:.3f} s = {args.sheets / t[-1]:,.0f} sheets/s"
                        for name, t in times.items()
                    )
                )
        finally:
            for backend in backends:
                if isinstance(backend, PostgresBackend):
                    backend.close()
    print(f"median of {args.runs}:")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"  {name:14} {median:.3f} s = {args.sheets / median:,.0f} sheets/s")
    ours = medians["SQLite"]
    print(
        f"  ours (SQLite) as a fraction of the bare endpoint: {medians[BARE] / ours:.2f}; "
        f"of the storage alone: {medians[STORAGE] / ours:.2f}"
    )
    if not pg_url:
        print(f"  PostgreSQL {pg_note}")


BARE = "bare endpoint"
STORAGE = "storage alone"


if __name__ == "__main__":
    main()
