"""``customs-rating-intake``: run the intake server, or work its customs-side queues.

    customs-rating-intake [--host 127.0.0.1] [--port 8765] [--data-dir D] [--database-url URL]
                          [--scenario NAME[:opt=value,…]] [--pace SECONDS] [--seed N]
    customs-rating-intake --write-openapi resources/openapi.json
    customs-rating-intake review list [--state awaiting|answered]
    customs-rating-intake review respond RECEIPT --result upheld --content "…"
    customs-rating-intake support list [--state open|answered]
    customs-rating-intake support answer REQUEST_ID --answer "…"
    customs-rating-intake scenarios
    customs-rating-intake accounts add-enterprise | add-official | reset-password | disable | list
    customs-rating-intake db upgrade | current

The server refuses a non-loopback --host unless --allow-remote is given: it speaks plain HTTP
and its demo accounts' passwords are printed in the README.
"""

from __future__ import annotations

import argparse
import gc
import json
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import platformdirs

from app.domain.validation import ValidationFailed
from server import accounts_cli, review, support
from server.database import Database
from server.demo import (
    DEMO_ENTERPRISE_NAME,
    DEMO_OFFICIAL_PASSWORD,
    DEMO_OFFICIAL_USERNAME,
    DEMO_PASSWORD,
    DEMO_TAX_CODE,
)
from server.logging_setup import attach_console, attach_log_file, attach_shared_log_file
from server.problems import Problem
from server.runtime import IntakeRuntime, is_loopback
from server.scenarios import DESCRIPTIONS, Scenario, UnknownScenario
from server.simulator import DEFAULT_SEED

DEFAULT_PORT = 8765
DEFAULT_PACE = 10.0


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("CustomsRatingIntake", "CustomsRating", roaming=False))


