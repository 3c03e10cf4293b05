"""Sort and filter figures for the declarations table at a million rows.

    .venv/bin/python bench/table.py                 # 1,000,000 rows, 5 runs per operation
    .venv/bin/python bench/table.py --rows 200000 --runs 3
    .venv/bin/python bench/table.py --covering      # also the proposed covering indexes

Builds (once, then reuses) a store with the real schema and realistic proportions (78/20/2 %
channels, most declarations cleared and rated), then times what the table does on a sort or a
filter: ``select_ids`` (the id list, on the loader thread's own connection), the first screen of
rows, the group counts, and the Qt model's sort with a view attached. Prints medians; asserts
nothing (target: ≤ 100 ms per sort or filter). Peak memory: Python allocations during one
full id list (tracemalloc) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the Qt part needs no screen

from app.domain.model import COMPLETED_STATUSES, IN_CLEARANCE_STATUSES
from app.store import Store
from app.store import query as dq
from app.store.query import DeclarationFilter, SortColumn, TableQuery
from ui.declaration_model import FIRST_PAGE

TYPES = ("A11", "A12", "A21", "A31", "A41", "E11", "E21", "E31", "B11", "B13", "E42", "G11", "H21")
OFFICES = tuple(f"{p:02d}{s}" for p in (1, 3, 20, 28, 43) for s in ("CC", "EE", "NV", "BC"))
STATUSES = (
    ("registered", 1),
    ("channel_assigned", 2),
    ("inspection", 1),
    ("released", 4),
    ("brought_to_storage", 2),
    ("cleared", 88),
    ("cancelled", 2),
)
RATED = (("unrated", 5), ("queued", 1), ("sent", 93), ("rejected", 1))
COMPLETED = {s.value for s in COMPLETED_STATUSES}

#: The covering indexes proposed to the store's owner: each sort index also carries the two
#: filter columns, so "filter by status or rating, sort by X" is one index-only scan.
COVERING = {
    "declarations_by_registered": "registered_at",
    "declarations_by_type": "type_code",
    "declarations_by_office": "office_code",
    "declarations_by_channel": "channel",
}

#: The one enterprise of the benchmark's store (the table shows one enterprise's rows).
TAX_CODE = "0100109106"


def rows(count: int, seed: int = 1) -> Iterator[tuple[object, ...]]:
    rnd = random.Random(seed)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    statuses = [s for s, _ in STATUSES]
    status_weights = [w for _, w in STATUSES]
    rated = [s for s, _ in RATED]
    rated_weights = [w for _, w in RATED]
    for i in range(count):
        type_code = rnd.choice(TYPES)
        number = ("10" if type_code[0] in "AGH" else "30") + f"{i:010d}"
        status = rnd.choices(statuses, status_weights)[0]
        state = rnd.choices(rated, rated_weights)[0] if status in COMPLETED else "not_ratable"
        channel = rnd.choices((1, 2, 3), (78, 20, 2))[0]
        registered = (start + timedelta(seconds=rnd.randrange(3 * 365 * 86400))).isoformat()
        yield (
            number,
            type_code,
            rnd.choice(OFFICES),
            "Chi cục Hải quan",
            channel,
            registered,
            status,
            TAX_CODE,
            registered,
            state,
        )


def build(path: Path, count: int, covering: bool) -> None:
    """The real schema (Store.open), filled in one transaction with the indexes built after."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    Store.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'declarations'"
        " AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO declarations(number, type_code, office_code, office_name, channel,"
        " registered_at, status, tax_code, updated_at, rating_state)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(count),
    )
    conn.execute("COMMIT")
    for name, sql in indexes:
        if covering and name in COVERING:
            column = COVERING[name]
            sql = f"CREATE INDEX {name} ON declarations({column}, number, status, rating_state)"
        conn.execute(sql)
    if covering:
        conn.execute("ANALYZE")
    conn.close()
    print(
        f"built {count:,} rows in {time.perf_counter() - started:.1f} s → {path} "
        f"({path.stat().st_size / 1e6:.0f} MB)"
    )


def median_ms(work: Callable[[], object], runs: int) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def queries(sample_number: str = "300000012345") -> list[tuple[str, TableQuery]]:
    plan: list[tuple[str, TableQuery]] = []
    for column in SortColumn:
        for descending in (False, True):
            arrow = "↓" if descending else "↑"
            plan.append(
                (
                    f"sort {column.name.lower()} {arrow}",
                    TableQuery(sort=column, descending=descending),
                )
            )
    filters = [
        ("filter rating = unrated", DeclarationFilter.of(rating_states=["unrated"])),
        ("filter rating = queued", DeclarationFilter.of(rating_states=["queued"])),
        ("filter rating = sent", DeclarationFilter.of(rating_states=["sent"])),
        ("filter rating = rejected", DeclarationFilter.of(rating_states=["rejected"])),
        (
            "filter status = in clearance (3)",
            DeclarationFilter.of(statuses=[s.value for s in IN_CLEARANCE_STATUSES]),
        ),
        ("filter status = completed (3)", DeclarationFilter.of(statuses=COMPLETED)),
        ("filter status = cleared", DeclarationFilter.of(statuses=["cleared"])),
        ("filter status = inspection", DeclarationFilter.of(statuses=["inspection"])),
        ("search number prefix '10'", DeclarationFilter(number_prefix="10")),
        ("search number prefix '3000001'", DeclarationFilter(number_prefix="3000001")),
        ("search whole number", DeclarationFilter(number_prefix=sample_number)),
    ]
    for label, flt in filters:
        for column, name in (
            (SortColumn.NUMBER, "number"),
            (SortColumn.REGISTERED, "registered ↓"),
        ):
            plan.append(
                (f"{label}, by {name}", TableQuery(flt, column, column is SortColumn.REGISTERED))
            )
    completed = DeclarationFilter.of(statuses=COMPLETED)
    for column in (SortColumn.TYPE, SortColumn.OFFICE, SortColumn.CHANNEL, SortColumn.STATUS):
        plan.append((f"completed, by {column.name.lower()}", TableQuery(completed, column, False)))
    return plan


