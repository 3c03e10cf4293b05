"""Load: 1, 20, 200 and 400 concurrent clients against the intake server in its own process.

What customs sees when every declarant's program syncs at once. Each client is a closed loop,
as the desktop client's sync is: post a batch of rating sheets (fresh idempotency keys), then
read a page of declarations; a 429 or 503 is waited out for its ``Retry-After`` and the same
batch is sent again under the same keys, as the sync engine does. Each level runs for
``--seconds`` against a fresh copy of one prepared database, on SQLite, and on PostgreSQL with 1
and with 4 worker processes (``--workers``). Printed per level: accepted sheets/s, p50/p99 of
writes and of reads (answers that were not refusals), how many 429/503 came back and how fast
(p99), other failures, and the row check: every sheet the server accepted is stored exactly once
(rows = accepted keys, no key twice), and none it refused is stored; and, on Linux, how many
cores the load generator, the server (with its workers) and PostgreSQL used while it was timed.

The clients run as asyncio tasks in this one process on the same 2 cores as the server, so the
highest levels measure the pair; the figures are for comparing levels and engines on one machine.

    python bench/load.py [--seconds 10] [--levels 1,20,200,400] [--batch 20] [--no-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import sqlalchemy as sa

from bench._intake import (
    PASSWORD,
    ROOT,
    PostgresAdmin,
    copy_sqlite_dir,
    free_port,
    tax_code,
    throwaway_postgres,
)
from server.database import Database, sqlite_url
from server.schema import declarations, rating_sheets

ENTERPRISES = 50
DECLARATIONS_EACH = 20


# -- preparing ------------------------------------------------------------------------------------


def prepare(data_dir: Path, database_url: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """ENTERPRISES enterprises, each with declarations still in clearance (rated "during
    clearance", which allows any number of sheets per declaration); returns their targets."""
    from server.accounts import add_enterprise
    from server.runtime import IntakeRuntime

    runtime = IntakeRuntime(data_dir=data_dir, database_url=database_url, pace=None)
    try:
        for serial in range(ENTERPRISES):
            code = tax_code(100 + serial)
            with runtime.db.write() as conn:
                add_enterprise(conn, code, "Công ty TNHH Đo tải", PASSWORD)
            for _ in range(DECLARATIONS_EACH):
                runtime.simulator.new_declaration(tax_code=code)
        d = declarations.c
        with runtime.db.read() as conn:
            rows = conn.execute(
                sa.select(d.tax_code, d.number, d.targets).where(
                    d.tax_code.in_([tax_code(100 + s) for s in range(ENTERPRISES)])
                )
            ).all()
    finally:
        runtime.stop()
    world: dict[str, list[dict[str, Any]]] = {}
    for code, number, targets in rows:
        world.setdefault(code, []).append({"number": number, "targets": targets})
    return world


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by this process (the load generator), the server and its workers,
    and PostgreSQL's processes, from /proc (Linux; empty elsewhere): what the level's cores went to.
    """
    found: dict[str, float] = {"load generator": 0.0, "server": 0.0, "PostgreSQL": 0.0}
    proc = Path("/proc")
    if not proc.is_dir():
        return {}
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    names: dict[int, str] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rfind(")") + 2 :].split()
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            used[pid] = (int(fields[11]) + int(fields[12])) / _TICK
            names[pid] = stat[stat.find("(") + 1 : stat.rfind(")")]
    for pid, seconds in used.items():
        ancestor, seen = pid, 0
        while ancestor not in (0, 1, server_pid) and seen < 64:
            ancestor, seen = parents.get(ancestor, 0), seen + 1
        if pid == os.getpid():
            found["load generator"] += seconds
        elif ancestor == server_pid or pid == server_pid:
            found["server"] += seconds
        elif names[pid].startswith("postgres"):
            found["PostgreSQL"] += seconds
    return found


class Server:
    """``customs-rating-intake --pace 0 [--workers N]`` as a child process."""

    def __init__(self, data_dir: Path, database_url: str | None, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "server.main", "--port", str(self.port)]
        command += ["--data-dir", str(data_dir), "--pace", "0", "--workers", str(workers)]
        if database_url:
            command += ["--database-url", database_url]
        self._output = open(data_dir / "server-output.txt", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=self._output, stderr=self._output
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((data_dir / "server-output.txt").read_text()[-2000:])
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/api/v1/ready", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        time.sleep(0.5 * workers)  # let every worker finish starting

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._output.close()


# -- the clients ----------------------------------------------------------------------------------


@dataclass
class Tally:
    write_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    refusal_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    accepted: set[str] = field(default_factory=set)
    sent: set[str] = field(default_factory=set)
    #: Cores each part used while the level was timed (``cpu_seconds``): what bounds the level.
    cores: dict[str, float] = field(default_factory=dict)


def batch_for(enterprise: list[dict[str, Any]], size: int, turn: int) -> list[dict[str, Any]]:
    items = []
    for index in range(size):
        declaration = enterprise[(turn * size + index) % len(enterprise)]
        items.append(
            {
                "idempotency_key": str(uuid.uuid4()),
                "declaration_number": declaration["number"],
                "stage": "during_clearance",
                "scores": [
                    {
                        "target_kind": t["kind"],
                        "target_code": t["code"],
                        "target_name": t["name"],
                        "score": 4,
                        "reasons": [],
                    }
                    for t in declaration["targets"][:2]
                ],
            }
        )
    return items


async def login(client: httpx.AsyncClient, code: str) -> str:
    while True:
        try:
            reply = await client.post(
                "/api/v1/auth/token", json={"tax_code": code, "password": PASSWORD}
            )
        except httpx.TransportError:  # a connection closed under us: as the client, try again
            await asyncio.sleep(0.5)
            continue
        if reply.status_code == 200:
            return str(reply.json()["access_token"])
        if reply.status_code in (429, 503):
            await asyncio.sleep(float(reply.headers.get("Retry-After", "1")))
            continue
        raise RuntimeError(f"login: HTTP {reply.status_code} {reply.text[:200]}")


@dataclass
class Run:
    """What every client of one level shares: when the clock starts and stops."""

    start: asyncio.Event = field(default_factory=asyncio.Event)
    logged_in: int = 0
    stop_at: float = float("inf")


async def one_client(
    url: str, code: str, enterprise: list[dict[str, Any]], size: int, run: Run, tally: Tally
) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        token = await login(client, code)
        client.headers["Authorization"] = f"Bearer {token}"
        run.logged_in += 1
        await run.start.wait()
        turn = 0
        while time.monotonic() < run.stop_at:
            items = batch_for(enterprise, size, turn)
            turn += 1
            tally.sent.update(item["idempotency_key"] for item in items)
            await send_until_answered(client, items, run, tally)
            await read_a_page(client, tally)


async def send_until_answered(
    client: httpx.AsyncClient, items: list[dict[str, Any]], run: Run, tally: Tally
) -> None:
    """The same batch, under the same keys, until it is answered (as the sync engine does);
    given up 30 s after the level's end."""
    while time.monotonic() < run.stop_at + 30:
        began = time.perf_counter()
        try:
            reply = await client.post("/api/v1/rating-sheets/batch", json={"items": items})
        except httpx.HTTPError as error:
            tally.failures[type(error).__name__] += 1
            await asyncio.sleep(1)
            continue
        elapsed = (time.perf_counter() - began) * 1000
        tally.statuses[reply.status_code] += 1
        if reply.status_code in (429, 503):
            tally.refusal_ms.append(elapsed)
            await asyncio.sleep(float(reply.headers.get("Retry-After", "1")))
            continue
        if reply.status_code != 200:
            tally.failures[f"HTTP {reply.status_code}"] += 1
            return
        tally.write_ms.append(elapsed)
        for result in reply.json()["results"]:
            if result["status"] in ("accepted", "duplicate"):
                tally.accepted.add(result["idempotency_key"])
            else:
                tally.failures[f"sheet {result['status']}"] += 1
        return


async def read_a_page(client: httpx.AsyncClient, tally: Tally) -> None:
    began = time.perf_counter()
    try:
        page = await client.get("/api/v1/declarations", params={"limit": 50})
    except httpx.HTTPError as error:
        tally.failures[type(error).__name__] += 1
        return
    elapsed = (time.perf_counter() - began) * 1000
    tally.statuses[page.status_code] += 1
    if page.status_code in (429, 503):
        tally.refusal_ms.append(elapsed)
        await asyncio.sleep(float(page.headers.get("Retry-After", "1")))
    elif page.status_code == 200:
        tally.read_ms.append(elapsed)
    else:
        tally.failures[f"HTTP {page.status_code}"] += 1


async def run_level(
    url: str,
    world: dict[str, list[dict[str, Any]]],
    clients: int,
    size: int,
    seconds: float,
    server_pid: int = 0,
) -> tuple[Tally, float]:
    tally = Tally()
    run = Run()
    codes = sorted(world)
    tasks = [
        asyncio.create_task(
            one_client(url, codes[i % len(codes)], world[codes[i % len(codes)]], size, run, tally)
        )
        for i in range(clients)
    ]
    # Everybody logs in first (not timed), then the clock starts for all at once.
    while run.logged_in < clients:
        if any(task.done() for task in tasks):
            await asyncio.gather(*tasks)  # raises the client's error
        await asyncio.sleep(0.1)
    began = time.monotonic()
    run.stop_at = began + seconds
    before = cpu_seconds(server_pid)
    run.start.set()
    await asyncio.sleep(seconds)
    after = cpu_seconds(server_pid)
    tally.cores = {name: (after[name] - before[name]) / seconds for name in after}
    await asyncio.gather(*tasks)
    return tally, seconds


def stored(database_url: str, keys: set[str]) -> tuple[int, set[str]]:
    """(rows of the keys this level sent, those keys)."""
    db = Database(database_url)
    try:
        t = rating_sheets.c
        with db.read() as conn:
            rows = conn.execute(sa.select(t.idempotency_key)).scalars().all()
    finally:
        db.dispose()
    mine = [key for key in rows if key in keys]
    return len(mine), set(mine)


def pct(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.0f}"


# -- engines --------------------------------------------------------------------------------------


@contextlib.contextmanager
def engines(work: Path, wanted_pg: bool) -> Iterator[list[tuple[str, Any]]]:
    """(label, fresh(level) -> (data_dir, url, workers)) per engine."""
    template = work / "sqlite-template"
    world = prepare(template)
    found: list[tuple[str, Any]] = []

    def sqlite_fresh(level: int) -> tuple[Path, str | None, int]:
        folder = copy_sqlite_dir(template, work / f"sqlite-{level}")
        return folder, None, 1

    found.append(("SQLite, 1 process", sqlite_fresh))
    with contextlib.ExitStack() as stack:
        admin: PostgresAdmin | None = None
        if wanted_pg:
            try:
                pg_url = os.environ.get("INTAKE_BENCH_DATABASE_URL") or stack.enter_context(
                    throwaway_postgres()
                )
                admin = PostgresAdmin(pg_url)
                stack.callback(admin.close)
            except RuntimeError as error:
                print(f"  PostgreSQL skipped: {error}")
        if admin is not None:
            pg_template = admin.create()
            prepare(work / "pg-template", admin.url_of(pg_template))

            def pg_fresh(workers: int) -> Any:
                def fresh(level: int) -> tuple[Path, str | None, int]:
                    name = admin.create(template=pg_template)  # type: ignore[union-attr]
                    folder = work / f"pg{workers}-{level}"
                    folder.mkdir()
                    return folder, admin.url_of(name), workers  # type: ignore[union-attr]

                return fresh

            found.append(("PostgreSQL, 1 worker", pg_fresh(1)))
            found.append(("PostgreSQL, 4 workers", pg_fresh(4)))
        yield [(label, (fresh, world)) for label, fresh in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--levels", default="1,20,200,400")
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--only", default="", help="run only the engines whose label holds this, e.g. '4 workers'"
    )
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    print(
        f"load: {levels} concurrent clients, {args.seconds:g} s each, batches of {args.batch} "
        f"sheets then a page of 50 declarations; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    with (
        tempfile.TemporaryDirectory(prefix="bench-load-") as folder,
        engines(Path(folder), not args.no_postgres) as found,
    ):
        for label, (fresh, world) in found:
            if args.only not in label:
                continue
            print(f"{label}:")
            for level in levels:
                data_dir, url, workers = fresh(level)
                server = Server(data_dir, url, workers)
                try:
                    tally, elapsed = asyncio.run(
                        run_level(
                            server.url, world, level, args.batch, args.seconds, server.process.pid
                        )
                    )
                finally:
                    server.stop()
                report(level, tally, elapsed, url or sqlite_url(data_dir))
                if tally.cores:
                    print(
                        f"        cores busy while timed (of {os.cpu_count()}): "
                        + ", ".join(f"{name} {cores:.2f}" for name, cores in tally.cores.items())
                    )
                if url is None:
                    shutil.rmtree(data_dir, ignore_errors=True)


def report(level: int, tally: Tally, elapsed: float, url: str) -> None:
    rows, keys = stored(url, tally.sent)
    refused = tally.statuses[429] + tally.statuses[503]
    refusals = (
        f" (answered in p50/p99 {pct(tally.refusal_ms, 0.5)}/{pct(tally.refusal_ms, 0.99)} ms)"
        if refused
        else ""
    )
    print(
        f"  {level:3} clients: {len(tally.accepted) / elapsed:7,.0f} accepted sheets/s; "
        f"write p50/p99 {pct(tally.write_ms, 0.5)}/{pct(tally.write_ms, 0.99)} ms, "
        f"read p50/p99 {pct(tally.read_ms, 0.5)}/{pct(tally.read_ms, 0.99)} ms; "
        f"429 {tally.statuses[429]}, 503 {tally.statuses[503]}{refusals}; "
        f"rows {rows} for {len(tally.accepted)} accepted: lost {len(tally.accepted - keys)}, "
        f"duplicates {rows - len(keys)}, stored but not accepted {len(keys - tally.accepted)}"
        + (f"; failures {dict(tally.failures)}" if tally.failures else "")
    )


if __name__ == "__main__":
    main()
