"""The local store: one SQLite file with the declarations, rating sheets, the outbox and answers.

All client SQL lives in this package. ``Store`` (``app.store.store``) owns the connection and
hands out a manager per concept: ``store.declarations``, ``store.sheets``, ``store.outbox``,
``store.responses``, ``store.support``, ``store.prompts``, ``store.meta``. Beside them:
``schema`` (the migrations), ``files`` (the file's rules: tracked connections, damage,
quarantine), ``errors`` (the failures and what the user is told), ``opening`` (the start, the one
place a damaged file is moved), ``salvage`` and ``rescue`` (damage), ``query`` (the declarations
table's queries) and ``bundle_copy`` (the support bundle's masked copy). Rows leave the package
as frozen dataclasses; the names most callers need are re-exported here, the states the rows
carry (``app.domain.states``) among them.
"""

from app.domain.states import OutboxState, RatingState
from app.store.changes import (
    ALL_PARTS,
    StorePart,
    add_change_listener,
    notify_changed,
    remove_change_listener,
)
from app.store.declarations import refresh_all_rating_states
from app.store.errors import (
    DAMAGED_FOUND,
    NEWER_SCHEMA,
    NOT_SAVED_DAMAGED,
    NOT_SAVED_DISK_FULL,
    NOT_SAVED_IO,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreInUse,
    corrupt_notice,
)
from app.store.files import (
    add_damage_listener,
    check_integrity,
    connect,
    connect_reader,
    damage_of,
    damaged_marker,
    is_corruption,
    is_disk_full,
    open_connections,
    quarantine,
    reading,
    remove_damage_listener,
    report_damage,
)
from app.store.outbox import ClaimedItem, OutboxItem, OutboxKind, SendOutcome
from app.store.responses import StoredResponse
from app.store.schema import SCHEMA_VERSION, migrate
from app.store.sheets import SentSheet
from app.store.store import Store
from app.store.support import Office, Screenshot

__all__ = [
    "ALL_PARTS",
    "DAMAGED_FOUND",
    "NEWER_SCHEMA",
    "NOT_SAVED_DAMAGED",
    "NOT_SAVED_DISK_FULL",
    "NOT_SAVED_IO",
    "SCHEMA_VERSION",
    "ClaimedItem",
    "Office",
    "OutboxItem",
    "OutboxKind",
    "OutboxState",
    "RatingState",
    "Screenshot",
    "SendOutcome",
    "SentSheet",
    "Store",
    "StoreDamaged",
    "StoreError",
    "StoreFull",
    "StoreInUse",
    "StorePart",
    "StoredResponse",
    "add_change_listener",
    "add_damage_listener",
    "check_integrity",
    "connect",
    "connect_reader",
    "corrupt_notice",
    "damage_of",
    "damaged_marker",
    "is_corruption",
    "is_disk_full",
    "migrate",
    "notify_changed",
    "open_connections",
    "quarantine",
    "reading",
    "refresh_all_rating_states",
    "remove_change_listener",
    "remove_damage_listener",
    "report_damage",
]
