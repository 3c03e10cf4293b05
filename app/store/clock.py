"""The store's times as text: UTC, ISO 8601, so they sort as they read."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """When a row is written, to the millisecond (rows written in one go stay in order)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def iso(value: datetime) -> str:
    """A time from the server or the domain, in UTC to the second; a naive one is taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")
