"""Enterprise and official accounts: who may log in, with which password, in which role.

``authenticate_enterprise`` and ``authenticate_official`` are the only places a password is
checked (the API's login and the officials' web console both come here, through
``server.login.LoginGate``, which adds throttling). A wrong tax code and a wrong password take the
same time and give the same answer, so the login cannot be used to find out which tax codes have
accounts; a disabled account answers like a wrong password.

The rest manages accounts, for the ``accounts`` command and the admin endpoints alike: create,
reset a password, disable or enable, list. Names, codes and passwords are checked here once, so
both give the same bilingual messages.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.messages import Message
from app.domain.validation import FieldError, ValidationFailed, check_text, validate_tax_code
from server import untrusted
from server.clock import utc_now
from server.schema import enterprises, officials

# scrypt with 16 MiB of memory: slow enough to make a stolen database expensive to attack,
# fast enough (tens of ms) that a login never feels slow.
_N, _R, _P = 2**14, 8, 1

ENTERPRISE = "enterprise"
OFFICIAL = "official"
Kind = Literal["enterprise", "official"]
#: An official's roles: "admin" also manages accounts.
ROLE_OFFICIAL = "official"
ROLE_ADMIN = "admin"
ROLES = (ROLE_OFFICIAL, ROLE_ADMIN)

PASSWORD_MIN = 10
PASSWORD_MAX = 256  # as the login request allows (app.domain.wire.TokenRequest)
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
OFFICE_CODE_RE = re.compile(r"^[0-9A-Z]{4}$")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(_encoded(password), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(
        ("scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)),
    )


def _encoded(password: str) -> bytes:
    # surrogatepass: a password is never refused for its characters here (the input guard and
    # check_password refuse them earlier); the hash must simply never raise.
    return password.encode("utf-8", "surrogatepass")


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        # Same work as a real check, so a missing account is not faster to refuse.
        hashlib.scrypt(_encoded(password), salt=b"\0" * 16, n=_N, r=_R, p=_P, dklen=32)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            _encoded(password), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_password() -> str:
    """16 characters from the URL-safe alphabet: 96 random bits, easy to copy from a terminal."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True, slots=True)
