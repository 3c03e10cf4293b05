"""Limits the intake server enforces, in one place so the API, the docs and the tests agree.

The numbers are part of the contract with the client (notes/api-contract.md): the support form
refuses a screenshot over 1 MB before it is ever sent. The batch size the client must keep to is
the contract's own, ``app.domain.wire.MAX_BATCH_ITEMS``.
"""

from __future__ import annotations

from datetime import timedelta

MAX_BODY_BYTES = 5 * 1024 * 1024
#: A screenshot (seed 004: "không quá 1MB") plus the form's text fields and multipart framing.
SCREENSHOT_MAX_BYTES = 1024 * 1024
SUPPORT_BODY_BYTES = SCREENSHOT_MAX_BYTES + 64 * 1024
#: A client that keeps streaming past this after the limit is hit is cut off instead of drained.
MAX_DRAIN_BYTES = 64 * 1024 * 1024
MAX_PAGE_ITEMS = 500
MAX_SEARCH_ITEMS = 100
TOKEN_TTL = timedelta(hours=12)
#: Requests of each kind inside the API at once (server/overload.py); the next is a 503 with
#: Retry-After at once. Their sum stays at the thread pool's 40 threads, so an admitted request
#: never queues for a thread; writes are few because they serialise on the database anyway.
IN_FLIGHT = {"login": 8, "write": 8, "read": 24}
