"""Logging in: the password check behind a throttle, with hashing that cannot starve the server.

``LoginGate.login`` is the one call for every login (the API's ``POST /auth/token``, the officials'
web console): it refuses at once, without hashing, while the account or the client address is
locked out; otherwise it checks the password through ``server.accounts.authenticate_*`` and
records the outcome.

- **Throttle.** Failures are counted per account (``enterprise:<tax code>``, ``official:<user>``,
  whether or not it exists, so the answers tell nothing about which do) and per client address,
  in the ``login_failures`` table: a lockout survives a restart and holds for every worker on the
  database. Past the free failures (5 per account, 20 per address) each failure locks for twice
  as long as the one before, from 1 s up to 15 min; an hour without a failure starts the count
  again. A good password clears its account's count (not its address's: a guesser with one
  account of its own must not reset its address by logging into it between guesses).
- **Bounded hashing.** scrypt costs tens of milliseconds of CPU and 16 MiB. At most
  ``hash_slots`` checks run at once and ``waiting`` more may queue; past that the gate answers
  "busy" (503 with Retry-After) at once, so a flood of logins cannot take the CPU and the
  thread pool from the rest of the API.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.messages import Message, login_throttled
from server import accounts
from server.database import Database
from server.schema import login_failures

ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    free_per_account: int = 5
    free_per_address: int = 20
    first_delay: float = 1.0
    max_delay: float = 900.0
    forget_after: float = 3600.0

    def free(self, scope: str) -> int:
        return self.free_per_account if scope == ACCOUNT else self.free_per_address

    def lock_for(self, scope: str, failures: int) -> float:
        """Seconds of lockout after the *failures*-th failure in a row."""
        over = failures - self.free(scope)
        if over <= 0:
            return 0.0
        return min(self.max_delay, self.first_delay * 2 ** min(over - 1, 30))


class LoginThrottled(Exception):
    """Too many failures for this account or address: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"login throttled for {retry_after} s")
        self.retry_after = retry_after


class LoginBusy(Exception):
    """Too many logins being checked at once: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int = 1):
        super().__init__("too many logins at once")
        self.retry_after = retry_after


def throttled_message(seconds: int) -> Message:
    return login_throttled(seconds)


LOGIN_BUSY = Message(
    "login_busy",
    "Máy chủ đang xử lý quá nhiều lượt đăng nhập. Vui lòng thử lại sau giây lát.",
    "The server is checking too many logins at once. Please try again in a moment.",
)


class LoginGate:
    def __init__(
        self,
        db: Database,
        *,
        policy: ThrottlePolicy | None = None,
        hash_slots: int = 2,
        waiting: int = 16,
        clock: Callable[[], float] = time.time,
    ):
        self.db = db
        self.policy = policy or ThrottlePolicy()
        self.clock = clock
        self._slots = threading.BoundedSemaphore(hash_slots)
        self._admitted = threading.BoundedSemaphore(hash_slots + waiting)

    def login(
        self, kind: str, subject: str, password: str, address: str
    ) -> accounts.Account | None:
        """The account, or None for a wrong identity or password (recorded as a failure).

        Raises ``LoginThrottled`` while the account or *address* is locked out (nothing is
        checked then) and ``LoginBusy`` when too many checks are running or waiting. Blocks for
        the check (run it off the event loop).
        """
        keys = [(ACCOUNT, f"{kind}:{subject}"[:128]), (ADDRESS, address[:128])]
        wait, counted = self._state(keys)
        if wait > 0:
            raise LoginThrottled(math.ceil(wait))
        if not self._admitted.acquire(blocking=False):
            raise LoginBusy()
        try:
            if not self._slots.acquire(timeout=10):
                raise LoginBusy()
            try:
                with self.db.read() as conn:
                    if kind == accounts.ENTERPRISE:
                        account = accounts.authenticate_enterprise(conn, subject, password)
                    else:
                        account = accounts.authenticate_official(conn, subject, password)
            finally:
                self._slots.release()
        finally:
            self._admitted.release()
        if account is None:
            self.record_failure(keys)
        elif keys[0] in counted:  # no write at all for the usual login, with nothing to clear
            self.record_success(keys[0])
        return account

    def locked_for(self, keys: Sequence[tuple[str, str]]) -> float:
        """Seconds until none of *keys* is locked out (0: go ahead)."""
        return self._state(keys)[0]

    def _state(self, keys: Sequence[tuple[str, str]]) -> tuple[float, set[tuple[str, str]]]:
        """(seconds until none of *keys* is locked out, the keys that have failures counted)."""
        now = self.clock()
        t = login_failures.c
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(t.scope, t.key, t.locked_until).where(
                    sa.or_(*(sa.and_(t.scope == scope, t.key == key) for scope, key in keys))
                )
            ).all()
        until = max((row.locked_until for row in rows), default=0.0)
        return max(0.0, until - now), {(row.scope, row.key) for row in rows}

    def record_failure(self, keys: Sequence[tuple[str, str]]) -> None:
        now = self.clock()
        t = login_failures.c
        with self.db.write() as conn:
            for scope, key in keys:
                self._ensure_row(conn, scope, key, now)
                where = sa.and_(t.scope == scope, t.key == key)
                row = conn.execute(
                    sa.select(t.failures, t.last_failure_at).where(where).with_for_update()
                ).one()
                recent = now - row.last_failure_at <= self.policy.forget_after
                failures = row.failures + 1 if recent else 1
                lock = self.policy.lock_for(scope, failures)
                conn.execute(
                    sa.update(login_failures)
                    .where(where)
                    .values(
                        failures=failures,
                        last_failure_at=now,
                        locked_until=now + lock if lock else 0.0,
                    )
                )

    def _ensure_row(self, conn: Connection, scope: str, key: str, now: float) -> None:
        conn.execute(
            self.db.insert_ignoring_conflicts(login_failures).values(
                scope=scope, key=key, failures=0, last_failure_at=now, locked_until=0.0
            )
        )

    def record_success(self, account_key: tuple[str, str]) -> None:
        scope, key = account_key
        t = login_failures.c
        with self.db.write() as conn:
            conn.execute(sa.delete(login_failures).where(t.scope == scope, t.key == key))

    def forget(self, kind: str, subject: str) -> None:
        """Clear an account's failures (an administrator reset its password)."""
        self.record_success((ACCOUNT, f"{kind}:{subject}"[:128]))


class SessionCheck:
    """Whether a token still speaks for its account: not disabled, not issued before the last
    password reset. Each account's answer is kept ``ttl`` seconds, so revocation reaches every
    worker within that time and the database is asked at most once per account per ``ttl``."""

    def __init__(
        self, db: Database, *, ttl: float = 2.0, clock: Callable[[], float] = time.monotonic
    ):
        self.db = db
        self.ttl = ttl
        self.clock = clock
        self._seen: dict[tuple[str, str], tuple[float, int | None]] = {}

    def cached(self, role: str, subject: str, issued_ms: int) -> bool | None:
        """The answer without the database, or None when it must be asked (``check``)."""
        entry = self._seen.get((role, subject))
        if entry is None or self.clock() - entry[0] > self.ttl:
            return None
        return entry[1] is not None and issued_ms >= entry[1]

    def check(self, role: str, subject: str, issued_ms: int) -> bool:
        if role not in (accounts.ENTERPRISE, accounts.OFFICIAL):
            return False
        with self.db.read() as conn:
            after = accounts.tokens_valid_after(conn, role, subject)
        if len(self._seen) > 100_000:
            self._seen.clear()
        self._seen[(role, subject)] = (self.clock(), after)
        return after is not None and issued_ms >= after