class Account:
    role: str  # "enterprise" | "official"
    subject: str  # tax code or username
    name: str
    #: An official's role: "official" or "admin" ("" for an enterprise).
    official_role: str = ""

    @property
    def is_admin(self) -> bool:
        return self.official_role == ROLE_ADMIN


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One line of ``list_accounts``."""

    kind: str
    subject: str
    name: str
    role: str  # enterprise, official or admin
    office_code: str
    can_log_in: bool  # has a password (simulated enterprises have none)
    disabled: bool
    demo: bool
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "name": self.name,
            "role": self.role,
            "office_code": self.office_code,
            "can_log_in": self.can_log_in,
            "disabled": self.disabled,
            "demo": self.demo,
            "created_at": self.created_at.isoformat(),
        }


# -- the checks -----------------------------------------------------------------------------------


def check_password(password: str, field: str = "password") -> None:
    """The rules for a new password; raises ValidationFailed."""
    if len(password) < PASSWORD_MIN or len(password) > PASSWORD_MAX:
        raise ValidationFailed(
            [
                FieldError(
                    field,
                    Message(
                        "bad_password",
                        f"Mật khẩu phải dài từ {PASSWORD_MIN} đến {PASSWORD_MAX} ký tự.",
                        f"The password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long.",
                    ),
                )
            ]
        )
    if untrusted.has_unsafe(password) or password != password.strip():
        raise ValidationFailed(
            [
                FieldError(
                    field,
                    Message(
                        "bad_password",
                        "Mật khẩu không được có ký tự điều khiển, ký tự ẩn hay khoảng trắng ở đầu/cuối.",
                        "The password may not hold control or invisible characters, nor start "
                        "or end with a space.",
                    ),
                )
            ]
        )


def _name(value: str, field: str, max_length: int) -> str:
    text, error = check_text(
        field, value, label=("Tên", "Name"), required=True, max_length=max_length
    )
    if error is None and untrusted.has_unsafe(text):
        error = untrusted.bad_characters_error(field)
    if error is not None:
        raise ValidationFailed([error])
    return text


def check_username(username: str, field: str = "username") -> str:
    if not USERNAME_RE.fullmatch(username):
        raise ValidationFailed(
            [
                FieldError(
                    field,
                    Message(
                        "bad_username",
                        "Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, "
                        "gạch dưới hoặc gạch ngang, bắt đầu bằng chữ hoặc số.",
                        "A user name is 3–64 characters: lower-case ASCII letters, digits, dots, "
                        "underscores or hyphens, starting with a letter or a digit.",
                    ),
                )
            ]
        )
    return username


def check_office_code(code: str, field: str = "office_code") -> str:
    if not OFFICE_CODE_RE.fullmatch(code):
        raise ValidationFailed(
            [
                FieldError(
                    field,
                    Message(
                        "bad_office_code",
                        "Mã chi cục gồm 4 ký tự chữ in hoa hoặc số, ví dụ 03CC.",
                        "An office code is 4 upper-case letters or digits, e.g. 03CC.",
                    ),
                )
            ]
        )
    return code


# -- creating and changing ----------------------------------------------------------------------


class AccountExists(Exception):
    pass


class NoSuchAccount(Exception):
    pass


def add_enterprise(
    conn: Connection, tax_code: str, name: str, password: str | None, *, demo: bool = False
) -> None:
    """Create the enterprise, or set its name and password if it already exists.

    The simulator's and the tests' way in; trusts its arguments. ``create_enterprise`` is the
    checked one the command and the admin endpoint use.
    """
    password_hash = hash_password(password) if password else None
    exists = conn.execute(
        sa.select(enterprises.c.tax_code).where(enterprises.c.tax_code == tax_code)
    ).first()
    if exists:
        conn.execute(
            sa.update(enterprises)
            .where(enterprises.c.tax_code == tax_code)
            .values(name=name, password_hash=password_hash, tokens_after=now_ms())
        )
    else:
        conn.execute(
            sa.insert(enterprises).values(
                tax_code=tax_code,
                name=name,
                password_hash=password_hash,
                created_at=utc_now(),
                demo=demo,
            )
        )


def add_official(
    conn: Connection,
    username: str,
    full_name: str,
    office_code: str,
    password: str,
    *,
    role: str = ROLE_OFFICIAL,
    demo: bool = False,
) -> None:
    """Create the official, or replace it (the simulator's and the tests' way in)."""
    conn.execute(sa.delete(officials).where(officials.c.username == username))
    conn.execute(
        sa.insert(officials).values(
            username=username,
            full_name=full_name,
            office_code=office_code,
            password_hash=hash_password(password),
            created_at=utc_now(),
            role=role,
            demo=demo,
            tokens_after=now_ms(),
        )
    )


def create_enterprise(conn: Connection, tax_code: str, name: str, password: str) -> str:
    """A new enterprise that can log in; returns its normalised tax code."""
    tax_code = validate_tax_code(tax_code)
    name = _name(name, "name", 255)
    check_password(password)
    row = conn.execute(
        sa.select(enterprises.c.password_hash).where(enterprises.c.tax_code == tax_code)
    ).first()
    if row is not None and row.password_hash is not None:
        raise AccountExists(tax_code)
    add_enterprise(conn, tax_code, name, password)
    if row is not None:  # a simulated enterprise (no password) becomes a real account
        conn.execute(
            sa.update(enterprises).where(enterprises.c.tax_code == tax_code).values(demo=False)
        )
    return tax_code


def create_official(
    conn: Connection,
    username: str,
    full_name: str,
    office_code: str,
    password: str,
    *,
    role: str = ROLE_OFFICIAL,
) -> str:
    username = check_username(username)
    full_name = _name(full_name, "full_name", 100)
    office_code = check_office_code(office_code)
    check_password(password)
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    exists = conn.execute(
        sa.select(officials.c.username).where(officials.c.username == username)
    ).first()
    if exists:
        raise AccountExists(username)
    add_official(conn, username, full_name, office_code, password, role=role)
    return username


def _table(kind: str) -> tuple[sa.Table, sa.Column[Any]]:
    if kind == ENTERPRISE:
        return enterprises, enterprises.c.tax_code
    if kind == OFFICIAL:
        return officials, officials.c.username
    raise ValueError(f"unknown account kind {kind!r}")


def now_ms() -> int:
    """Milliseconds since the epoch: the unit of ``tokens_after`` and of a token's issue time."""
    return int(utc_now().timestamp() * 1000)


