"""The states things pass through, as ``StrEnum``s: one spelling for the code, the store and the UI.

Each member *is* its string (``ConnectionState.ONLINE == "online"``), so a value read back from
SQLite, a Qt signal or a log line compares equal to the member, and nothing needs converting at
the edges. The store's values are the exact text of its columns (``declarations.rating_state``,
``outbox.state``): SQL text may keep its literals; Python code uses the members.
"""

from __future__ import annotations

import enum


class RatingState(enum.StrEnum):
    """What the declarations table shows in its rating column (and filters on)."""

    NOT_RATABLE = "not_ratable"  # still in clearance, or cancelled
    UNRATED = "unrated"  # chưa đánh giá
    QUEUED = "queued"  # chờ gửi
    SENT = "sent"  # đã gửi
    REJECTED = "rejected"  # bị từ chối


class OutboxState(enum.StrEnum):
    """Where an outbox item (a sheet, a support request, a follow-up) stands on its way out."""

    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    REJECTED = "rejected"
    NEEDS_ATTENTION = "needs_attention"


class ConnectionState(enum.StrEnum):
    """Where the last sync pass left the connection to the intake server (``SyncReport.connection``)."""

    ONLINE = "online"
    OFFLINE = "offline"
    DEGRADED = "degraded"  # reachable but refusing work for now (429/503/5xx/garbage)
    AUTH_FAILED = "auth_failed"
    NOT_LOGGED_IN = "not_logged_in"
    LOCAL_ERROR = "local_error"  # this computer's side failed: full disk, store error, a bug


class ErrorKind(enum.StrEnum):
    """How an API call failed, which decides what the sync engine does next."""

    UNREACHABLE = "unreachable"  # refused, DNS, reset before a reply
    TIMEOUT = "timeout"  # the server may or may not have committed
    SERVER = "server"  # 5xx
    THROTTLED = "throttled"  # 429 / 503 with Retry-After
    INVALID_RESPONSE = "invalid_response"  # not the reply the contract (app.domain.wire) promises
    AUTH = "auth"  # 401: wrong password or token expired
    CLIENT = "client"  # 4xx other than 401/429: our request is wrong
    INSECURE = "insecure"  # plain http to a non-loopback host

    @property
    def transient(self) -> bool:
        """A retry later may succeed: the request itself was not refused."""
        return self in _TRANSIENT


_TRANSIENT = frozenset(
    {
        ErrorKind.UNREACHABLE,
        ErrorKind.TIMEOUT,
        ErrorKind.SERVER,
        ErrorKind.THROTTLED,
        ErrorKind.INVALID_RESPONSE,
    }
)
