"""``customs-rating-intake accounts …`` and ``db …``: onboarding without writing to the database.

    accounts add-enterprise TAX_CODE --name NAME [--generate-password | --password-stdin]
    accounts add-official USERNAME --name FULL_NAME --office CODE [--admin] [password option]
    accounts reset-password (--enterprise TAX_CODE | --official USERNAME) [password option]
    accounts disable (--enterprise TAX_CODE | --official USERNAME) [--enable]
    accounts list [--all] [--json]
    db upgrade | db current

A password is typed twice (getpass: not echoed), or generated and printed once on standard
output (``--generate-password``), or read as one line from standard input for scripts
(``--password-stdin``). It is never logged, never put in an argument (a process list shows those)
and never stored but as its scrypt hash.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

from app.domain.validation import ValidationFailed
from server import accounts, migrate
from server.database import Database


def add_parsers(commands: Any, storage_options: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser("accounts", help="create, reset, disable and list accounts")
    actions = parser.add_subparsers(dest="action", required=True)

    enterprise = actions.add_parser("add-enterprise", help="an enterprise that can log in")
    enterprise.add_argument("tax_code")
    enterprise.add_argument("--name", required=True, help="the enterprise's registered name")
    _password_options(enterprise)
    storage_options(enterprise)

    official = actions.add_parser("add-official", help="a customs official")
    official.add_argument("username")
    official.add_argument("--name", required=True, help="full name")
    official.add_argument("--office", required=True, help="customs office code, e.g. 03CC")
    official.add_argument(
        "--admin", action="store_true", help="may also manage accounts (over HTTP too)"
    )
    _password_options(official)
    storage_options(official)

    reset = actions.add_parser("reset-password", help="a new password; old sessions end")
    _who(reset)
    _password_options(reset)
    storage_options(reset)

    disable = actions.add_parser("disable", help="no more logins; sessions end at once")
    _who(disable)
    disable.add_argument("--enable", action="store_true", help="enable it again instead")
    storage_options(disable)

    listing = actions.add_parser("list", help="officials, then enterprises that can log in")
    listing.add_argument(
        "--all", action="store_true", help="also the simulator's enterprises without a password"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    storage_options(listing)

    db_parser = commands.add_parser("db", help="the database schema (Alembic migrations)")
    db_actions = db_parser.add_subparsers(dest="action", required=True)
    storage_options(db_actions.add_parser("upgrade", help="migrate to the newest schema"))
    storage_options(db_actions.add_parser("current", help="print the schema revision"))


def _password_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--generate-password",
        action="store_true",
        help="make a random password and print it once",
    )
    group.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def _who(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--enterprise", metavar="TAX_CODE")
    group.add_argument("--official", metavar="USERNAME")


class Cancelled(Exception):
    pass


def read_password(args: argparse.Namespace) -> tuple[str, bool]:
    """(the password, whether it was generated and must be shown)."""
    if args.generate_password:
        return accounts.generate_password(), True
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    first = getpass.getpass("Mật khẩu mới / new password: ")
    accounts.check_password(first)
    second = getpass.getpass("Nhập lại / again: ")
    if first != second:
        raise Cancelled("Hai lần nhập không khớp / the two passwords differ; nothing changed.")
    return first, False


def _show_generated(password: str, generated: bool) -> None:
    if generated:
        print(f"password (shown once, give it to the account's owner): {password}")


def run(db: Database, args: argparse.Namespace) -> int:
    """Run one ``accounts`` or ``db`` command; 0 on success, 1 on a refusal (printed)."""
    try:
        if args.command == "db":
            return _db(db, args)
        return _accounts(db, args)
    except ValidationFailed as failed:
        for error in failed.errors:
            print(f"{error.field}: {error.message.vi} / {error.message.en}", file=sys.stderr)
    except accounts.AccountExists as exists:
        print(f"{exists}: tài khoản đã có / the account exists already", file=sys.stderr)
    except accounts.NoSuchAccount as missing:
        print(f"{missing}: không có tài khoản này / no such account", file=sys.stderr)
    except (Cancelled, migrate.NewerDatabase) as refused:
        print(refused, file=sys.stderr)
    return 1


def _db(db: Database, args: argparse.Namespace) -> int:
    if args.action == "upgrade":
        print(f"schema {migrate.ensure_schema(db)} ({db.safe_url})")
        return 0
    with db.read() as conn:
        print(migrate.current_revision(conn) or "none")
    return 0


def _accounts(db: Database, args: argparse.Namespace) -> int:
    migrate.ensure_schema(db)
    if args.action == "list":
        with db.read() as conn:
            rows = accounts.list_accounts(conn, include_simulated=args.all)
        if args.json:
            print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
            return 0
        for r in rows:
            marks = ", ".join(m for m, on in (("disabled", r.disabled), ("demo", r.demo)) if on)
            office = f" {r.office_code}" if r.office_code else ""
            print(
                f"{r.role:10} {r.subject:16} {r.name}{office}" + (f"  [{marks}]" if marks else "")
            )
        return 0
    if args.action == "disable":
        kind, subject = _target(args)
        with db.write() as conn:
            accounts.set_disabled(conn, kind, subject, not args.enable)
        print(f"{'enabled' if args.enable else 'disabled'} {kind} {subject}")
        return 0
    password, generated = read_password(args)
    if args.action == "add-enterprise":
        with db.write() as conn:
            subject = accounts.create_enterprise(conn, args.tax_code, args.name, password)
        print(f"added enterprise {subject}")
    elif args.action == "add-official":
        role = accounts.ROLE_ADMIN if args.admin else accounts.ROLE_OFFICIAL
        with db.write() as conn:
            subject = accounts.create_official(
                conn, args.username, args.name, args.office, password, role=role
            )
        print(f"added {role} {subject}")
    else:
        kind, subject = _target(args)
        with db.write() as conn:
            accounts.set_password(conn, kind, subject, password)
        from server.login import LoginGate

        LoginGate(db).forget(kind, subject)
        print(f"new password for {kind} {subject}")
    _show_generated(password, generated)
    return 0


def _target(args: argparse.Namespace) -> tuple[str, str]:
    if args.enterprise is not None:
        return accounts.ENTERPRISE, args.enterprise
    return accounts.OFFICIAL, args.official
