"""An intake database holding one declarant's world, for support staff replaying their bundle.

The embedded server normally seeds the simulator's demo world on a fresh data dir. A replay needs
the declarant's own world instead: their enterprise, and their declarations with the same
numbers, statuses, channels, targets and history, so the sheets in the bundle's outbox meet the
same checks they met (each rated target must have handled its declaration). ``seed_replay``
writes that into a fresh data dir and marks it seeded, so ``start_embedded`` on it adds nothing
of the demo world and the simulator, started still (``pace=0``), moves nothing.

It takes plain data (the kernel's ``Declaration``): the server reads no client file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.domain.model import Declaration
from server.accounts import add_enterprise
from server.clock import iso, utc_now
from server.database import Database
from server.schema import declarations
from server.simulator import DEFAULT_SEED, REPLAY_META


class AlreadySeeded(RuntimeError):
    """The data dir holds a database already: a replay starts from an empty one."""


def declaration_row(declaration: Declaration, change_seq: int) -> dict[str, object]:
    """One declarations row, its targets and history in the feed's JSON shapes."""
    history = [
        {"status": change.status.value, "at": iso(change.at)} for change in declaration.history
    ]
    if not history:
        history = [{"status": declaration.status.value, "at": iso(declaration.registered_at)}]
    return {
        "number": declaration.number,
        "tax_code": declaration.tax_code,
        "type_code": declaration.type_code,
        "office_code": declaration.office_code,
        "office_name": declaration.office_name,
        "channel": int(declaration.channel) if declaration.channel else None,
        "registered_at": declaration.registered_at,
        "status": declaration.status.value,
        "targets": [
            {"kind": target.kind.value, "code": target.code, "name": target.name}
            for target in declaration.targets
        ],
        "history": history,
        "change_seq": change_seq,
        "updated_at": utc_now(),
    }


@dataclass(frozen=True)
class ReplayEnterprise:
    """One enterprise of the bundle: who logs in, with which password, and its declarations."""

    tax_code: str
    name: str
    password: str
    declarations: Sequence[Declaration]


def seed_replay(
    data_dir: Path,
    *,
    tax_code: str,
    name: str,
    password: str,
    declarations_of_enterprise: Sequence[Declaration],
) -> int:
    """Write the enterprise (who may log in with *password*) and its declarations; return how many.

    Refuses a data dir that holds a database already, so a replay never mixes with another world.
    """
    return seed_replay_enterprises(
        data_dir, [ReplayEnterprise(tax_code, name, password, declarations_of_enterprise)]
    )


def seed_replay_enterprises(data_dir: Path, enterprises: Sequence[ReplayEnterprise]) -> int:
    """Every enterprise of a (broker's) bundle, each with its own password and declarations.

    Each declaration goes in under its own enterprise only (one of another tax code in a list is
    left out), and the change sequence runs across all, as the feed numbers them.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database.for_data_dir(data_dir)
    try:
        db.create_schema()
        with db.write() as conn:
            if db.get_meta(conn, "sim_seeded"):
                raise AlreadySeeded(str(data_dir))
            db.set_meta(conn, "sim_seed", str(DEFAULT_SEED))
            for enterprise in enterprises:
                add_enterprise(conn, enterprise.tax_code, enterprise.name, enterprise.password)
            mine = (
                declaration
                for enterprise in enterprises
                for declaration in enterprise.declarations
                if declaration.tax_code == enterprise.tax_code
            )
            rows = [declaration_row(d, seq) for seq, d in enumerate(mine, start=1)]
            for start in range(0, len(rows), 500):
                conn.execute(sa.insert(declarations), rows[start : start + 500])
            # Seeded: the simulator adds no demo world on top of the declarant's own, not even
            # the demo enterprises the declarant's bundle leaves out.
            db.set_meta(conn, "sim_seeded", "1")
            db.set_meta(conn, REPLAY_META, "1")
        return len(rows)
    finally:
        db.dispose()
