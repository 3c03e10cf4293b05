"""Sync: 10,000 queued sheets delivered to the intake server on loopback, end to end.

Ours is the real path: ``Store`` (the sheets were queued by ``store.sheets.save``),
``SyncEngine`` (``store.outbox.claim_batch`` → one POST of 500 → ``apply_results``, repeated)
and ``ApiClient`` (one keep-alive ``requests.Session``). Beside it, in the same run against the
same kind of server, a naive client that posts one sheet per request on a new connection each
time and records each result on its own (same store, same endpoint, same payloads).

The server runs as its own process by default, started as customs would start it
(``customs-rating-intake --pace 0`` on 127.0.0.1, SQLite): the client and the server are
different machines in reality and must not share a GIL here. ``--server embedded`` runs it in
the client's process instead (the desktop client's demo mode).

Every run starts from copies of the same prepared server database and client store, so each
delivers the same sheets into the same state; the timed part of ours is one ``SyncEngine.sync``
pass (the session is logged in first, as it is after the first pass of a session), and the
delivery is checked on both sides afterwards (every sheet delivered with a receipt, each stored
once on the server).

    python bench/sync.py [--sheets 10000] [--naive-sheets 1000] [--runs 5]
                         [--server process|embedded]
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from app.domain.model import RatingSheet, RatingStage, Score, TargetScore
from app.domain.states import OutboxState, RatingState
from app.store import SendOutcome, Store
from app.sync.api_client import ApiClient
from app.sync.engine import SyncEngine
from bench._intake import (
    PASSWORD,
    ServerProcess,
    copy_sqlite_dir,
    free_port,
    prepare_server,
    tax_code,
)

BATCH_PATH = "/api/v1/rating-sheets/batch"
PORT = free_port()


@contextlib.contextmanager
def serve(mode: str, data_dir: Path) -> Iterator[str]:
    """The server on the same port every time: the client keeps its feed cursors per server URL,
    and a new URL would make it pull every declaration again."""
    if mode == "embedded":
        from server.embedded import start_embedded

        with start_embedded(data_dir, pace=None, port=PORT) as server:
            yield server.url
        return
    with ServerProcess(data_dir, port=PORT) as server:
        yield server.url


def rate(store: Store, number: str, index: int) -> None:
    """One sheet in ten is a 1–2 star one, with content and a contact person."""
    declaration = store.declarations.get(number)
    assert declaration is not None
    low = index % 10 == 0
    score = Score.DISSATISFIED if low else (Score.VERY_SATISFIED, Score.SATISFIED)[index % 2]
    store.sheets.save(
        RatingSheet(
            declaration_number=number,
            stage=RatingStage.AFTER_COMPLETION,
            scores=tuple(
                TargetScore(t, score, ("delay",) if low else ()) for t in declaration.targets[:3]
            ),
            content="Hồ sơ bị trả lại nhiều lần, đề nghị xem xét." if low else "",
            contact_name="Trần Thị Bình" if low else "",
            contact_phone="0912 345 678" if low else "",
        ),
        declaration.tax_code,
    )


def copy_store(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in glob.glob(str(template.parent / "store.sqlite3*")):
        shutil.copy2(name, folder)
    return folder / "store.sqlite3"


def prepare(work: Path, sheets: int, mode: str) -> tuple[Path, Path, str]:
    """A server data dir with an enterprise of *sheets* completed declarations, and a client
    store that has pulled them and queued one sheet for each."""
    tax = tax_code(1)
    server_template = work / "server-template"
    numbers = prepare_server(server_template, {tax: sheets})[tax]
    store_file = work / "store-template" / "store.sqlite3"
    store_file.parent.mkdir()
    with (
        serve(mode, copy_sqlite_dir(server_template, work / "prepare-server")) as url,
        Store.open(store_file) as store,
    ):
        engine = SyncEngine(store, ApiClient(url), tax_code=tax, password=lambda: PASSWORD)
        report = engine.sync(force=True)
        assert report.ok, report.error
        for index, number in enumerate(numbers):
            rate(store, number, index)
        assert store.outbox.count_waiting() == sheets
    return server_template, store_file, tax


def accepted_on_server(server_dir: Path, tax: str) -> tuple[int, int]:
    """(accepted sheets, distinct keys) the server stored for the enterprise."""
    with contextlib.closing(sqlite3.connect(server_dir / "intake.sqlite3")) as conn:
        return conn.execute(
            "SELECT count(*), count(DISTINCT idempotency_key) FROM rating_sheets"
            " WHERE tax_code = ? AND status = 'accepted'",
            (tax,),
        ).fetchone()


def run_ours(
    work: Path, name: str, templates: tuple[Path, Path, str], sheets: int, mode: str
) -> float:
    server_template, store_template, tax = templates
    server_dir = copy_sqlite_dir(server_template, work / f"{name}-server")
    store_file = copy_store(store_template, work / f"{name}-client")
    with serve(mode, server_dir) as url, Store.open(store_file, deep_check=False) as store:
        client = ApiClient(url)
        engine = SyncEngine(store, client, tax_code=tax, password=lambda: PASSWORD)
        client.login(tax, PASSWORD)
        started = time.perf_counter()
        report = engine.sync(force=True)
        elapsed = time.perf_counter() - started
        client.close()
        assert report.ok and report.delivered == sheets, report
        assert store.declarations.count_by_rating_state(RatingState.SENT) == sheets
        assert store.outbox.counts().get(OutboxState.DELIVERED) == sheets
    assert accepted_on_server(server_dir, tax) == (sheets, sheets)
    return elapsed


def run_naive(
    work: Path, name: str, templates: tuple[Path, Path, str], sheets: int, mode: str
) -> float:
    """One sheet per POST, each on a new connection (requests.post, ``Connection: close``)."""
    server_template, store_template, tax = templates
    server_dir = copy_sqlite_dir(server_template, work / f"{name}-server")
    store_file = copy_store(store_template, work / f"{name}-client")
    with serve(mode, server_dir) as url, Store.open(store_file, deep_check=False) as store:
        login = requests.post(
            f"{url}/api/v1/auth/token", json={"tax_code": tax, "password": PASSWORD}, timeout=30
        )
        headers = {
            "Authorization": f"Bearer {login.json()['access_token']}",
            "Content-Type": "application/json",
            "Connection": "close",
        }
        started = time.perf_counter()
        for _ in range(sheets):
            ((item_id, key, payload),) = store.outbox.claim_batch(tax, 1)
            response = requests.post(
                url + BATCH_PATH,
                data=('{"items":[' + payload + "]}").encode(),
                headers=headers,
                timeout=(5, 30),
            )
            response.raise_for_status()
            (result,) = response.json()["results"]
            assert result["idempotency_key"] == key and result["status"] == "accepted"
            store.outbox.apply_results(
                [
                    SendOutcome(
                        item_id,
                        OutboxState.DELIVERED,
                        receipt_id=result["receipt_id"],
                        received_at=result["received_at"],
                    )
                ]
            )
        elapsed = time.perf_counter() - started
        assert store.outbox.counts().get(OutboxState.DELIVERED) == sheets
    assert accepted_on_server(server_dir, tax) == (sheets, sheets)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, default=10_000)
    parser.add_argument(
        "--naive-sheets",
        type=int,
        default=1_000,
        help="the naive client sends the first N of the same queued sheets (it is slow)",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--server", choices=("process", "embedded"), default="process")
    args = parser.parse_args()
    if args.naive_sheets > args.sheets:
        parser.error("--naive-sheets cannot exceed --sheets")

    where = (
        "the intake server in its own process (customs-rating-intake --pace 0, SQLite)"
        if args.server == "process"
        else "the intake server embedded in the client's process (start_embedded, SQLite)"
    )
    print(f"sync: {args.sheets:,} queued sheets to {where} on 127.0.0.1")
    print(
        f"  {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
        f"Python {sys.version.split()[0]}"
    )
    ours: list[float] = []
    naive: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        work = Path(folder)
        started = time.perf_counter()
        templates = prepare(work, args.sheets, args.server)
        print(f"  prepared in {time.perf_counter() - started:.1f} s (not timed)")
        for run in range(1, args.runs + 1):
            # Alternate the order, so neither side always runs on a warmer machine.
            order = ("ours", "naive") if run % 2 else ("naive", "ours")
            for side in order:
                if side == "ours":
                    ours.append(
                        run_ours(work, f"run{run}-ours", templates, args.sheets, args.server)
                    )
                else:
                    naive.append(
                        run_naive(
                            work, f"run{run}-naive", templates, args.naive_sheets, args.server
                        )
                    )
            print(
                f"  run {run}: ours {ours[-1]:.3f} s = {args.sheets / ours[-1]:,.0f} sheets/s;"
                f" naive {naive[-1]:.3f} s for {args.naive_sheets:,}"
                f" = {args.naive_sheets / naive[-1]:,.0f} sheets/s"
            )
    ours_rate = args.sheets / statistics.median(ours)
    naive_rate = args.naive_sheets / statistics.median(naive)
    print(
        f"median of {args.runs}: ours {statistics.median(ours):.3f} s for {args.sheets:,} sheets"
        f" = {ours_rate:,.0f} sheets/s (batches of 500, one keep-alive connection)"
    )
    print(
        f"              naive {naive_rate:,.0f} sheets/s (one sheet per POST, new connection each)"
    )
    print(f"              ours / naive = {ours_rate / naive_rate:.1f}×")


if __name__ == "__main__":
    main()
