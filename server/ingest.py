"""Rating-sheet intake: parse a batch, apply the shared rules, store it in one transaction.

Speed comes from doing per-batch, not per-sheet, work against the database: one query for the
batch's known idempotency keys, one for its declarations, one for declarations already rated,
one executemany INSERT, one query to confirm which rows this request wrote. Everything that can
be decided without the database (structure, app.domain.validation rules) happens before the write
transaction starts, so the write lock is held only for the part that needs it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, NotRequired

import sqlalchemy as sa
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import from_json
from sqlalchemy.engine import Connection
from typing_extensions import TypedDict

from app.domain.messages import Message
from app.domain.model import (
    DeclarationStatus,
    RatingSheet,
    RatingStage,
    Score,
    Target,
    TargetKind,
    TargetScore,
)
from app.domain.validation import (
    DECLARATION_NUMBER_RE,
    FieldError,
    ValidationFailed,
    already_rated_error,
    check_stage,
    check_targets,
    unknown_declaration_error,
    validate_sheet,
)
from app.domain.wire import (
    MAX_BATCH_ITEMS,
    UUID_PATTERN,
    ScoreIn,
    ScoreValue,
    SheetIn,
    SheetStatus,
    StageValue,
    TargetKindValue,
)
from server import untrusted
from server.clock import iso
from server.database import Database
from server.problems import field_errors_from_pydantic
from server.schema import declarations, rating_sheets

# Plain strings (the contract's words): they go into the database and into every result.
ACCEPTED = SheetStatus.ACCEPTED.value
REJECTED = SheetStatus.REJECTED.value
DUPLICATE = SheetStatus.DUPLICATE.value
CONFLICT = SheetStatus.CONFLICT.value


# The fast path validates a batch into plain dicts: the wire models' constraints, field for field
# (tests/server/test_ingest_parsing.py compares the two), at half the cost of building 500 model
# instances. The models stay the contract (OpenAPI, the item-by-item path's error messages).
_STRICT_DICT = ConfigDict(strict=True, extra="ignore")


def _bound(model: type[Any], name: str) -> Any:
    """A wire model field's max_length, read from the model so the two cannot drift."""
    for meta in model.model_fields[name].metadata:
        if getattr(meta, "max_length", None) is not None:
            return meta.max_length
    raise LookupError(f"{model.__name__}.{name} has no max_length")


class _ScoreDict(TypedDict):
    __pydantic_config__ = _STRICT_DICT  # type: ignore[misc]
    target_kind: TargetKindValue
    target_code: Annotated[str, Field(max_length=_bound(ScoreIn, "target_code"))]
    target_name: Annotated[str, Field(max_length=_bound(ScoreIn, "target_name"))]
    score: ScoreValue
    reasons: NotRequired[Annotated[list[str], Field(max_length=_bound(ScoreIn, "reasons"))]]


class _SheetDict(TypedDict):
    __pydantic_config__ = _STRICT_DICT  # type: ignore[misc]
    idempotency_key: Annotated[str, Field(pattern=UUID_PATTERN)]
    declaration_number: Annotated[str, Field(max_length=_bound(SheetIn, "declaration_number"))]
    stage: StageValue
    scores: Annotated[list[_ScoreDict], Field(max_length=_bound(SheetIn, "scores"))]
    content: NotRequired[Annotated[str, Field(max_length=_bound(SheetIn, "content"))]]
    contact_name: NotRequired[Annotated[str, Field(max_length=_bound(SheetIn, "contact_name"))]]
    contact_phone: NotRequired[Annotated[str, Field(max_length=_bound(SheetIn, "contact_phone"))]]


class _BatchDict(TypedDict):
    __pydantic_config__ = _STRICT_DICT  # type: ignore[misc]
    items: Annotated[list[_SheetDict], Field(max_length=MAX_BATCH_ITEMS)]


_BATCH = TypeAdapter(_BatchDict)
_SHEET_DICT = TypeAdapter(_SheetDict)
_UUID = re.compile(UUID_PATTERN)
_KEY_FIELD = {"idempotency_key"}
# Enum lookups by value, without Enum.__call__'s cost on every score of every sheet (the wire
# models hand over target kinds and stages as members already; a score stays an int there).
_SCORES = {int(score): score for score in Score}
_STATUSES = {status.value: status for status in DeclarationStatus}
#: A declaration's status and the (kind, code) of every target that handled it.
_Handled = tuple[str, frozenset[tuple[str, str]]]
# And back: Enum.value is a property, slow enough to show on a 500-sheet batch.
_KIND_VALUES = {kind: kind.value for kind in TargetKind}
_STAGE_VALUES = {stage: stage.value for stage in RatingStage}
_AFTER_COMPLETION = RatingStage.AFTER_COMPLETION.value
_RECEIPT_BYTES = 10
_SHEET = TypeAdapter(SheetIn)

