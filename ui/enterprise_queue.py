"""The rating prompt's queue, grouped by enterprise, and the words that say whose it is.

One sync of several enterprises may complete declarations of each: they join the one prompt
(never a dialog per enterprise, never fifty dialogs), the current enterprise's first, then each
other enterprise's together, each in the order they came. What is already behind the declarant
(and the declaration on screen) stays where it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from app.store import Store
from ui.enterprise_switcher import enterprise_label


class Numbered(Protocol):
    @property
    def number(self) -> str: ...


T = TypeVar("T", bound=Numbered)


def merge_grouped(store: Store, queue: Sequence[T], index: int, fresh: Sequence[T]) -> list[T]:
    """*queue* with *fresh* added after position *index*, the part still ahead grouped by enterprise."""
    owners = store.declarations.tax_codes_of([i.number for i in (*queue, *fresh)])
    head, ahead = list(queue[: index + 1]), [*queue[index + 1 :], *fresh]
    first = owners.get(queue[index].number, "") if queue else store.current_tax_code
    order: list[str] = [first]
    for item in ahead:
        owner = owners.get(item.number, "")
        if owner not in order:
            order.append(owner)
    return head + sorted(ahead, key=lambda item: order.index(owners.get(item.number, "")))


def owner_label(store: Store, tax_code: str) -> str:
    """Whose declaration the prompt shows: the enterprise's name and tax code."""
    return enterprise_label(store.enterprises.get(tax_code), tax_code)