def _storage_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        help="folder for the SQLite database and the log (default: the user data dir)",
    )
    parser.add_argument(
        "--database-url",
        default=default,
        help="SQLAlchemy URL, e.g. postgresql://user:pw@127.0.0.1/intake (default: SQLite)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="customs-rating-intake",
        description="The customs intake server for satisfaction ratings, with a VNACCS simulator.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    _storage_options(parser, suppress=False)
    parser.add_argument(
        "--scenario",
        default="normal",
        help="normal, offline, slow, flaky, throttled, maintenance, reject-all, captive-portal; "
        "options after a colon, e.g. flaky:errors=0.5,drops=0.1,seed=7 or slow:delay=10",
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=DEFAULT_PACE,
        help="seconds between simulator steps (0: the simulator stands still)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="simulator seed (for a new data dir)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the port and the database (PostgreSQL advised); the "
        "simulator runs in the parent only",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (plain HTTP, demo passwords: think twice)",
    )
    parser.add_argument(
        "--write-openapi",
        type=Path,
        metavar="PATH",
        help="write the OpenAPI document to PATH and exit",
    )
    commands = parser.add_subparsers(dest="command")

    review_parser = commands.add_parser("review", help="verify low (1–2 star) rating sheets")
    review_commands = review_parser.add_subparsers(dest="action", required=True)
    listing = review_commands.add_parser("list", help="list low sheets")
    listing.add_argument("--state", choices=("awaiting", "answered"), default="awaiting")
    listing.add_argument("--json", action="store_true", help="print JSON")
    _storage_options(listing, suppress=True)
    respond = review_commands.add_parser("respond", help="record the handling result")
    respond.add_argument("receipt_id")
    respond.add_argument("--result", choices=tuple(review.RESULT_LABELS), required=True)
    respond.add_argument("--content", required=True, help="the answer the enterprise reads")
    respond.add_argument("--official", default=DEMO_OFFICIAL_USERNAME)
    _storage_options(respond, suppress=True)

    support_parser = commands.add_parser("support", help="answer support requests")
    support_commands = support_parser.add_subparsers(dest="action", required=True)
    s_list = support_commands.add_parser("list", help="list support requests")
    s_list.add_argument("--state", choices=("open", "answered"), default="open")
    s_list.add_argument("--json", action="store_true", help="print JSON")
    _storage_options(s_list, suppress=True)
    s_answer = support_commands.add_parser("answer", help="answer one request")
    s_answer.add_argument("request_id")
    s_answer.add_argument("--answer", required=True)
    s_answer.add_argument("--official", default=DEMO_OFFICIAL_USERNAME)
    _storage_options(s_answer, suppress=True)

    commands.add_parser("scenarios", help="describe the scenarios")
    accounts_cli.add_parsers(commands, lambda p: _storage_options(p, suppress=True))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.write_openapi:
        return write_openapi(args.write_openapi)
    if args.command == "scenarios":
        for name, text in DESCRIPTIONS.items():
            print(f"{name:15} {text}")
        return 0
    if args.command in ("review", "support"):
        return _queue_command(args)
    if args.command in ("accounts", "db"):
        return _accounts_command(args)
    return serve(args)


def write_openapi(path: Path) -> int:
    from server.api import build_api

    document = build_api().openapi()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


# -- serving -------------------------------------------------------------------------------------


def serve(args: argparse.Namespace) -> int:
    if not is_loopback(args.host) and not args.allow_remote:
        print(
            f"refusing to listen on {args.host}: the server speaks plain HTTP and its demo "
            "passwords are public. Use --allow-remote if you mean it.",
            file=sys.stderr,
        )
        return 2
    try:
        scenario = Scenario.parse(args.scenario)
    except UnknownScenario as error:
        print(error, file=sys.stderr)
        return 2
    data_dir: Path = args.data_dir or default_data_dir()
    if args.workers > 1:
        return _serve_workers(args, data_dir, scenario)
    attach_console()
    attach_log_file(data_dir / "logs")
    runtime = IntakeRuntime(
        data_dir=data_dir,
        database_url=args.database_url,
        seed=args.seed,
        scenario=scenario,
        pace=args.pace or None,
    )
    try:
        runtime.start(args.host, args.port)
    except OSError as error:
        runtime.stop()
        print(f"cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    # Everything alive now (modules, the app, the world) lives as long as the process: keep it
    # out of the collector's full passes, which otherwise stall a request every few batches.
    gc.collect()
    gc.freeze()
    stop = threading.Event()
    _print_banner(runtime, data_dir, interactive=sys.stdin.isatty())
    if threading.current_thread() is threading.main_thread():
        # Both set the same event: a clean stop (listener, simulator, WAL) either way, and SIGINT
        # works even where a shell started the server in the background with SIGINT ignored.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
    if sys.stdin.isatty():
        threading.Thread(
            target=_read_commands, args=(runtime, stop), name="console", daemon=True
        ).start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        print("stopping…", flush=True)
        runtime.stop()
    return 0


def _serve_workers(args: argparse.Namespace, data_dir: Path, scenario: Scenario) -> int:
    from server import workers
    from server.database import sqlite_url

    if scenario.name == "offline":
        print("the offline scenario needs the single-process server", file=sys.stderr)
        return 2
    data_dir.mkdir(parents=True, exist_ok=True)
    attach_console()
    attach_shared_log_file(data_dir / "logs")
    url = args.database_url or sqlite_url(data_dir)
    print(
        "Customs rating intake server\n"
        f"  URL:        http://{args.host}:{args.port}   ({args.workers} worker processes)\n"
        f"  database:   {_safe(url)}\n"
        f"  logs:       {data_dir / 'logs'}\n"
        f"  scenario:   {scenario.describe()}\n"
        f"  simulator:  seed {args.seed}, "
        + (f"a step every {args.pace:g} s" if args.pace else "standing still")
        + " (in this process only)",
        flush=True,
    )
    try:
        return workers.serve(
            host=args.host,
            port=args.port,
            workers=args.workers,
            database_url=url,
            data_dir=data_dir,
            scenario=args.scenario,
            seed=args.seed,
            pace=args.pace or None,
        )
    except workers.BadConfiguration as bad:
        print(bad, file=sys.stderr)
        return 2


def _safe(url: str) -> str:
    import sqlalchemy as sa

    from server.database import normalise_url

    return sa.make_url(normalise_url(url)).render_as_string(hide_password=True)


def _print_banner(runtime: IntakeRuntime, data_dir: Path, *, interactive: bool) -> None:
    where = runtime.db.safe_url
    lines = [
        "Customs rating intake server",
        f"  URL:        {runtime.url}"
        + ("   (offline: not listening)" if not runtime.listening else ""),
        f"  database:   {where}",
        f"  logs:       {data_dir / 'logs'}",
        f"  scenario:   {runtime.scenario.current.describe()}",
        f"  simulator:  seed {runtime.simulator.seed}, "
        + (f"a step every {runtime.pace:g} s" if runtime.pace else "standing still"),
        f"  demo enterprise: tax code {DEMO_TAX_CODE}, password {DEMO_PASSWORD}",
        f"                   {DEMO_ENTERPRISE_NAME}",
        f"  demo official:   user name {DEMO_OFFICIAL_USERNAME}, password {DEMO_OFFICIAL_PASSWORD}",
    ]
    if interactive:
        lines.append(
            "Type a scenario name (e.g. offline, normal, flaky:errors=0.5) and Enter to switch; "
            "Ctrl+C stops."
        )
    print("\n".join(lines), flush=True)


def _read_commands(runtime: IntakeRuntime, stop: threading.Event) -> None:
    for line in sys.stdin:
        spec = line.strip()
        if not spec:
            continue
        if spec in ("quit", "exit"):
            stop.set()
            return
        try:
            chosen = runtime.set_scenario(spec)
        except (UnknownScenario, OSError) as error:
            print(error, flush=True)
        else:
            print(f"scenario: {chosen.describe()}", flush=True)


# -- the customs side's queues -------------------------------------------------------------------


def _open_database(args: argparse.Namespace) -> Database:
    url = getattr(args, "database_url", None)
    data_dir = getattr(args, "data_dir", None) or default_data_dir()
    db = Database(url) if url else Database.for_data_dir(data_dir)
    db.create_schema()
    return db


def _accounts_command(args: argparse.Namespace) -> int:
    url = getattr(args, "database_url", None)
    data_dir = getattr(args, "data_dir", None) or default_data_dir()
    db = Database(url) if url else Database.for_data_dir(data_dir)
    try:
        return accounts_cli.run(db, args)
    finally:
        db.dispose()


def _queue_command(args: argparse.Namespace) -> int:
    db = _open_database(args)
    try:
        if args.command == "review":
            return _review(db, args)
        return _support(db, args)
    except Problem as problem:
        print(f"{problem.message.vi}\n{problem.message.en}", file=sys.stderr)
        return 1
    except ValidationFailed as failed:
        for error in failed.errors:
            print(f"{error.field}: {error.message.vi} / {error.message.en}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


def _review(db: Database, args: argparse.Namespace) -> int:
    if args.action == "list":
        with db.read() as conn:
            items = review.low_sheets(conn, args.state, 10_000)
        if args.json:
            print(json.dumps(items, ensure_ascii=False, indent=2))
            return 0
        if not items:
            print(
                "no low sheets "
                + ("awaiting verification" if args.state == "awaiting" else "answered")
            )
        for item in items:
            print(_describe_sheet(item))
        return 0
    answer = review.respond(db, args.receipt_id, args.result, args.content, args.official)
    print(
        f"recorded {answer['response_id']} for {answer['receipt_id']} "
        f"(declaration {answer['declaration_number']}): {review.RESULT_LABELS[args.result][0]}"
    )
    return 0


def _describe_sheet(item: dict[str, Any]) -> str:
    scores = "; ".join(
        f"{s['score']}★ {s['target_name']} ({', '.join(s['reasons']) or '-'})"
        for s in item["scores"]
    )
    lines = [
        f"{item['receipt_id']}  {item['received_at']}  {item['tax_code']}  {item['enterprise_name']}",
        f"    tờ khai {item['declaration_number']}  ({item['stage']})  {scores}",
        f"    {item['contact_name']}  {item['contact_phone']}",
        f"    {item['content']}",
    ]
    if item["response"]:
        response = item["response"]
        lines.append(f"    → {response['result']}: {response['content']}")
    if item["feedback"]:
        lines.append(f"    ← {item['feedback']['verdict']}: {item['feedback']['content']}")
    return "\n".join(lines)


def _support(db: Database, args: argparse.Namespace) -> int:
    if args.action == "list":
        with db.read() as conn:
            items = support.list_for_officials(conn, args.state, 10_000)
        if args.json:
            print(json.dumps(items, ensure_ascii=False, indent=2))
            return 0
        if not items:
            print(f"no {args.state} support requests")
        for item in items:
            print(
                f"{item['request_id']}  {item['received_at']}  {item['operation_code']}  "
                f"{item['office_code']}  {item['tax_code']}  {item['enterprise_name']}\n"
                f"    {item['content']}" + (f"\n    → {item['answer']}" if item["answer"] else "")
            )
        return 0
    answered = support.answer(db, args.request_id, args.answer, args.official)
    print(f"answered {answered['request_id']} ({answered['operation_code']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
