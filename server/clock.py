"""UTC time, the one way: every stored and returned time is an aware UTC datetime.

SQLite hands back naive datetimes and PostgreSQL aware ones in the session's zone; ``as_utc``
makes both the same before anything compares or prints them.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso(value: datetime) -> str:
    """ISO 8601 with an explicit +00:00 offset, as the contract requires."""
    return as_utc(value).isoformat()