CONFLICT_ERROR = FieldError(
    "idempotency_key",
    Message(
        "idempotency_conflict",
        "Mã gửi này đã được dùng cho một phiếu có nội dung khác; phiếu không được ghi nhận.",
        "This idempotency key was already used for a sheet with different content; "
        "nothing was stored.",
    ),
)
INTAKE_PAUSED_ERROR = FieldError(
    "",
    Message(
        "intake_paused",
        "Hệ thống tiếp nhận đang tạm dừng nhận phiếu đánh giá (kịch bản reject-all). "
        "Phiếu không được ghi nhận.",
        "The intake system is refusing rating sheets (reject-all scenario). "
        "The sheet was not recorded.",
    ),
)


class MalformedBatch(Exception):
    """The body as a whole is unusable: 422, no per-item results."""

    def __init__(self, errors: Sequence[FieldError]):
        super().__init__("; ".join(e.message.en for e in errors))
        self.errors = tuple(errors)


@dataclass(slots=True)
class Incoming:
    """One item of a batch after everything that needs no database."""

    echo_key: str | None  # as the client sent it; results must repeat it verbatim
    key: str | None  # canonical lower-case UUID; None: the result cannot be remembered
    body_hash: str
    sheet: RatingSheet | None  # normalised; None when the item is structurally broken
    errors: tuple[FieldError, ...]


# -- parsing -----------------------------------------------------------------------------------


def parse_batch(body: bytes) -> list[Incoming]:
    """Every item, good or bad; a bad item is a result, not a reason to refuse the batch.

    The fast path reads the whole batch with pydantic-core. A body it refuses, or one that may
    hold an unsafe character (``untrusted.MAYBE_UNSAFE_JSON``: a NUL, a lone surrogate, a bidi
    override…, which the models would let through), is read again item by item, so that each
    bad item gets its own coded rejection and the good ones are stored.
    """
    if untrusted.MAYBE_UNSAFE_JSON.search(body) is None:
        try:
            batch = _BATCH.validate_json(body)
        except ValidationError:
            pass
        else:
            scores: dict[tuple[Any, ...], TargetScore] = {}
            return [_prepare(item, scores) for item in batch["items"]]
    return _parse_item_by_item(body)


def _parse_item_by_item(body: bytes) -> list[Incoming]:
    try:
        data = untrusted.loads(body)
    except untrusted.BadJson as bad:
        if bad.code != "too_deep":
            raise MalformedBatch([bad.to_error()]) from None
        try:
            data = {"items": untrusted.split_items(body)}
        except untrusted.BadJson as worse:
            raise MalformedBatch([worse.to_error()]) from None
    if not isinstance(data, dict):
        raise MalformedBatch([_body_error("bad_type", "một đối tượng JSON", "a JSON object")])
    items = data.get("items")
    if not isinstance(items, list):
        raise MalformedBatch(
            [
                _body_error(
                    "bad_type", "trường items là một danh sách", "items to be a list", "items"
                )
            ]
        )
    if len(items) > MAX_BATCH_ITEMS:
        raise MalformedBatch(
            [
                FieldError(
                    "items",
                    Message(
                        "batch_too_large",
                        f"Mỗi lần gửi tối đa {MAX_BATCH_ITEMS} phiếu; lần này có {len(items)}.",
                        f"At most {MAX_BATCH_ITEMS} sheets per batch; this one has {len(items)}.",
                    ),
                )
            ]
        )
    return [_prepare_raw(item) for item in items]


def _body_error(code: str, vi: str, en: str, field: str = "") -> FieldError:
    return FieldError(
        field, Message(code, f"Dữ liệu gửi lên phải là {vi}.", f"The body must be {en}.")
    )