def set_password(conn: Connection, kind: str, subject: str, password: str) -> None:
    """A new password; tokens issued before it stop working. Raises NoSuchAccount."""
    check_password(password)
    table, key = _table(kind)
    updated = conn.execute(
        sa.update(table)
        .where(key == subject)
        .values(password_hash=hash_password(password), tokens_after=now_ms())
    )
    if updated.rowcount == 0:
        raise NoSuchAccount(subject)


def set_disabled(conn: Connection, kind: str, subject: str, disabled: bool) -> None:
    """Disable (no login, tokens refused from now on) or enable again. Raises NoSuchAccount."""
    table, key = _table(kind)
    values: dict[str, Any] = {"disabled_at": utc_now() if disabled else None}
    if disabled:
        values["tokens_after"] = now_ms()
    updated = conn.execute(sa.update(table).where(key == subject).values(**values))
    if updated.rowcount == 0:
        raise NoSuchAccount(subject)


def list_accounts(
    conn: Connection, *, include_simulated: bool = False, only: tuple[str, str] | None = None
) -> list[AccountRow]:
    """Officials, then enterprises; the simulator's password-less enterprises only if asked.

    *only*: (kind, subject) of the one account wanted.
    """
    rows: list[AccountRow] = []
    o = officials.c
    o_query = sa.select(
        o.username, o.full_name, o.role, o.office_code, o.disabled_at, o.demo, o.created_at
    ).order_by(o.username)
    if only is not None:
        o_query = o_query.where(o.username == only[1] if only[0] == OFFICIAL else sa.false())
    for r in conn.execute(o_query):
        rows.append(
            AccountRow(
                OFFICIAL, r.username, r.full_name, r.role, r.office_code, True,
                r.disabled_at is not None, bool(r.demo), r.created_at,
            )
        )  # fmt: skip
    e = enterprises.c
    query = sa.select(
        e.tax_code, e.name, e.password_hash, e.disabled_at, e.demo, e.created_at
    ).order_by(e.tax_code)
    if not include_simulated:
        query = query.where(e.password_hash.is_not(None))
    if only is not None:
        query = query.where(e.tax_code == only[1] if only[0] == ENTERPRISE else sa.false())
    for e_row in conn.execute(query):
        rows.append(
            AccountRow(
                ENTERPRISE, e_row.tax_code, e_row.name, ENTERPRISE, "",
                e_row.password_hash is not None, e_row.disabled_at is not None,
                bool(e_row.demo), e_row.created_at,
            )
        )  # fmt: skip
    return rows


# -- logging in ---------------------------------------------------------------------------------


def authenticate_enterprise(conn: Connection, tax_code: str, password: str) -> Account | None:
    row = conn.execute(
        sa.select(enterprises.c.name, enterprises.c.password_hash, enterprises.c.disabled_at).where(
            enterprises.c.tax_code == tax_code
        )
    ).first()
    stored = row.password_hash if row is not None else None
    if not verify_password(password, stored) or row is None or row.disabled_at is not None:
        return None
    return Account(ENTERPRISE, tax_code, row.name)


def authenticate_official(conn: Connection, username: str, password: str) -> Account | None:
    row = conn.execute(
        sa.select(
            officials.c.full_name,
            officials.c.password_hash,
            officials.c.disabled_at,
            officials.c.role,
        ).where(officials.c.username == username)
    ).first()
    stored = row.password_hash if row is not None else None
    if not verify_password(password, stored) or row is None or row.disabled_at is not None:
        return None
    return Account(OFFICIAL, username, row.full_name, row.role)


def tokens_valid_after(conn: Connection, kind: str, subject: str) -> int | None:
    """Milliseconds since the epoch before which the account's tokens are void; None: no
    account that may log in (missing or disabled)."""
    table, key = _table(kind)
    row = conn.execute(
        sa.select(table.c.tokens_after, table.c.disabled_at).where(key == subject)
    ).first()
    if row is None or row.disabled_at is not None:
        return None
    return int(row.tokens_after)


def official_role(conn: Connection, username: str) -> str | None:
    """The official's role now, or None if it may not log in."""
    row = conn.execute(
        sa.select(officials.c.role, officials.c.disabled_at).where(officials.c.username == username)
    ).first()
    if row is None or row.disabled_at is not None:
        return None
    return str(row.role)


def enterprise_name(conn: Connection, tax_code: str) -> str | None:
    return conn.execute(
        sa.select(enterprises.c.name).where(enterprises.c.tax_code == tax_code)
    ).scalar_one_or_none()
