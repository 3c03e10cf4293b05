"""A small VNACCS: enterprises register declarations, customs assigns channels and clears them.

Deterministic: the world (offices' officers, enterprises, declaration numbers) comes from the
seed alone, and tick *n* draws from a generator seeded with (seed, n), so two data dirs started
with the same seed and advanced the same number of ticks hold the same declarations — the times
aside, which follow the real clock so a newcomer sees today's dates. Support staff rely on that
to rebuild a declarant's situation.

Only the simulator writes declarations, one transaction per move, each change taking the next
change number (the declarations feed's cursor).
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.model import (
    COMPLETED_STATUSES,
    IN_CLEARANCE_STATUSES,
    Channel,
    Declaration,
    DeclarationStatus,
    TargetKind,
    can_transition,
)
from app.domain.validation import validate_tax_code
from server import reference_data as ref
from server.accounts import add_enterprise, add_official
from server.clock import as_utc, iso, utc_now
from server.database import Database
from server.demo import (
    DEMO_ENTERPRISE_NAME,
    DEMO_ENTERPRISES,
    DEMO_OFFICIAL_NAME,
    DEMO_OFFICIAL_OFFICE,
    DEMO_OFFICIAL_PASSWORD,
    DEMO_OFFICIAL_USERNAME,
    DEMO_TAX_CODE,
    DEMO_TAX_CODES,
)
from server.schema import declarations, enterprises, support_requests
from server.support import fold, new_request_id

log = logging.getLogger(__name__)

DEFAULT_SEED = 2025
#: Set by ``server.replay_seed``: the data dir holds a support bundle's world, no demo one added.
REPLAY_META = "replay_of_bundle"
SIMULATED_ENTERPRISES = 11
S = DeclarationStatus
MOVING = (S.REGISTERED, S.CHANNEL_ASSIGNED, S.INSPECTION, S.RELEASED, S.BROUGHT_TO_STORAGE)
# An odd multiplier not divisible by 5 permutes 0…10¹⁰−1: numbers look random, never repeat.
_NUMBER_MULTIPLIER = 7_919_191
_NUMBER_SPACE = 10**10


def target(kind: TargetKind, code: str, name: str) -> dict[str, str]:
    return {"kind": kind.value, "code": code, "name": name}


def draw_channel(rng: random.Random) -> Channel:
    """78 % green, 20 % yellow, 2 % red, as one province reported for March 2025."""
    roll = rng.random()
    if roll < 0.78:
        return Channel.GREEN
    return Channel.YELLOW if roll < 0.98 else Channel.RED


def make_tax_code(rng: random.Random, province: str) -> str:
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    while True:
        base = province + "".join(str(rng.randrange(10)) for _ in range(7))
        check = 10 - sum(w * int(d) for w, d in zip(weights, base, strict=True)) % 11
        if check < 10:
            return validate_tax_code(base + str(check))


def vietnamese_name(rng: random.Random) -> str:
    return (
        f"{rng.choice(ref.SURNAMES)} {rng.choice(ref.MIDDLE_NAMES)} {rng.choice(ref.GIVEN_NAMES)}"
    )


class World:
    """Everything that depends only on the seed: who works where, which enterprises exist."""

    def __init__(self, seed: int):
        rng = random.Random(f"{seed}:world")
        codes = iter(rng.sample(range(1000, 10000), 200))
        self.officers: dict[tuple[str, str], list[dict[str, str]]] = {}
        for office in ref.OFFICES:
            for suffix, _team in ref.TEAMS:
                self.officers[(office.code, suffix)] = [
                    target(TargetKind.OFFICER, f"CC{next(codes)}", vietnamese_name(rng))
                    for _ in range(3)
                ]
        self.enterprises: list[tuple[str, str]] = []
        seen = set(DEMO_TAX_CODES)
        while len(self.enterprises) < SIMULATED_ENTERPRISES:
            tax_code = make_tax_code(rng, rng.choice(ref.TAX_PROVINCES))
            if tax_code in seen:
                continue
            seen.add(tax_code)
            name = " ".join(
                (
                    rng.choice(ref.ENTERPRISE_FORMS),
                    rng.choice(ref.ENTERPRISE_TRADES),
                    rng.choice(ref.ENTERPRISE_NAMES),
                )
            )
            self.enterprises.append((tax_code, name))
        self.number_offset = rng.randrange(_NUMBER_SPACE)
        self.offices = {office.code: office for office in ref.OFFICES}
        #: The demo enterprise works through Hai Phong and Quang Ninh, as in the seeds.
        self.demo_offices = [o for o in ref.OFFICES if o.region != ref.REGION_I]

    def team(self, office_code: str, suffix: str) -> dict[str, str]:
        name = dict(ref.TEAMS)[suffix]
        return target(TargetKind.TEAM, f"{office_code}-{suffix}", name)

    def sub_department(self, office_code: str) -> dict[str, str]:
        return target(TargetKind.SUB_DEPARTMENT, office_code, self.offices[office_code].full_name)


def stage(pair: tuple[str, str]) -> dict[str, str]:
    return target(TargetKind.STAGE, *pair)


@dataclass(slots=True)
class _Declaration:
    """A declaration being moved: the row's mutable part."""

    number: str
    tax_code: str
    type_code: str
    office_code: str
    status: S
    channel: Channel | None
    registered_at: datetime
    targets: list[dict[str, str]]
    history: list[dict[str, str]]
    id: int | None = None
    last_at: datetime = field(default_factory=utc_now)

    @property
    def is_import(self) -> bool:
        return self.number.startswith("10")

    def add_target(self, item: dict[str, str]) -> None:
        if all((t["kind"], t["code"]) != (item["kind"], item["code"]) for t in self.targets):
            self.targets.append(item)

    def move(self, status: S, at: datetime) -> None:
        if not can_transition(self.status, status):
            raise ValueError(f"{self.number}: {self.status} → {status} is not a VNACCS move")
        self.status = status
        self.history.append({"status": status.value, "at": iso(at)})
        self.last_at = at


