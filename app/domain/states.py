"""The states things go through, as ``StrEnum``s every layer compares against.

Each value is the exact text stored in the store's columns (``declarations.rating_state``,
``outbox.state``), so a member compares equal to the string read back from SQLite and SQL text
may keep its literals; Python code uses the members, never a loose string.
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
