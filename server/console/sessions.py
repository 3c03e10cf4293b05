"""Officials' sessions: a signed cookie naming a row of ``console_sessions``, and CSRF tokens.

The cookie is ``<token>.<HMAC-SHA256(secret, token)>``: a forged or truncated cookie is refused
before the database is asked, and the database holds only SHA-256(token), so neither a leaked
table nor a guessed cookie logs anybody in. Logging out deletes the row, so the cookie is dead
even if someone kept a copy. Each session has its own CSRF token, carried by every form.

Before log-in there is no session, so the log-in form's token is bound to a random nonce in a
short-lived cookie of its own (signed the same way): another site cannot submit the form with
the official's browser and a known token (login CSRF).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from server.clock import as_utc, utc_now
from server.console.schema import console_sessions
from server.database import Database
from server.schema import officials

SESSION_COOKIE = "console_session"
LOGIN_COOKIE = "console_login"
LANGUAGE_COOKIE = "console_lang"
SESSION_TTL = timedelta(hours=10)  # a working day at the office, then log in again
LOGIN_FORM_TTL = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Session:
    username: str
    full_name: str
    office_code: str
    csrf_token: str


class Signer:
    """HMAC over short strings with the console's secret (kept in the database's meta table)."""

    def __init__(self, secret: str):
        self._key = secret.encode()

    def mac(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()

    def sign(self, value: str) -> str:
        return f"{value}.{self.mac(value)}"

    def unsign(self, signed: str | None) -> str | None:
        if not signed or "." not in signed:
            return None
        value, mac = signed.rsplit(".", 1)
        return value if hmac.compare_digest(mac, self.mac(value)) else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(self, db: Database):
        self.db = db
        self.signer = Signer(db.secret("console_session_secret"))

    def create(self, username: str) -> str:
        """A new session for *username*; returns the cookie value."""
        token = secrets.token_urlsafe(32)
        now = utc_now()
        with self.db.write() as conn:
            # Expired rows go when anybody logs in: the table stays as small as the staff.
            conn.execute(sa.delete(console_sessions).where(console_sessions.c.expires_at < now))
            conn.execute(
                sa.insert(console_sessions).values(
                    token_hash=_hash(token),
                    username=username,
                    csrf_token=secrets.token_urlsafe(32),
                    created_at=now,
                    expires_at=now + SESSION_TTL,
                )
            )
        return self.signer.sign(token)

    def lookup(self, cookie: str | None, now: datetime | None = None) -> Session | None:
        token = self.signer.unsign(cookie)
        if token is None:
            return None
        c, o = console_sessions.c, officials.c
        with self.db.read() as conn:
            row = conn.execute(
                sa.select(
                    c.username,
                    c.csrf_token,
                    c.created_at,
                    c.expires_at,
                    o.full_name,
                    o.office_code,
                    o.disabled_at,
                    o.tokens_after,
                )
                .select_from(console_sessions.join(officials, o.username == c.username))
                .where(c.token_hash == _hash(token))
            ).first()
        if row is None or as_utc(row.expires_at) <= (now or utc_now()):
            return None
        # A disabled official, or one whose password was reset after this log-in, is logged
        # out here as the API's tokens are (server.login.SessionCheck).
        created_ms = int(as_utc(row.created_at).timestamp() * 1000)
        if row.disabled_at is not None or created_ms < int(row.tokens_after or 0):
            return None
        return Session(row.username, row.full_name, row.office_code, row.csrf_token)

    def delete(self, cookie: str | None) -> None:
        token = self.signer.unsign(cookie)
        if token is None:
            return
        with self.db.write() as conn:
            conn.execute(
                sa.delete(console_sessions).where(console_sessions.c.token_hash == _hash(token))
            )

    # -- the log-in form's CSRF token ------------------------------------------------------------

    def new_login_nonce(self) -> tuple[str, str]:
        """(cookie value, form token) for one showing of the log-in form."""
        nonce = f"{secrets.token_urlsafe(16)}:{int(utc_now().timestamp())}"
        return self.signer.sign(nonce), self.signer.mac("login-form:" + nonce)

    def login_token_valid(self, cookie: str | None, form_token: str) -> bool:
        nonce = self.signer.unsign(cookie)
        if nonce is None or ":" not in nonce:
            return False
        issued = int(nonce.rsplit(":", 1)[1])
        if utc_now().timestamp() - issued > LOGIN_FORM_TTL.total_seconds():
            return False
        return hmac.compare_digest(self.signer.mac("login-form:" + nonce), form_token)


def csrf_valid(session: Session, form_token: str) -> bool:
    return bool(form_token) and hmac.compare_digest(session.csrf_token, form_token)
