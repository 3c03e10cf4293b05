"""The declarant's side of the customs help desk (seed 004) that is not validation.

Seed 004 asks the declarant to search answers by operation code *before* asking, and to name
the Cục/Chi cục where the problem arose. Both need data the form does not hold: the answered
requests live on the intake server (searched here), the offices on this machine's declarations
(read by ``app.store.support.known_offices``). Both are called on a worker thread; neither
touches Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.wire import SupportAnswerOut
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