def bench_sql(path: Path, runs: int) -> None:
    """Per operation: the first screen (what the declarant waits for) and the full id list."""
    conn = sqlite3.connect(path)
    counts = dq.group_counts(conn, TAX_CODE)
    sample = conn.execute("SELECT number FROM declarations WHERE id = 12345").fetchone()[0]

    def first_screen(query: TableQuery) -> object:
        ids = dq.select_ids(conn, query, tax_code=TAX_CODE, limit=FIRST_PAGE, counts=counts)
        dq.fetch_rows(conn, ids[:128])
        return ids

    print(
        f"\nmedian of {runs} runs; first screen = first {FIRST_PAGE} ids + 128 rows on the GUI"
        " thread; full list = every id, on the loader thread"
    )
    print(f"  {'operation':<46} {'rows':>9}  {'first screen':>12}  {'full list':>10}")
    slow_first: list[str] = []
    slow_full: list[str] = []
    for label, query in queries(sample):
        first, _ = median_ms(lambda q=query: first_screen(q), runs)
        full, ids = median_ms(lambda q=query: dq.select_ids(conn, q, tax_code=TAX_CODE), runs)
        print(f"  {label:<46} {len(ids):>9,}  {first:9.1f} ms  {full:7.1f} ms")  # type: ignore[arg-type]
        if first > 100:
            slow_first.append(label)
        if full > 100:
            slow_full.append(label)
    ids = dq.select_ids(conn, TableQuery(), tax_code=TAX_CODE)
    deep, _ = median_ms(lambda: dq.fetch_rows(conn, ids[500_000:500_128]), runs)
    tree, _ = median_ms(lambda: dq.group_counts(conn, TAX_CODE), runs)
    print(f"  128 rows deep in the list, by id: {deep:.1f} ms; group counts (tree): {tree:.1f} ms")
    tracemalloc.start()
    dq.select_ids(conn, TableQuery(), tax_code=TAX_CODE)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  peak Python allocation loading one full id list: {peak / 1e6:.1f} MB;"
        f" the id array the model keeps: {len(ids) * ids.itemsize / 1e6:.1f} MB"
    )
    total = len(queries(sample))
    print(f"  first screen over 100 ms: {len(slow_first)} of {total} " + "; ".join(slow_first))
    print(f"  full list over 100 ms: {len(slow_full)} of {total}")
    conn.close()


def bench_qt(path: Path, runs: int) -> None:
    """The model's sort as the window does it, with a view attached and the loader thread on."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

    from ui.declaration_model import DeclarationTableModel

    app = QApplication.instance() or QApplication([])

    def wait_loaded(model: DeclarationTableModel) -> None:
        if not model.is_loading:
            return
        loop = QEventLoop()
        model.loaded.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        loop.exec()
        model.loaded.disconnect(loop.quit)

    with Store.open(path) as store:
        started = time.perf_counter()
        model = DeclarationTableModel(store)
        view = QTableView()
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.setModel(model)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        shown = (time.perf_counter() - started) * 1000
        wait_loaded(model)
        print(
            f"\nQt model + view at start: first screen painted {shown:.0f} ms,"
            f" full list and counts {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        for column in (SortColumn.NUMBER, SortColumn.REGISTERED, SortColumn.STATUS):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                firsts, fulls = [], []
                for _ in range(runs):
                    model.sort(SortColumn.TYPE, Qt.SortOrder.AscendingOrder)  # really re-sort
                    wait_loaded(model)
                    started = time.perf_counter()
                    model.sort(column, order)
                    app.processEvents()
                    firsts.append((time.perf_counter() - started) * 1000)
                    wait_loaded(model)
                    app.processEvents()
                    fulls.append((time.perf_counter() - started) * 1000)
                direction = "desc" if order == Qt.SortOrder.DescendingOrder else "asc"
                print(
                    f"  model.sort({column.name.lower()}, {direction}): first screen painted"
                    f" {statistics.median(firsts):.0f} ms, all rows {statistics.median(fulls):.0f} ms"
                )
        model.shutdown()
        view.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "customs-rating-bench"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the store again")
    parser.add_argument(
        "--covering", action="store_true", help="also measure the proposed covering indexes"
    )
    parser.add_argument("--no-qt", action="store_true", help="skip the Qt model part")
    args = parser.parse_args(argv)
    print(
        f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    variants = [("current schema", False)] + (
        [("proposed covering indexes", True)] if args.covering else []
    )
    for title, covering in variants:
        path = args.dir / f"table-{args.rows}{'-covering' if covering else ''}.sqlite3"
        if args.rebuild or not path.exists():
            build(path, args.rows, covering)
        print(f"\n=== {title}: {args.rows:,} declarations ===")
        bench_sql(path, args.runs)
        if not covering and not args.no_qt:
            bench_qt(path, max(3, args.runs // 2))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess peak RSS: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