class _Tx:
    """Counters read once per transaction and written back at its end."""

    def __init__(self, db: Database, conn: Connection):
        self.db = db
        self.conn = conn
        db.serialise_feed_writes(conn, declarations)
        self.counter = int(db.get_meta(conn, "sim_counter") or 0)
        self.seq = conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(declarations.c.change_seq), 0))
        ).scalar_one()

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def close(self) -> None:
        self.db.set_meta(self.conn, "sim_counter", str(self.counter))


class Simulator:
    def __init__(self, db: Database, *, seed: int = DEFAULT_SEED):
        self.db = db
        self._lock = threading.RLock()
        with db.write() as conn:
            stored = db.get_meta(conn, "sim_seed")
            if stored is None:
                db.set_meta(conn, "sim_seed", str(seed))
            elif int(stored) != seed:
                log.info("data dir was seeded with %s; keeping it (asked for %s)", stored, seed)
                seed = int(stored)
        self.seed = seed
        self.world = World(seed)
        self.demo_tax_code = DEMO_TAX_CODE

    # -- public API ----------------------------------------------------------------------------

    def ensure_seeded(self) -> bool:
        """On a fresh database: accounts, a starting set of declarations, answered questions."""
        with self._lock, self.db.write() as conn:
            if self.db.get_meta(conn, "sim_seeded"):
                # A bundle's replay (server.replay_seed) holds its declarant's world alone.
                if not self.db.get_meta(conn, REPLAY_META):
                    self._seed_new_demo_enterprises(conn)
                return False
            tx = _Tx(self.db, conn)
            self._seed_accounts(conn)
            self._seed_declarations(tx)
            self._seed_support(conn)
            tx.close()
            self.db.set_meta(conn, "sim_seeded", "1")
            return True

    def tick(self) -> list[str]:
        """One step of the world: a few declarations registered, a few moved on."""
        with self._lock, self.db.write() as conn:
            tx = _Tx(self.db, conn)
            number = int(self.db.get_meta(conn, "sim_tick") or 0) + 1
            self.db.set_meta(conn, "sim_tick", str(number))
            rng = random.Random(f"{self.seed}:tick:{number}")
            now = utc_now()
            changed: list[_Declaration] = []
            if rng.random() < 0.35:
                changed.append(self._register(tx, rng, self.demo_tax_code, now))
            # The other demo enterprises (a broker's second client, the branch) get work too,
            # drawn apart so the first one's world stays what its seed made it.
            others = random.Random(f"{self.seed}:tick:{number}:demo")
            if others.random() < 0.25:
                tax_code = others.choice(DEMO_ENTERPRISES[1:]).tax_code
                changed.append(self._register(tx, others, tax_code, now))
            for _ in range(rng.choices((0, 1, 2), weights=(50, 40, 10))[0]):
                tax_code = rng.choice(self.world.enterprises)[0]
                changed.append(self._register(tx, rng, tax_code, now))
            candidates = self._load(
                conn,
                declarations.c.status.in_([s.value for s in MOVING]),
                limit=30,
            )
            for decl in rng.sample(candidates, k=min(3, len(candidates))):
                self._step(decl, rng, now)
                changed.append(decl)
            self._save(tx, changed, now)
            tx.close()
            return [d.number for d in changed]

    def advance(self, ticks: int = 1) -> list[str]:
        """Run *ticks* steps now; the numbers of the declarations that changed, in order."""
        changed: list[str] = []
        for _ in range(ticks):
            changed.extend(self.tick())
        return changed

    def complete_declarations(self, count: int, *, tax_code: str | None = None) -> list[str]:
        """Bring *count* of the enterprise's declarations to a completed state now.

        Takes the ones still in clearance first, oldest change first, and registers new ones
        when there are not enough. Returns their numbers.
        """
        tax_code = tax_code or self.demo_tax_code
        with self._lock, self.db.write() as conn:
            tx = _Tx(self.db, conn)
            now = utc_now()
            rng = random.Random(f"{self.seed}:complete:{tx.counter}:{tx.seq}")
            chosen = self._load(
                conn,
                declarations.c.tax_code == tax_code,
                declarations.c.status.in_([s.value for s in IN_CLEARANCE_STATUSES]),
                limit=count,
            )
            while len(chosen) < count:
                chosen.append(self._register(tx, rng, tax_code, now))
            for decl in chosen:
                while decl.status not in COMPLETED_STATUSES:
                    self._step(decl, rng, now, allow_cancel=False)
            self._save(tx, chosen, now)
            tx.close()
            return [d.number for d in chosen]

    def new_declaration(
        self,
        *,
        tax_code: str | None = None,
        status: DeclarationStatus = S.REGISTERED,
        channel: Channel | None = None,
        export: bool | None = None,
    ) -> str:
        """Register one declaration and walk it straight to *status* (for tests and demos)."""
        tax_code = tax_code or self.demo_tax_code
        with self._lock, self.db.write() as conn:
            tx = _Tx(self.db, conn)
            now = utc_now()
            rng = random.Random(f"{self.seed}:new:{tx.counter}")
            decl = self._register(tx, rng, tax_code, now, export=export)
            self._walk(decl, status, channel, rng, now)
            self._save(tx, [decl], now)
            tx.close()
            return decl.number

    def adopt(self, items: Iterable[Declaration]) -> list[str]:
        """Take on declarations a demo desktop profile made for itself (``--demo-data``).

        The client fills a throwaway profile with realistic declarations of a demo enterprise;
        the embedded server takes them on, so a sheet rated on one is checked against the same
        targets and delivered like any other instead of waiting for ever. Only demo
        enterprises' declarations, only numbers the server does not hold yet; returns those
        taken, which the declarations feed then carries like any change.
        """
        wanted = [d for d in items if d.tax_code in DEMO_TAX_CODES]
        if not wanted:
            return []
        taken: list[str] = []
        with self._lock, self.db.write() as conn:
            tx = _Tx(self.db, conn)
            numbers = [d.number for d in wanted]
            known: set[str] = set()
            for start in range(0, len(numbers), 500):
                chunk = numbers[start : start + 500]
                known.update(
                    conn.execute(
                        sa.select(declarations.c.number).where(declarations.c.number.in_(chunk))
                    ).scalars()
                )
            now = utc_now()
            for decl in wanted:
                if decl.number in known:
                    continue
                known.add(decl.number)
                conn.execute(
                    sa.insert(declarations).values(
                        number=decl.number,
                        tax_code=decl.tax_code,
                        type_code=decl.type_code,
                        office_code=decl.office_code,
                        office_name=decl.office_name,
                        registered_at=decl.registered_at,
                        status=decl.status.value,
                        channel=int(decl.channel) if decl.channel else None,
                        targets=[target(t.kind, t.code, t.name) for t in decl.targets],
                        history=[{"status": h.status.value, "at": iso(h.at)} for h in decl.history],
                        change_seq=tx.next_seq(),
                        updated_at=now,
                    )
                )
                taken.append(decl.number)
            tx.close()
        return taken

    def set_status(self, number: str, status: DeclarationStatus) -> None:
        """Move one declaration to *status* by legal VNACCS moves (ValueError if none exists)."""
        with self._lock, self.db.write() as conn:
            tx = _Tx(self.db, conn)
            found = self._load(conn, declarations.c.number == number, limit=1)
            if not found:
                raise KeyError(number)
            now = utc_now()
            self._walk(found[0], status, None, random.Random(f"{self.seed}:set:{number}"), now)
            self._save(tx, found, now)
            tx.close()

    # -- moves ---------------------------------------------------------------------------------

    def _register(
        self,
        tx: _Tx,
        rng: random.Random,
        tax_code: str,
        at: datetime,
        *,
        export: bool | None = None,
    ) -> _Declaration:
        export = rng.random() < 0.4 if export is None else export
        types = ref.EXPORT_TYPES if export else ref.IMPORT_TYPES
        type_code = rng.choices([t for t, _ in types], weights=[w for _, w in types])[0]
        offices = self.world.demo_offices if tax_code in DEMO_TAX_CODES else ref.OFFICES
        office = rng.choice(offices)
        tx.counter += 1
        serial = (tx.counter * _NUMBER_MULTIPLIER + self.world.number_offset) % _NUMBER_SPACE
        number = ("30" if export else "10") + f"{serial:010d}"
        officer = rng.choice(self.world.officers[(office.code, "TT")])
        return _Declaration(
            number=number,
            tax_code=tax_code,
            type_code=type_code,
            office_code=office.code,
            status=S.REGISTERED,
            channel=None,
            registered_at=at,
            targets=[
                self.world.sub_department(office.code),
                self.world.team(office.code, "TT"),
                stage(ref.STAGE_REGISTRATION),
                officer,
            ],
            history=[{"status": S.REGISTERED.value, "at": iso(at)}],
            last_at=at,
        )

    def _step(
        self,
        decl: _Declaration,
        rng: random.Random,
        at: datetime,
        *,
        allow_cancel: bool = True,
        toward: S | None = None,
        channel: Channel | None = None,
    ) -> None:
        """One VNACCS move; *toward* picks the branch when a test wants a particular state."""
        cancel = allow_cancel and toward is None and rng.random() < 0.02
        if decl.status is S.REGISTERED:
            if cancel or toward is S.CANCELLED:
                decl.move(S.CANCELLED, at)
                return
            decl.channel = channel or draw_channel(rng)
            if toward is S.INSPECTION and decl.channel is Channel.GREEN:
                decl.channel = Channel.YELLOW
            if decl.channel >= Channel.YELLOW:
                decl.add_target(stage(ref.STAGE_DOCUMENTS))
            decl.move(S.CHANNEL_ASSIGNED, at)
        elif decl.status is S.CHANNEL_ASSIGNED:
            if cancel:
                decl.move(S.CANCELLED, at)
            elif decl.channel is Channel.GREEN:
                self._complete(decl, rng, at, toward)
            else:
                if decl.channel is Channel.RED:
                    decl.add_target(stage(ref.STAGE_GOODS))
                    decl.add_target(self.world.team(decl.office_code, "KT"))
                    decl.add_target(rng.choice(self.world.officers[(decl.office_code, "KT")]))
                decl.move(S.INSPECTION, at)
        elif decl.status is S.INSPECTION:
            if cancel:
                decl.move(S.CANCELLED, at)
            else:
                self._complete(decl, rng, at, toward)
        elif decl.status in (S.RELEASED, S.BROUGHT_TO_STORAGE):
            decl.move(S.CLEARED, at)

    def _complete(
        self, decl: _Declaration, rng: random.Random, at: datetime, toward: S | None
    ) -> None:
        if decl.is_import and decl.type_code in ref.DUTIABLE_TYPES:
            decl.add_target(stage(ref.STAGE_TAX))
        decl.add_target(stage(ref.STAGE_SUPERVISION))
        decl.add_target(rng.choice(self.world.officers[(decl.office_code, "GS")]))
        if decl.status is S.INSPECTION:
            roll = rng.random()
            end = S.CLEARED if roll < 0.6 else S.RELEASED if roll < 0.85 else S.BROUGHT_TO_STORAGE
        else:  # green: cleared at once, or released while duties are still being settled
            end = S.CLEARED if rng.random() < 0.85 else S.RELEASED
        if (toward in COMPLETED_STATUSES and toward is not S.BROUGHT_TO_STORAGE) or (
            toward is S.BROUGHT_TO_STORAGE and decl.status is S.INSPECTION
        ):
            end = toward
        decl.move(end, at)

    def _walk(
        self,
        decl: _Declaration,
        goal: S,
        channel: Channel | None,
        rng: random.Random,
        at: datetime,
    ) -> None:
        if goal is S.INSPECTION and channel is Channel.GREEN:
            raise ValueError("a green declaration is never inspected")
        if goal is S.BROUGHT_TO_STORAGE and channel is Channel.GREEN:
            raise ValueError("a green declaration is cleared or released, not stored")
        if goal is S.BROUGHT_TO_STORAGE and channel is None:
            channel = Channel.RED
        for _ in range(6):
            if decl.status is goal:
                return
            if goal is S.CANCELLED and decl.status in COMPLETED_STATUSES:
                break
            self._step(decl, rng, at, toward=goal, channel=channel, allow_cancel=False)
            if decl.status is S.CLEARED and goal is not S.CLEARED:
                break
        if decl.status is not goal:
            raise ValueError(f"cannot walk {decl.number} to {goal}")

    # -- storage -------------------------------------------------------------------------------

    def _load(self, conn: Connection, *where: Any, limit: int) -> list[_Declaration]:
        d = declarations.c
        rows = conn.execute(
            sa.select(
                d.id,
                d.number,
                d.tax_code,
                d.type_code,
                d.office_code,
                d.status,
                d.channel,
                d.registered_at,
                d.targets,
                d.history,
                d.updated_at,
            )
            .where(*where)
            .order_by(d.change_seq, d.id)
            .limit(limit)
        )
        return [
            _Declaration(
                id=r.id,
                number=r.number,
                tax_code=r.tax_code,
                type_code=r.type_code,
                office_code=r.office_code,
                status=S(r.status),
                channel=Channel(r.channel) if r.channel else None,
                registered_at=as_utc(r.registered_at),
                targets=list(r.targets),
                history=list(r.history),
                last_at=as_utc(r.updated_at),
            )
            for r in rows
        ]

    def _save(self, tx: _Tx, changed: Iterable[_Declaration], now: datetime) -> None:
        seen: set[str] = set()
        for decl in changed:
            if decl.number in seen:
                continue  # registered and moved in the same tick: one row, one change
            seen.add(decl.number)
            values = {
                "status": decl.status.value,
                "channel": int(decl.channel) if decl.channel else None,
                "targets": decl.targets,
                "history": decl.history,
                "change_seq": tx.next_seq(),
                "updated_at": decl.last_at or now,
            }
            if decl.id is None:
                office = self.world.offices[decl.office_code]
                result = tx.conn.execute(
                    sa.insert(declarations).values(
                        number=decl.number,
                        tax_code=decl.tax_code,
                        type_code=decl.type_code,
                        office_code=decl.office_code,
                        office_name=office.full_name,
                        registered_at=decl.registered_at,
                        **values,
                    )
                )
                assert result.inserted_primary_key is not None
                decl.id = result.inserted_primary_key[0]
            else:
                tx.conn.execute(
                    sa.update(declarations).where(declarations.c.id == decl.id).values(**values)
                )

    # -- the first start -----------------------------------------------------------------------

    def _seed_accounts(self, conn: Connection) -> None:
        for demo in DEMO_ENTERPRISES:
            add_enterprise(conn, demo.tax_code, demo.name, demo.password, demo=True)
        existing = set(conn.execute(sa.select(enterprises.c.tax_code)).scalars())
        for tax_code, name in self.world.enterprises:
            if tax_code not in existing:
                add_enterprise(conn, tax_code, name, None, demo=True)
        add_official(
            conn,
            DEMO_OFFICIAL_USERNAME,
            DEMO_OFFICIAL_NAME,
            DEMO_OFFICIAL_OFFICE,
            DEMO_OFFICIAL_PASSWORD,
            demo=True,
        )

    #: The demo enterprise's starting set: (goal, how many). Nine completed and unrated, so a
    #: newcomer has something to rate at once; the rest in every other state.
    DEMO_START: Sequence[tuple[S, int]] = (
        (S.CLEARED, 5),
        (S.RELEASED, 2),
        (S.BROUGHT_TO_STORAGE, 2),
        (S.INSPECTION, 3),
        (S.CHANNEL_ASSIGNED, 4),
        (S.REGISTERED, 4),
        (S.CANCELLED, 2),
    )

    #: The other demo enterprises' starting set: three to rate at once, the rest on the way.
    OTHER_DEMO_START: Sequence[tuple[S, int]] = (
        (S.CLEARED, 2),
        (S.RELEASED, 1),
        (S.INSPECTION, 2),
        (S.CHANNEL_ASSIGNED, 2),
        (S.REGISTERED, 1),
    )

    def _other_demo_plan(self, tax_codes: Sequence[str]) -> list[tuple[str, S]]:
        return [(t, goal) for t in tax_codes for goal, n in self.OTHER_DEMO_START for _ in range(n)]

    def _seed_new_demo_enterprises(self, conn: Connection) -> None:
        """A data dir seeded before a demo enterprise existed gets its account and declarations."""
        existing = set(conn.execute(sa.select(enterprises.c.tax_code)).scalars())
        new = [demo for demo in DEMO_ENTERPRISES[1:] if demo.tax_code not in existing]
        if not new:
            return
        tx = _Tx(self.db, conn)
        for demo in new:
            add_enterprise(conn, demo.tax_code, demo.name, demo.password, demo=True)
        self._seed_declarations(tx, self._other_demo_plan([d.tax_code for d in new]), "more")
        tx.close()

    def _seed_declarations(
        self, tx: _Tx, plan: list[tuple[str, S]] | None = None, salt: str = "start"
    ) -> None:
        rng = random.Random(f"{self.seed}:{salt}")
        now = utc_now()
        if plan is None:
            plan = [(self.demo_tax_code, goal) for goal, n in self.DEMO_START for _ in range(n)]
            for tax_code, _name in self.world.enterprises:
                plan += [(tax_code, rng.choice(list(S))) for _ in range(6)]
            plan += self._other_demo_plan([d.tax_code for d in DEMO_ENTERPRISES[1:]])
        made: list[_Declaration] = []
        for tax_code, goal in plan:
            registered = now - timedelta(hours=rng.uniform(6, 240))
            decl = self._register(tx, rng, tax_code, registered)
            at = registered
            channel = Channel.RED if goal is S.BROUGHT_TO_STORAGE else None
            if goal is S.INSPECTION:
                channel = rng.choice((Channel.YELLOW, Channel.YELLOW, Channel.RED))
            while decl.status is not goal:
                at = min(at + timedelta(minutes=rng.uniform(15, 360)), now)
                before = decl.status
                self._step(decl, rng, at, toward=goal, channel=channel, allow_cancel=False)
                if decl.status is before or (decl.status is S.CLEARED and goal is not S.CLEARED):
                    break
            made.append(decl)
        made.sort(key=lambda d: d.last_at)
        self._save(tx, made, now)

    def _seed_support(self, conn: Connection) -> None:
        rng = random.Random(f"{self.seed}:support")
        now = utc_now()
        askers = [self.demo_tax_code] + [t for t, _ in self.world.enterprises]
        names = dict(self.world.enterprises) | {self.demo_tax_code: DEMO_ENTERPRISE_NAME}
        rows = []
        for index, (operation, question, answer) in enumerate(ref.SUPPORT_QA):
            tax_code = askers[index % len(askers)]
            asked = now - timedelta(days=rng.uniform(3, 30))
            rows.append(
                self._support_row(
                    rng, tax_code, names[tax_code], operation, question, asked, answer
                )
            )
        operation, question = ref.SUPPORT_OPEN
        tax_code = askers[1]
        rows.append(
            self._support_row(
                rng, tax_code, names[tax_code], operation, question, now - timedelta(hours=5)
            )
        )
        conn.execute(sa.insert(support_requests), rows)

    @staticmethod
    def _support_row(
        rng: random.Random,
        tax_code: str,
        enterprise_name: str,
        operation: str,
        question: str,
        asked: datetime,
        answer: str | None = None,
    ) -> dict[str, Any]:
        office = rng.choice(ref.OFFICES)
        return {
            "request_id": new_request_id(),
            "tax_code": tax_code,
            "idempotency_key": f"00000000-0000-4000-8000-{rng.randrange(16**12):012x}",
            "body_hash": "seeded",
            "enterprise_name": enterprise_name,
            "office_code": office.code,
            "operation_code": operation,
            "content": question,
            "contact_name": vietnamese_name(rng),
            "contact_phone": "",
            "screenshot": None,
            "screenshot_type": None,
            "received_at": asked,
            "answer": answer,
            "answered_at": asked + timedelta(hours=rng.uniform(2, 48)) if answer else None,
            "answered_by": DEMO_OFFICIAL_USERNAME if answer else None,
            "search_text": fold(f"{question}\n{answer or ''}"),
        }


class Pacer:
    """Ticks the simulator every *pace* seconds on a daemon thread until stopped."""

    def __init__(self, simulator: Simulator, pace: float):
        self.simulator = simulator
        self.pace = pace
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vnaccs-simulator", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.pace):
            try:
                changed = self.simulator.tick()
            except Exception:
                log.exception("simulator tick failed")
            else:
                log.debug("simulator moved %s", ", ".join(changed) or "nothing")
