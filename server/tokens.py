"""Bearer tokens: signed, self-contained, checked without a database round trip.

The signing key is kept in the database, so tokens survive a restart of the server (the
embedded server stops and starts its listener for the ``offline`` scenario) and every process
that shares the database accepts them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from server.clock import utc_now


@dataclass(frozen=True, slots=True)
class TokenClaims:
    role: str
    subject: str
    expires_at: datetime
    #: Milliseconds since the epoch; a password reset or a disabled account voids earlier ones.
    issued_ms: int = 0


class InvalidToken(Exception):
    pass


class TokenSigner:
    def __init__(self, secret: str, ttl: timedelta):
        self._key = bytes.fromhex(secret)
        self.ttl = ttl

    def issue(self, role: str, subject: str) -> tuple[str, datetime]:
        now = utc_now()
        expires_at = (now + self.ttl).replace(microsecond=0)
        payload = json.dumps(
            {
                "r": role,
                "s": subject,
                "e": int(expires_at.timestamp()),
                "i": int(now.timestamp() * 1000),
            },
            separators=(",", ":"),
        ).encode()
        body = _b64(payload)
        return f"{body}.{self._sign(body)}", expires_at

    def verify(self, token: str) -> TokenClaims:
        if not token.isascii():  # compare_digest refuses non-ASCII text; no token of ours has any
            raise InvalidToken("bad characters")
        body, _, signature = token.partition(".")
        if not body or not hmac.compare_digest(signature, self._sign(body)):
            raise InvalidToken("bad signature")
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            claims = TokenClaims(
                str(data["r"]),
                str(data["s"]),
                datetime.fromtimestamp(int(data["e"]), UTC),
                int(data.get("i", 0)),
            )
        except (ValueError, KeyError, TypeError, OverflowError, OSError) as error:
            raise InvalidToken("bad payload") from error
        if claims.expires_at <= utc_now():
            raise InvalidToken("expired")
        return claims

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
