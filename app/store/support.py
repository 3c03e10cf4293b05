"""``store.support``: the declarant's requests to the customs help desk (seed 004), queued.

A request and its outbox row are written together, its screenshot (at most 1 MB) beside it in
the store, so the sync engine sends both when the connection is there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple

from app.domain.model import SupportRequest
from app.domain.support_rules import sniff_image, validate_support_request
from app.store import clock
from app.store.outbox import OutboxKind, enqueue

if TYPE_CHECKING:
    from app.store.store import Store


class Screenshot(NamedTuple):
    """A request's screenshot: the image bytes and their media type, sniffed at saving."""

    data: bytes
    content_type: str


class SupportRequests:
    """``store.support``."""

    def __init__(self, store: Store):
        self._store = store

    def save(self, request: SupportRequest) -> int:
        """Validate and commit a support request with its outbox row; return its id."""
        request = validate_support_request(request)
        now = clock.now()
        payload = json.dumps(
            {
                "idempotency_key": request.idempotency_key,
                "enterprise_name": request.enterprise_name,
                "office_code": request.office_code,
                "operation_code": request.operation_code,
                "content": request.content,
                "contact_name": request.contact_name,
                "contact_phone": request.contact_phone,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        with self._store.transaction() as conn:
            request_id = conn.execute(
                "INSERT INTO support_requests(idempotency_key, tax_code, enterprise_name,"
                " office_code, operation_code, content, contact_name, contact_phone, screenshot,"
                " screenshot_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    request.idempotency_key,
                    request.tax_code,
                    request.enterprise_name,
                    request.office_code,
                    request.operation_code,
                    request.content,
                    request.contact_name,
                    request.contact_phone,
                    request.screenshot,
                    sniff_image(request.screenshot) if request.screenshot else None,
                    now,
                ),
            ).lastrowid
            assert request_id is not None
            enqueue(
                conn,
                OutboxKind.SUPPORT_REQUEST,
                request_id,
                request.idempotency_key,
                request.tax_code,
                payload,
                now=now,
                due=now,
            )
        return request_id

    def screenshot(self, request_id: int) -> Screenshot | None:
        row = self._store.execute(
            "SELECT screenshot, screenshot_type FROM support_requests WHERE id = ?", (request_id,)
        ).fetchone()
        return Screenshot(row[0], row[1]) if row and row[0] is not None else None
