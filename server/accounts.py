"""Enterprise and official accounts: password hashes and the check at login.

A wrong tax code and a wrong password take the same time and give the same answer, so the login
endpoint cannot be used to find out which tax codes have accounts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server.clock import utc_now
from server.schema import enterprises, officials

# scrypt with 16 MiB of memory: slow enough to make a stolen database expensive to attack,
# fast enough (tens of ms) that a login never feels slow.
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(
        ("scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)),
    )


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        # Same work as a real check, so a missing account is not faster to refuse.
        hashlib.scrypt(password.encode(), salt=b"\0" * 16, n=_N, r=_R, p=_P, dklen=32)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class Account:
    role: str  # "enterprise" | "official"
    subject: str  # tax code or username
    name: str


def add_enterprise(conn: Connection, tax_code: str, name: str, password: str | None) -> None:
    """Create the enterprise, or set its name and password if it already exists."""
    password_hash = hash_password(password) if password else None
    exists = conn.execute(
        sa.select(enterprises.c.tax_code).where(enterprises.c.tax_code == tax_code)
    ).first()
    if exists:
        conn.execute(
            sa.update(enterprises)
            .where(enterprises.c.tax_code == tax_code)
            .values(name=name, password_hash=password_hash)
        )
    else:
        conn.execute(
            sa.insert(enterprises).values(
                tax_code=tax_code, name=name, password_hash=password_hash, created_at=utc_now()
            )
        )


def add_official(
    conn: Connection, username: str, full_name: str, office_code: str, password: str
) -> None:
    conn.execute(sa.delete(officials).where(officials.c.username == username))
    conn.execute(
        sa.insert(officials).values(
            username=username,
            full_name=full_name,
            office_code=office_code,
            password_hash=hash_password(password),
            created_at=utc_now(),
        )
    )


def authenticate_enterprise(conn: Connection, tax_code: str, password: str) -> Account | None:
    row = conn.execute(
        sa.select(enterprises.c.name, enterprises.c.password_hash).where(
            enterprises.c.tax_code == tax_code
        )
    ).first()
    if not verify_password(password, row.password_hash if row else None) or row is None:
        return None
    return Account("enterprise", tax_code, row.name)


def authenticate_official(conn: Connection, username: str, password: str) -> Account | None:
    row = conn.execute(
        sa.select(officials.c.full_name, officials.c.password_hash).where(
            officials.c.username == username
        )
    ).first()
    if not verify_password(password, row.password_hash if row else None) or row is None:
        return None
    return Account("official", username, row.full_name)


def enterprise_name(conn: Connection, tax_code: str) -> str | None:
    return conn.execute(
        sa.select(enterprises.c.name).where(enterprises.c.tax_code == tax_code)
    ).scalar_one_or_none()
