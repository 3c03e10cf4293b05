"""Switching enterprises at 100,000 declarations each: the store's reads and the real window.

    .venv/bin/python bench/switch.py                   # 3 enterprises x 100,000, 7 runs
    .venv/bin/python bench/switch.py --per-enterprise 200000 --enterprises 5 --runs 5

Builds (once, then reuses) a store with the real schema holding several enterprises of the same
size (a broker's clients), then times a switch from one to the next:

- the reads the window makes for the new enterprise, on the GUI thread: ``set_current``, the
  first screen of ids along the sort index and its 128 rows, the group counts (tree, summary,
  unrated banner), the outbox's waiting count and the unread answers; and the full id list the
  loader thread reads next;
- the overview of all enterprises (``store.enterprises.summary`` for each);
- the real ``MainWindow`` (offscreen, 1366x768): from choosing the enterprise in the switcher to
  the first screen painted, and to every load landed (``window.is_idle``).

The store's figures are printed beside 100 ms, the table's budget for a sort or a filter (a
switch must feel as instant as one); the window's beside F5 in the same window and run, which
reads and repaints the same enterprise's list: the floor of any change of what is shown.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.domain.model import COMPLETED_STATUSES
from app.store import Store
from app.store import query as dq
from app.store.query import TableQuery
from ui.declaration_model import FIRST_PAGE

FLOOR_MS = 100.0
#: Valid tax codes (check digit included): a broker's clients and a branch.
TAX_CODES = (
    "0299987654",
    "0299987661",
    "0299987654-001",
    "0299987679",
    "0299987686",
    "0299987693",
)
TYPES = ("A11", "A12", "A21", "A31", "A41", "E11", "E21", "E31", "B11", "B13", "E42", "G11")
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


def rows(tax_code: str, index: int, count: int) -> Iterator[tuple[object, ...]]:
    rnd = random.Random(f"{tax_code}:{count}")
    start = datetime(2023, 1, 1, tzinfo=UTC)
    statuses = [s for s, _ in STATUSES]
    weights = [w for _, w in STATUSES]
    for i in range(count):
        type_code = rnd.choice(TYPES)
        number = ("10" if type_code[0] in "AG" else "30") + f"{index}{i:09d}"
        status = rnd.choices(statuses, weights)[0]
        state = (
            rnd.choices([s for s, _ in RATED], [w for _, w in RATED])[0]
            if status in COMPLETED
            else "not_ratable"
        )
        registered = (start + timedelta(seconds=rnd.randrange(3 * 365 * 86400))).isoformat()
        channel = rnd.choices((1, 2, 3), (78, 20, 2))[0]
        yield (number, type_code, rnd.choice(OFFICES), "Chi cục Hải quan", channel, registered,
               status, tax_code, registered, state)  # fmt: skip


def build(path: Path, codes: tuple[str, ...], per_enterprise: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        for code in codes:
            store.enterprises.add(code, f"Công ty thử nghiệm {code}")
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
    for index, code in enumerate(codes):
        conn.executemany(
            "INSERT INTO declarations(number, type_code, office_code, office_name, channel,"
            " registered_at, status, tax_code, updated_at, rating_state)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows(code, index, per_enterprise),
        )
    conn.execute("COMMIT")
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("ANALYZE")
    conn.close()
    print(
        f"built {len(codes)} x {per_enterprise:,} declarations in"
        f" {time.perf_counter() - started:.1f} s → {path} ({path.stat().st_size / 1e6:.0f} MB)"
    )


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def line(label: str, value: float) -> None:
    verdict = "ok" if value <= FLOOR_MS else "OVER"
    print(f"  {label:<58} {value:8.1f} ms   floor {FLOOR_MS:.0f} ms  {verdict}")


def bench_store(path: Path, codes: tuple[str, ...], runs: int) -> None:
    """The reads a switch makes, as the window makes them, alternating between enterprises."""
    with Store.open(path, deep_check=False) as store:
        turn = iter(range(10**9))

        def next_code() -> str:
            return codes[next(turn) % len(codes)]

        def switch() -> None:
            store.enterprises.set_current(next_code())
            tax_code = store.current_tax_code
            first = dq.select_ids(store, TableQuery(), tax_code=tax_code, limit=FIRST_PAGE)
            dq.fetch_rows(store, first[:128])
            dq.group_counts(store, tax_code)
            store.outbox.count_waiting()
            store.responses.unread_count()

        switch()  # warm the page cache, as a running program has it
        print(f"\nstore reads, median of {runs} switches, each to the next enterprise")
        line("switch: set_current + first screen + counts (GUI thread)", median_ms(switch, runs))
        conn = sqlite3.connect(path)
        try:
            full = median_ms(lambda: dq.select_ids(conn, TableQuery(), tax_code=next_code()), runs)
        finally:
            conn.close()
        line("the new enterprise's full id list (loader thread)", full)
        overview = median_ms(
            lambda: [store.enterprises.summary(c, with_total=False) for c in codes], runs
        )
        line(f"overview: the summary of all {len(codes)} enterprises", overview)


def bench_window(path: Path, codes: tuple[str, ...], runs: int) -> None:
    """The real window: choose the next enterprise in the switcher, wait for the screen.

    Beside it, in the same run and the same window, the floor every switch has: "Làm mới danh
    sách" (F5), which reads and repaints the same enterprise's list and counts. A switch changes
    every view on screen; it should cost about what showing new rows costs, nothing more.
    """
    from PySide6.QtWidgets import QApplication

    from app.settings import Settings
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with Store.open(path, deep_check=False) as store:
        window = MainWindow(store, Settings())
        window.resize(1366, 768)
        window.show()

        def settle() -> None:
            deadline = time.perf_counter() + 30
            while not window.is_idle and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.001)

        def painted(started: float) -> float:
            app.processEvents()  # the change's delivery, the first page, the repaint
            while window.store_events.pending:
                app.processEvents()
            app.processEvents()
            return (time.perf_counter() - started) * 1000

        settle()
        combo = window.enterprise_switcher.combo
        switch_first, switch_all, refresh_first, refresh_all = [], [], [], []
        for run in range(runs + 1):
            code = codes[(run + 1) % len(codes)]
            index = combo.findData(code)
            started = time.perf_counter()
            combo.setCurrentIndex(index)
            combo.activated.emit(index)
            first = painted(started)
            settle()
            every = (time.perf_counter() - started) * 1000
            assert window.model.rowCount() > 0 and code in window.windowTitle()
            started = time.perf_counter()
            window.refresh_action.trigger()
            again = painted(started)
            settle()
            again_every = (time.perf_counter() - started) * 1000
            if run:  # the first one warms the page cache
                switch_first.append(first)
                switch_all.append(every)
                refresh_first.append(again)
                refresh_all.append(again_every)
        print(
            f"\nMainWindow 1366x768 (offscreen), median of {runs}: a switch from the toolbar's"
            " switcher, beside F5 on the same enterprise"
        )
        for label, switch, floor in (
            ("first screen painted", switch_first, refresh_first),
            ("every load landed (full id list, tree, banner)", switch_all, refresh_all),
        ):
            a, b = statistics.median(switch), statistics.median(floor)
            print(f"  {label:<48} switch {a:6.1f} ms   F5 (floor) {b:6.1f} ms   {a / b:4.2f}x")
        window.model.shutdown()
        window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-enterprise", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=3, choices=range(2, len(TAX_CODES) + 1))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "customs-rating-bench"
    )
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-qt", action="store_true", help="skip the window part")
    args = parser.parse_args(argv)
    codes = TAX_CODES[: args.enterprises]
    print(
        f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs;"
        f" {len(codes)} enterprises x {args.per_enterprise:,} declarations"
    )
    path = args.dir / f"switch-{len(codes)}x{args.per_enterprise}.sqlite3"
    if args.rebuild or not path.exists():
        build(path, codes, args.per_enterprise)
    bench_store(path, codes, args.runs)
    if not args.no_qt:
        bench_window(path, codes, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
