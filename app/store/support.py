"""``store.support``: the declarant's requests to the customs help desk (seed 004), queued.

A request and its outbox row are written together, its screenshot (at most 1 MB) beside it in
the store, so the sync engine sends both when the connection is there. The support form's local
reads (``known_offices``, ``last_enterprise_name``) run on a worker thread with a read
connection of their own, while the window goes on using the store.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from app.domain.model import SupportRequest
from app.domain.support_rules import sniff_image, validate_support_request
from app.store import clock
from app.store.changes import StorePart
from app.store.files import reading
from app.store.outbox import OutboxKind, enqueue

if TYPE_CHECKING:
    from app.store.store import Store


class Screenshot(NamedTuple):
    """A request's screenshot: the image bytes and their media type, sniffed at saving."""

    data: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Office:
    """A customs office (Chi cục) the local declarations name: its code and name."""

    code: str
    name: str


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
        with self._store.transaction(StorePart.SUPPORT, StorePart.OUTBOX) as conn:
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
            self._store.enterprises.ensure_listed(conn)
        return request_id

    def screenshot(self, request_id: int) -> Screenshot | None:
        row = self._store.execute(
            "SELECT screenshot, screenshot_type FROM support_requests WHERE id = ?", (request_id,)
        ).fetchone()
        return Screenshot(row[0], row[1]) if row and row[0] is not None else None


def known_offices(store_file: Path) -> list[Office]:
    """Every office in the local declarations, by code (the form's list of Chi cục).

    Its own read connection, so it can run on a worker while the window uses the store.
    """
    try:
        with reading(store_file) as conn:
            rows = conn.execute(
                "SELECT office_code, max(office_name) FROM declarations"
                " GROUP BY office_code ORDER BY office_code"
            ).fetchall()
    except sqlite3.OperationalError:  # a store not created yet has no table
        return []
    return [Office(str(code), str(name or "")) for code, name in rows]


def last_enterprise_name(store_file: Path, tax_code: str) -> str:
    """The enterprise name given in this enterprise's last support request, to prefill the form."""
    try:
        with reading(store_file) as conn:
            row = conn.execute(
                "SELECT enterprise_name FROM support_requests WHERE tax_code = ?"
                " ORDER BY id DESC LIMIT 1",
                (tax_code,),
            ).fetchone()
    except sqlite3.OperationalError:
        return ""
    return str(row[0]) if row else ""
