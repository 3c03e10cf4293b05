"""The declarant's side of the customs help desk (seed 004) that is not validation.

Seed 004 asks the declarant to search answers by operation code *before* asking, and to name
the Cục/Chi cục where the problem arose. Both need data the form does not hold: the answered
requests live on the intake server, the offices on this machine's declarations. The functions
here fetch them and are called on a worker thread; none of them touches Qt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.wire import SupportAnswerOut
from app.store import reading
from app.sync.api_client import ApiClient

#: (server URL, tax code, password getter), as ``ClientSession.connection_details`` gives it.
Connection = tuple[str, str, Callable[[], str | None]]

SUGGESTION_LIMIT = 5


@dataclass(frozen=True, slots=True)
class AnsweredRequest:
    """One answered question from the desk, in plain text."""

    request_id: str
    operation_code: str
    office_code: str
    tax_code: str
    content: str
    answer: str
    answered_at: str

    @classmethod
    def from_api(cls, item: SupportAnswerOut) -> AnsweredRequest:
        """From an answer the client has read through the contract (``ApiClient``)."""
        return cls(
            request_id=item.request_id,
            operation_code=item.operation_code,
            office_code=item.office_code,
            tax_code=item.tax_code,
            content=item.content,
            answer=item.answer,
            answered_at=item.answered_at,
        )


@dataclass(frozen=True, slots=True)
class SearchResult:
    enterprise_name: str
    items: list[AnsweredRequest]


def search_answers(
    connection: Connection,
    *,
    operation_code: str = "",
    tax_code: str = "",
    text: str = "",
    timeout: tuple[float, float] = (3.0, 10.0),
) -> SearchResult:
    """Log in and search the desk's answered requests. Raises ApiError when offline.

    A fresh client per search: it runs on a worker, and sharing the sync engine's session across
    threads would be the kind of shortcut that breaks under a slow server.
    """
    url, own_tax_code, password = connection
    client = ApiClient(url, timeout=timeout)
    try:
        token = client.login(own_tax_code, password() or "")
        items = client.search_support_requests(
            operation_code=operation_code, tax_code=tax_code, text=text
        )
    finally:
        client.close()
    return SearchResult(
        enterprise_name=token.enterprise_name or "",
        items=[AnsweredRequest.from_api(item) for item in items],
    )


def known_offices(store_file: Path) -> list[tuple[str, str]]:
    """(office code, office name) of every office in the local declarations, by code.

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
    return [(str(code), str(name or "")) for code, name in rows]


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