def _prepare_raw(item: Any) -> Incoming:
    if isinstance(item, untrusted.TooDeepItem):
        echo, key = _key_of({"idempotency_key": item.idempotency_key})
        return Incoming(echo, key, _hash(["too_deep", echo]), None, (untrusted.too_deep_error(""),))
    found = untrusted.inspect(item)
    if found.too_deep or found.unsafe_field is not None:
        echo, key = _key_of(item)
        error = (
            untrusted.too_deep_error("")
            if found.too_deep
            else untrusted.bad_characters_error(found.unsafe_field or "")
        )
        return Incoming(
            echo, key, _hash(_without_key(item) if isinstance(item, dict) else item), None, (error,)
        )
    try:
        # Plain ASCII JSON for pydantic-core (no unsafe character is left to escape).
        model = _SHEET.validate_json(json.dumps(item))
    except ValidationError as error:
        echo, key = _key_of(item)
        return Incoming(
            echo_key=echo,
            key=key,
            body_hash=_hash(item if not isinstance(item, dict) else _without_key(item)),
            sheet=None,
            errors=tuple(field_errors_from_pydantic(error.errors(), drop_prefix=())),
        )
    return _prepare_model(model)


def _key_of(item: Any) -> tuple[str | None, str | None]:
    """The key as sent (to echo in the result) and, if it is a UUID, its canonical form.

    A key that is not a string, or holds an unsafe character, is not echoed: the reply must
    encode, and no client of ours makes such a key.
    """
    raw = item.get("idempotency_key") if isinstance(item, dict) else None
    if not isinstance(raw, str) or untrusted.has_unsafe(raw):
        return None, None
    return raw, raw.lower() if _UUID.fullmatch(raw) else None


def _without_key(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "idempotency_key"}


