"""The console's statistics page at 1,000,000 sheets: its median time beside the floor.

A database with N accepted sheets (default 1,000,000) spread over the last twelve months is
built once straight through SQLAlchemy (2,000 enterprises, one declaration per sheet in 8 units,
48 teams, 320 officers and 5 stages; every sheet scores its four targets; ~7 % are low, nine in
ten of those answered) and kept in --data-dir for the next run. Then the real intake server runs
in this process on 127.0.0.1 and an official logged in through /console asks for the pages over
HTTP, as a browser would:

- the first page view copies the sheets into the console's flat tables (timed, printed: a
  one-off on an existing database, a few rows per view afterwards);
- ``/console/stats`` for the default period (the last twelve months, the whole department) and
  for one unit, each asked --runs times: the median;
- the floors: the page's largest query (the officers' rows: one per officer, level and month)
  run bare, and all eleven of its queries (``stats.report``) without HTTP or HTML;
- for scale, what the same count costs from ``rating_sheets`` itself, unpacking each sheet's JSON
  (SQLite's ``json_each``, PostgreSQL's ``json_array_elements``): what the rollup avoids.

    python bench/console_stats.py [--sheets 1000000] [--runs 7] [--data-dir DIR] [--postgres]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

import server.console  # noqa: F401  (the console's tables join the MetaData)
from bench._intake import tax_code
from server.console import stats
from server.console.index import catch_up
from server.database import Database
from server.demo import DEMO_OFFICIAL_PASSWORD, DEMO_OFFICIAL_USERNAME
from server.runtime import IntakeRuntime
from server.schema import declarations, enterprises, rating_sheets, responses

CHUNK = 20_000
OFFICES = [(f"0{i}B{chr(65 + i)}", f"Chi cục Hải quan đo hiệu năng {i}") for i in range(1, 9)]
LEVELS = (5, 4, 3, 2, 1)
WEIGHTS = (60, 25, 8, 4, 3)
REASONS = {5: "fast", 4: "attitude", 3: "acceptable_time", 2: "delay", 1: "harassment"}
MARK = "bench_console_sheets"


def build(db: Database, count: int, seed: int = 20) -> None:
    """N sheets (and their declarations, enterprises, answers) unless the database has them."""
    with db.read() as conn:
        if db.get_meta(conn, MARK) == str(count):
            return
    rng = random.Random(seed)
    now = datetime.now(UTC)
    start = now - timedelta(days=364)
    codes = [tax_code(i) for i in range(2000)]
    with db.write() as conn:
        conn.execute(
            db.insert_ignoring_conflicts(enterprises),
            [
                {"tax_code": c, "name": f"Công ty đo {i}", "password_hash": None, "created_at": now}
                for i, c in enumerate(codes)
            ],
        )
    made = 0
    answered = 0
    began = time.perf_counter()
    while made < count:
        size = min(CHUNK, count - made)
        decls, sheets, answers = [], [], []
        for i in range(made, made + size):
            office, office_name = OFFICES[i % len(OFFICES)]
            team = f"{office}-D{rng.randrange(6)}"  # 6 teams in each unit
            officer = f"{office}-CB{rng.randrange(40):02d}"  # 40 officers in each unit
            stage = f"ST{rng.randrange(5)}"
            # In order of arrival, as ids are: a day's sheets have neighbouring ids.
            received = start + timedelta(seconds=i * 364 * 86400 // count + rng.randrange(60))
            number = f"30{i:010d}"
            level = rng.choices(LEVELS, WEIGHTS)[0]
            targets = [
                ("sub_department", office, office_name),
                ("team", team, f"Đội {team}"),
                ("officer", officer, f"Công chức {officer}"),
                ("stage", stage, f"Khâu {stage}"),
            ]
            scores = []
            for kind, code, name in targets:
                score = min(5, level + (1 if rng.random() < 0.3 else 0))
                scores.append(
                    {
                        "target_kind": kind,
                        "target_code": code,
                        "target_name": name,
                        "score": score,
                        "reasons": [REASONS[score]],
                    }
                )
            low = min(s["score"] for s in scores) <= 2
            tax = codes[i % len(codes)]
            receipt = f"PDG-B{i:015d}"
            key = str(uuid.UUID(int=rng.getrandbits(128)))
            decls.append(
                {
                    "number": number,
                    "tax_code": tax,
                    "type_code": "E31",
                    "office_code": office,
                    "office_name": office_name,
                    "channel": 1,
                    "registered_at": received - timedelta(days=1),
                    "status": "cleared",
                    "targets": [{"kind": k, "code": c, "name": n} for k, c, n in targets],
                    "history": [],
                    "change_seq": i + 1,
                    "updated_at": received,
                }
            )
            is_answered = low and rng.random() < 0.9
            sheets.append(
                {
                    "tax_code": tax,
                    "idempotency_key": key,
                    "body_hash": "0" * 64,
                    "batch_id": "bench",
                    "status": "accepted",
                    "receipt_id": receipt,
                    "received_at": received,
                    "errors": None,
                    "declaration_number": number,
                    "stage": "after_completion",
                    "scores": scores,
                    "content": "Chậm trễ." if low else "",
                    "contact_name": "Nguyễn Văn A" if low else "",
                    "contact_phone": "+84912345678" if low else "",
                    "is_low": low,
                    "review_state": ("answered" if is_answered else "awaiting") if low else None,
                }
            )
            if is_answered:
                answered += 1
                answers.append(
                    {
                        "response_id": f"PH-B{i:015d}",
                        "receipt_id": receipt,
                        "tax_code": tax,
                        "sheet_key": key,
                        "declaration_number": number,
                        "result": "upheld",
                        "content": "Đã xử lý.",
                        "responded_at": received + timedelta(hours=rng.randrange(1, 24 * 10)),
                        "responded_by": DEMO_OFFICIAL_USERNAME,
                    }
                )
        with db.write() as conn:
            db.insert_many_ignoring_conflicts(conn, declarations, decls)
            db.insert_many_ignoring_conflicts(conn, rating_sheets, sheets)
            if answers:
                db.insert_many_ignoring_conflicts(conn, responses, answers)
        made += size
        print(f"\r  built {made:,} sheets ({answered:,} answered)", end="", flush=True)
    with db.write() as conn:
        db.set_meta(conn, MARK, str(count))
    print(f" in {time.perf_counter() - began:.0f} s")


def login(client: httpx.Client) -> None:
    form = client.get("/console/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token
    response = client.post(
        "/console/login",
        data={
            "username": DEMO_OFFICIAL_USERNAME,
            "password": DEMO_OFFICIAL_PASSWORD,
            "csrf": token.group(1),
        },
    )
    assert response.status_code == 303, response.text


def timed_get(client: httpx.Client, path: str, params: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(path, params=params)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, response.text[:500]
    return times


def floor_query(db: Database, period: stats.Period, runs: int) -> tuple[list[float], list[float]]:
    """The page's SQL without the page: the officers' query alone, and every query of the page."""
    officers, everything = [], []
    for _ in range(runs):
        with db.read() as conn:
            began = time.perf_counter()
            stats.by_kind(conn, period, "officer")
            officers.append(time.perf_counter() - began)
            began = time.perf_counter()
            stats.report(conn, period)
            everything.append(time.perf_counter() - began)
    return officers, everything


def json_query(db: Database, period: stats.Period) -> float:
    """Scores by level straight from the sheets' JSON, each dialect with its own function."""
    began = time.perf_counter()
    with db.read() as conn:
        if db.dialect == "postgresql":
            conn.exec_driver_sql(
                "SELECT (j.value ->> 'score')::int AS score, count(*) "
                "FROM rating_sheets, json_array_elements(rating_sheets.scores) AS j(value) "
                "WHERE status = 'accepted' AND received_at >= %(since)s "
                "AND received_at < %(until)s GROUP BY 1",
                {"since": period.since, "until": period.until},
            ).all()
            return time.perf_counter() - began
        conn.exec_driver_sql(
            "SELECT json_extract(j.value, '$.score') AS score, count(*) "
            "FROM rating_sheets, json_each(rating_sheets.scores) AS j "
            "WHERE status = 'accepted' AND received_at >= ? AND received_at < ? GROUP BY score",
            (
                period.since.strftime("%Y-%m-%d %H:%M:%S.%f"),
                period.until.strftime("%Y-%m-%d %H:%M:%S.%f"),
            ),
        ).all()
    return time.perf_counter() - began


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.1f} ms (min {min(values) * 1000:.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="a throwaway PostgreSQL cluster (Debian's postgresql) instead of SQLite",
    )
    args = parser.parse_args()
    if args.postgres:
        from bench._intake import PostgresAdmin, throwaway_postgres

        with throwaway_postgres() as admin_url:
            admin = PostgresAdmin(admin_url)
            args.database_url = admin.url_of(admin.create())
            return run(args)
    return run(args)


def run(args: argparse.Namespace) -> int:
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="console-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"console statistics, {args.sheets:,} sheets, data in {data_dir}")
    runtime = IntakeRuntime(data_dir=data_dir, database_url=args.database_url, pace=None)
    try:
        build(runtime.db, args.sheets)
        runtime.start("127.0.0.1", 0)
        with httpx.Client(base_url=runtime.url, timeout=3600) as client:
            login(client)
            began = time.perf_counter()
            copied = catch_up(runtime.db, runtime.api.state.console.settings.due_working_days)
            print(
                f"  first copy into the console's tables: {copied:,} sheets "
                f"in {time.perf_counter() - began:.1f} s (once per existing database)"
            )
            period = stats.default_period(stats.today_in_vietnam(datetime.now(UTC)))
            client.get("/console/stats")  # warm the caches once
            page = timed_get(client, "/console/stats", {}, args.runs)
            # The dearest period: two months in part (their days read one by one), ten whole.
            today = period.end
            ragged = stats.Period(today - timedelta(days=340), today - timedelta(days=12))
            worst = timed_get(client, "/console/stats", ragged.query(), args.runs)
            unit = timed_get(
                client, "/console/stats", period.query() | {"unit": OFFICES[0][0]}, args.runs
            )
            queue = timed_get(client, "/console/queue", {}, args.runs)
            officers, queries = floor_query(runtime.db, period, args.runs)
            bare_json = json_query(runtime.db, period)
        print(f"  /console/stats, 12 months, all units : {ms(page)}")
        print(f"  /console/stats, 12 months, one unit  : {ms(unit)}")
        print(f"  /console/stats, {ragged.start} – {ragged.end}: {ms(worst)}")
        print(f"  floor: the officers' query, bare     : {ms(officers)}")
        print(f"  floor: all the page's queries, bare  : {ms(queries)}")
        print(f"  the same count from the JSON column  : {bare_json * 1000:7.1f} ms (once)")
        print(f"  /console/queue (first page of 50)    : {ms(queue)}")
        print(f"  period {period.start} – {period.end}, {runtime.db.dialect}, {date.today()}")
    finally:
        runtime.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