def _hash(value: Any) -> str:
    """sha256 of canonical JSON: same sheet, same hash, whatever order the keys came in.

    ``surrogatepass``: a rejected item may hold a lone surrogate, and its hash must still be
    the same every time it is resent.
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _prepare(item: _SheetDict, made: dict[tuple[Any, ...], TargetScore]) -> Incoming:
    """``_prepare_model`` for a sheet validated into a dict: the same sheet, the same hash.

    The hash is ``model_dump_json(exclude={"idempotency_key"}, exclude_defaults=True)``'s text
    (stored hashes of sheets sent before must still match): the validated dict already holds the
    fields in the model's order, enums serialise as their values, so it is that text once the
    key and the empty defaults are taken out of it (tests/server/test_ingest_parsing.py holds
    the two side by side).
    """
    hashed: dict[str, Any] = item  # type: ignore[assignment]  # edited in place, then hashed
    echo: str = hashed["idempotency_key"]
    key = echo.lower()
    content = hashed.get("content", "")
    contact_name = hashed.get("contact_name", "")
    contact_phone = hashed.get("contact_phone", "")
    if not content:
        hashed.pop("content", None)
    if not contact_name:
        hashed.pop("contact_name", None)
    if not contact_phone:
        hashed.pop("contact_phone", None)
    scores: list[TargetScore] = []
    for s in hashed["scores"]:
        reasons = s.get("reasons")
        if reasons is None:
            reasons = ()
        elif not reasons:
            del s["reasons"]
            reasons = ()
        else:
            reasons = tuple(reasons)
        made_key = (s["target_kind"], s["target_code"], s["target_name"], s["score"], reasons)
        score = made.get(made_key)
        if score is None:
            kind, code, name, value, _reasons = made_key
            score = made[made_key] = TargetScore(Target(kind, code, name), _SCORES[value], reasons)
        scores.append(score)
    sheet = RatingSheet(
        declaration_number=hashed["declaration_number"],
        stage=hashed["stage"],
        scores=tuple(scores),
        content=content,
        contact_name=contact_name,
        contact_phone=contact_phone,
        idempotency_key=key,
    )
    # The dict's own serialiser: to_json's inference took twice as long, on the enums.
    body = _SHEET_DICT.dump_json(item, exclude=_KEY_FIELD)
    return _checked(echo, key, hashlib.sha256(body).hexdigest(), sheet)


def _prepare_model(model: SheetIn) -> Incoming:
    echo = model.idempotency_key
    # The model's own field order makes this canonical; leaving defaults out keeps the hash of
    # a sheet the same after a server upgrade adds an optional field.
    body = model.model_dump_json(exclude=_KEY_FIELD, exclude_defaults=True)
    sheet = RatingSheet(
        declaration_number=model.declaration_number,
        stage=model.stage,
        scores=tuple(
            TargetScore(
                Target(s.target_kind, s.target_code, s.target_name),
                _SCORES[s.score],
                tuple(s.reasons),
            )
            for s in model.scores
        ),
        content=model.content,
        contact_name=model.contact_name,
        contact_phone=model.contact_phone,
        idempotency_key=echo.lower(),
    )
    return _checked(echo, echo.lower(), hashlib.sha256(body.encode()).hexdigest(), sheet)


def _checked(echo: str, key: str, body_hash: str, sheet: RatingSheet) -> Incoming:
    try:
        normalised: RatingSheet | None = validate_sheet(sheet)
        errors: tuple[FieldError, ...] = ()
    except ValidationFailed as failed:
        normalised, errors = sheet, failed.errors
    return Incoming(echo, key, body_hash, normalised, errors)


@functools.lru_cache(maxsize=4096)
def _handled_by(targets: str) -> frozenset[tuple[str, str]]:
    """The (kind, code) of each target in a declaration's stored targets (JSON text).

    Remembered by the text itself, so never stale: declarations handled by the same office, team,
    stage and officer store the same text (the simulator's 30,000 declarations hold 638 different
    ones), and parsing it again was an eighth of a batch's time.
    """
    return frozenset((t["kind"], t["code"]) for t in from_json(targets))


# -- results -----------------------------------------------------------------------------------


def _result(
    item: Incoming,
    status: str,
    *,
    receipt_id: str | None = None,
    received_at: datetime | str | None = None,
    errors: Iterable[Mapping[str, str]] = (),
) -> dict[str, Any]:
    if isinstance(received_at, datetime):
        received_at = iso(received_at)
    return {
        "idempotency_key": item.echo_key,
        "status": status,
        "receipt_id": receipt_id,
        "received_at": received_at,
        "errors": list(errors),
    }


def _errors_json(errors: Iterable[FieldError]) -> list[dict[str, str]]:
    return [e.to_dict() for e in errors]


def reject_everything(items: Sequence[Incoming]) -> list[dict[str, Any]]:
    """The reject-all scenario: refuse every sheet and remember none of it."""
    return [_result(item, REJECTED, errors=[INTAKE_PAUSED_ERROR.to_dict()]) for item in items]


def new_receipt_id() -> str:
    """PDG (phiếu đánh giá) + 80 random bits in hex: unguessable and unique in practice."""
    return "PDG-" + secrets.token_hex(_RECEIPT_BYTES).upper()


def new_receipt_ids(count: int) -> list[str]:
    """*count* receipt ids like ``new_receipt_id``'s, from one read of the system's CSPRNG."""
    pool = secrets.token_bytes(_RECEIPT_BYTES * count).hex().upper()
    size = 2 * _RECEIPT_BYTES
    return ["PDG-" + pool[start : start + size] for start in range(0, len(pool), size)]


# -- storing -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Known:
    """What the database (or an earlier item of this batch) holds under a key."""

    body_hash: str
    status: str
    receipt_id: str | None
    received_at: datetime
    errors: list[dict[str, str]] | None
    batch_id: str = ""


def _replay(item: Incoming, known: _Known) -> dict[str, Any]:
    if known.body_hash != item.body_hash:
        return _result(item, CONFLICT, errors=[CONFLICT_ERROR.to_dict()])
    if known.status == ACCEPTED:
        return _result(item, DUPLICATE, receipt_id=known.receipt_id, received_at=known.received_at)
    return _result(item, REJECTED, errors=known.errors or [])


class SheetIntake:
    """Stores batches for one database."""

    def __init__(self, db: Database):
        self.db = db
        # What SQLAlchemy's column types do to received_at and errors as they are read (the
        # lookups below are driver SQL); None where the driver hands over the value as it is.
        dialect = db.engine.dialect
        t = rating_sheets.c
        self._read_time: Any = t.received_at.type.dialect_impl(dialect).result_processor(
            dialect, None
        )
        self._read_errors: Any = t.errors.type.dialect_impl(dialect).result_processor(dialect, None)

    def store(
        self, tax_code: str, items: Sequence[Incoming], now: datetime
    ) -> list[dict[str, Any]]:
        batch_id = uuid.uuid4().hex
        now_iso = iso(now)
        results: list[dict[str, Any] | None] = [None] * len(items)
        with self.db.write() as conn:
            known = self._known(conn, tax_code, {i.key for i in items if i.key})
            fresh = [i for i in items if i.key and i.key not in known and i.sheet and not i.errors]
            numbers = {i.sheet.declaration_number for i in fresh if i.sheet}
            statuses = self._statuses(conn, tax_code, numbers)
            rated = self._rated(conn, set(statuses))
            receipts = iter(new_receipt_ids(len(items)))

            rows: list[dict[str, Any]] = []
            mine: dict[str, int] = {}
            for index, item in enumerate(items):
                if item.key is None:
                    results[index] = _result(item, REJECTED, errors=_errors_json(item.errors))
                    continue
                if item.key in known:
                    results[index] = _replay(item, known[item.key])
                    continue
                errors = list(item.errors) or self._database_rules(item, statuses, rated)
                row = self._row(tax_code, item, batch_id, now, errors, next(receipts))
                rows.append(row)
                mine[item.key] = index
                known[item.key] = _Known(
                    item.body_hash, row["status"], row["receipt_id"], now, row["errors"]
                )
                results[index] = _result(
                    item,
                    row["status"],
                    receipt_id=row["receipt_id"],
                    received_at=now_iso if row["receipt_id"] else None,
                    errors=row["errors"] or (),
                )
                if row["stage"] == _AFTER_COMPLETION:
                    rated.add(row["declaration_number"])
            inserted = self.db.insert_many_ignoring_conflicts(conn, rating_sheets, rows)
            if inserted != len(rows):
                self._settle(conn, tax_code, batch_id, items, mine, rows, results, now)
        return [r for r in results if r is not None]

    # The write transaction is serialised on SQLite (BEGIN IMMEDIATE), but on PostgreSQL two
    # requests can insert the same key, or two after-completion sheets for one declaration, at
    # the same moment. ON CONFLICT DO NOTHING lets the database pick the winner; when fewer rows
    # went in than were sent, each request reads back which rows are its own and turns the
    # others into what they are.
    def _settle(
        self,
        conn: Connection,
        tax_code: str,
        batch_id: str,
        items: Sequence[Incoming],
        mine: dict[str, int],
        rows: list[dict[str, Any]],
        results: list[dict[str, Any] | None],
        now: datetime,
    ) -> None:
        row_by_key = {row["idempotency_key"]: row for row in rows}
        pending = dict(mine)
        t = rating_sheets.c
        for _attempt in range(5):
            writers: dict[str, str] = {
                key: writer
                for key, writer in conn.execute(
                    sa.select(t.idempotency_key, t.batch_id).where(
                        t.tax_code == tax_code, self.db.among(t.idempotency_key, pending)
                    )
                )
            }
            lost = {key for key, writer in writers.items() if writer != batch_id}
            stored = self._known(conn, tax_code, lost)
            retry: list[dict[str, Any]] = []
            for key, index in pending.items():
                if writers.get(key) == batch_id:
                    continue
                found = stored.get(key)
                if found is not None:
                    results[index] = _replay(items[index], found)
                    continue
                # Our row was skipped by the after-completion rule (another request rated the
                # declaration first) or, in theory, a receipt id collision.
                row = row_by_key[key]
                if row["status"] == ACCEPTED and self._rated(conn, {row["declaration_number"]}):
                    row = self._row(tax_code, items[index], batch_id, now, [already_rated_error()])
                else:
                    row = {**row, "receipt_id": new_receipt_id() if row["receipt_id"] else None}
                row_by_key[key] = row
                retry.append(row)
                results[index] = _result(
                    items[index],
                    row["status"],
                    receipt_id=row["receipt_id"],
                    received_at=now if row["receipt_id"] else None,
                    errors=row["errors"] or [],
                )
            if not retry:
                return
            self.db.insert_many_ignoring_conflicts(conn, rating_sheets, retry)
            pending = {row["idempotency_key"]: mine[row["idempotency_key"]] for row in retry}
        raise RuntimeError("could not settle concurrent inserts")

    # The three lookups of every batch are driver SQL, written once: the SQLAlchemy statements
    # they replace (the same SQL) spent most of their time building and binding a 500-value IN.
    def _known(self, conn: Connection, tax_code: str, keys: set[str]) -> dict[str, _Known]:
        if not keys:
            return {}
        among, values = self.db.among_strings_sql("idempotency_key", keys)
        rows = conn.exec_driver_sql(
            "SELECT idempotency_key, body_hash, status, receipt_id, received_at, errors, batch_id"
            f" FROM {rating_sheets.name} WHERE tax_code = {self.db.placeholder} AND {among}",
            (tax_code, *values),
        )
        when, errors = self._read_time, self._read_errors
        return {
            key: _Known(
                body_hash,
                status,
                receipt_id,
                when(received_at) if when else received_at,
                errors(errs) if errors else errs,
                batch_id,
            )
            for key, body_hash, status, receipt_id, received_at, errs, batch_id in rows
        }

    def _statuses(self, conn: Connection, tax_code: str, numbers: set[str]) -> dict[str, _Handled]:
        """Status and handling targets of each of the enterprise's declarations among *numbers*.

        Selected by number alone, so the planner uses the number's unique index rather than the
        (tax code, change) one; another enterprise's declaration is dropped here, and so is
        indistinguishable from one that does not exist.
        """
        if not numbers:
            return {}
        among, values = self.db.among_strings_sql("number", numbers)
        # The targets come as text and are parsed by pydantic-core: SQLAlchemy's JSON type
        # (the json module, row by row) cost a fifth of the batch's time.
        rows = conn.exec_driver_sql(
            f"SELECT number, status, tax_code, CAST(targets AS TEXT) FROM {declarations.name}"
            f" WHERE {among}",
            tuple(values),
        )
        return {
            number: (status, _handled_by(targets))
            for number, status, owner, targets in rows
            if owner == tax_code
        }

    def _rated(self, conn: Connection, numbers: set[str]) -> set[str]:
        if not numbers:
            return set()
        among, values = self.db.among_strings_sql("declaration_number", numbers)
        p = self.db.placeholder
        rows = conn.exec_driver_sql(
            f"SELECT declaration_number FROM {rating_sheets.name} WHERE {among}"
            f" AND stage = {p} AND status = {p}",
            (*values, _AFTER_COMPLETION, ACCEPTED),
        )
        return {number for (number,) in rows}

    @staticmethod
    def _database_rules(
        item: Incoming, statuses: Mapping[str, _Handled], rated: set[str]
    ) -> list[FieldError]:
        sheet = item.sheet
        assert sheet is not None
        found = statuses.get(sheet.declaration_number)
        if found is None:
            return [unknown_declaration_error()]
        status, handled = found
        if error := check_stage(sheet.stage, _STATUSES[status]):
            return [error]
        if errors := check_targets(sheet.scores, handled):
            return errors
        if sheet.stage is RatingStage.AFTER_COMPLETION and sheet.declaration_number in rated:
            return [already_rated_error()]
        return []

    @staticmethod
    def _row(
        tax_code: str,
        item: Incoming,
        batch_id: str,
        now: datetime,
        errors: Sequence[FieldError],
        receipt_id: str | None = None,
    ) -> dict[str, Any]:
        """The stored row; *receipt_id* (taken from a batch's pool) is made when not given."""
        sheet = item.sheet
        if errors or sheet is None:
            number = sheet.declaration_number if sheet is not None else ""
            return {
                "tax_code": tax_code,
                "idempotency_key": item.key,
                "body_hash": item.body_hash,
                "batch_id": batch_id,
                "received_at": now,
                "status": REJECTED,
                "receipt_id": None,
                "errors": _errors_json(errors),
                # A rejected sheet keeps only what identifies it: its fields may be anything.
                "declaration_number": number if DECLARATION_NUMBER_RE.fullmatch(number) else None,
                "stage": None,
                "scores": None,
                "content": None,
                "contact_name": None,
                "contact_phone": None,
                "is_low": False,
                "review_state": None,
            }
        low = sheet.has_low_score
        return {
            "tax_code": tax_code,
            "idempotency_key": item.key,
            "body_hash": item.body_hash,
            "batch_id": batch_id,
            "received_at": now,
            "status": ACCEPTED,
            "receipt_id": receipt_id or new_receipt_id(),
            "errors": None,
            "declaration_number": sheet.declaration_number,
            "stage": _STAGE_VALUES[sheet.stage],
            "scores": [
                {
                    "target_kind": _KIND_VALUES[s.target.kind],
                    "target_code": s.target.code,
                    "target_name": s.target.name,
                    "score": int(s.score),
                    "reasons": list(s.reasons),
                }
                for s in sheet.scores
            ],
            "content": sheet.content,
            "contact_name": sheet.contact_name,
            "contact_phone": sheet.contact_phone,
            "is_low": low,
            "review_state": "awaiting" if low else None,
        }
