"""The intake API's contract, written once: every request and reply as a Pydantic model.

The server routes with these models and generates its OpenAPI document (resources/openapi.json)
from them; the client reads every reply through ``read_reply`` with the same models, so a reply
the document does not describe is "not delivered" by one rule on one side, and what the server
promises is what the client checks.

Incoming models (``…In``, requests) are strict (``"4"`` is not a score) but ignore unknown fields,
so a newer client that adds a field is not rejected by an older server. Replies (``…Out``) are
read by the client strictly as well, and unknown fields are ignored there for the same reason in
the other direction. Length limits only bound the work a request can cause; the rules a declarant
can break (content length, 12-digit numbers, phone numbers…) are ``app.domain.validation``'s, so
client and server give the same bilingual messages.

Where a field holds one of the domain's enums it is typed with that enum (``TargetKind``,
``RatingStage``, ``DeclarationStatus``, ``Channel``), so both sides get enum members; the document
still lists the values in place, as it always has (see ``_AsLiteral``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypedDict, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from app.domain.messages import Message
from app.domain.model import (
    Channel,
    Declaration,
    DeclarationStatus,
    RatingStage,
    Response,
    Score,
    StatusChange,
    Target,
    TargetKind,
)

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
#: Sheets per batch request: the server refuses more, the sync engine sends at most this many.
MAX_BATCH_ITEMS = 500
#: Bounds on work per request, well above any rule in app.domain.validation.
_TEXT_BOUND = 20_000


# -- the contract's own words ----------------------------------------------------------------


class SheetStatus(enum.StrEnum):
    """What the intake made of one sheet of a batch."""

    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"  # the same key and body again: the first receipt, nothing stored
    CONFLICT = "conflict"  # the same key with another body: nothing stored
    REJECTED = "rejected"


#: The statuses that come with a receipt: the sheet is on the server.
DELIVERED_STATUSES = frozenset({SheetStatus.ACCEPTED, SheetStatus.DUPLICATE})


class ResponseResult(enum.StrEnum):
    """Customs' handling result for a low rating, after verification."""

    UPHELD = "upheld"
    NOT_UPHELD = "not_upheld"
    EXPLAINED = "explained"


class FeedbackVerdict(enum.StrEnum):
    """The enterprise's word on a response."""

    ACCEPTED = "accepted"
    NOT_RESOLVED = "not_resolved"


class _AsLiteral:
    """Validates a field as an enum of the kernel, described in place like the ``Literal`` it was.

    Pydantic would describe an enum field as a ``$ref`` to a schema of its own; the published
    document has always listed the values in the field (``{"enum": [...], "type": "string"}``),
    and the document must not change under the clients generated from it. *lax*: accept the
    value as a Python string in a strict model, for bodies FastAPI validates from parsed JSON.
    """

    def __init__(self, enum_type: type[enum.Enum], *, lax: bool = False):
        self.enum_type = enum_type
        self.lax = lax
        self.values = [member.value for member in enum_type]
        self.sub_type: Literal["str", "int"] = "str" if issubclass(enum_type, str) else "int"

    def __get_pydantic_core_schema__(
        self, _source: Any, _handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.enum_schema(
            self.enum_type,
            list(self.enum_type),
            sub_type=self.sub_type,
            strict=False if self.lax else None,
        )

    def __get_pydantic_json_schema__(
        self, _schema: CoreSchema, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"enum": self.values, "type": "string" if self.sub_type == "str" else "integer"}


def _iso_time(value: str) -> str:
    """A time on the wire is an ISO 8601 string; one that does not parse is a broken reply."""
    datetime.fromisoformat(value)
    return value


def utc_time(value: str) -> datetime:
    """An ISO 8601 time from the wire; one without an offset is taken as UTC."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


TargetKindValue = Annotated[TargetKind, _AsLiteral(TargetKind)]
StageValue = Annotated[RatingStage, _AsLiteral(RatingStage)]
StatusValue = Annotated[DeclarationStatus, _AsLiteral(DeclarationStatus)]
ChannelValue = Annotated[Channel, _AsLiteral(Channel)]
SheetStatusValue = Annotated[SheetStatus, _AsLiteral(SheetStatus)]
ResultValue = Annotated[ResponseResult, _AsLiteral(ResponseResult)]
VerdictValue = Annotated[FeedbackVerdict, _AsLiteral(FeedbackVerdict)]
#: The score stays an int on the wire (the document gives its range, a score out of it is
#: "out_of_range" for the declarant); the range is the domain's.
ScoreValue = Annotated[int, Field(ge=int(min(Score)), le=int(max(Score)))]
IsoTime = Annotated[str, AfterValidator(_iso_time)]


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- errors ------------------------------------------------------------------------------------


class FieldErrorOut(_Out):
    field: str = Field(description="Dotted path of the field, '' for the request as a whole.")
    code: str = Field(description="Stable machine-readable code, e.g. required, bad_phone.")
    message_vi: str
    message_en: str

    def to_message(self, fallback_code: str = "error") -> Message:
        return Message(self.code or fallback_code, self.message_vi, self.message_en)


def first_message(errors: Sequence[FieldErrorOut], fallback: Message) -> Message:
    """The first bilingual error the server gave, or *fallback* when it gave none."""
    return errors[0].to_message(fallback.code) if errors else fallback


class ProblemOut(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    request_id: str
    code: str
    errors: list[FieldErrorOut] = []


# -- auth and health ---------------------------------------------------------------------------


class TokenRequest(_In):
    """Either ``tax_code`` (an enterprise) or ``username`` (a customs official), with a password."""

    tax_code: str | None = Field(default=None, max_length=64, examples=["0299987654"])
    username: str | None = Field(default=None, max_length=64, examples=["official01"])
    password: str = Field(min_length=1, max_length=256)

    @model_validator(mode="after")
    def _one_identity(self) -> TokenRequest:
        if (self.tax_code is None) == (self.username is None):
            raise ValueError("give either tax_code or username")
        return self


class TokenOut(_Out):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: str
    role: Literal["enterprise", "official"]
    tax_code: str | None
    enterprise_name: str | None

    @model_validator(mode="after")
    def _has_a_token(self) -> TokenOut:
        if not self.access_token:
            raise ValueError("a login reply without an access token")
        return self


class HealthOut(_Out):
    status: Literal["ok"]
    version: str
    scenario: str


# -- declarations ------------------------------------------------------------------------------


class TargetOut(_Out):
    kind: TargetKindValue
    code: str
    name: str


class StatusChangeOut(_Out):
    status: StatusValue
    at: IsoTime


class DeclarationOut(_Out):
    number: str = Field(examples=["104512345670"])
    type_code: str = Field(examples=["A11"])
    office_code: str = Field(examples=["03CC"])
    office_name: str
    channel: ChannelValue | None = Field(description="1 green, 2 yellow, 3 red")
    registered_at: IsoTime
    status: StatusValue
    tax_code: str
    targets: list[TargetOut]
    history: list[StatusChangeOut]

    def to_declaration(self) -> Declaration:
        return Declaration(
            number=self.number,
            type_code=self.type_code,
            office_code=self.office_code,
            office_name=self.office_name,
            channel=self.channel,
            registered_at=utc_time(self.registered_at),
            status=self.status,
            tax_code=self.tax_code,
            targets=tuple(Target(t.kind, t.code, t.name) for t in self.targets),
            history=tuple(StatusChange(h.status, utc_time(h.at)) for h in self.history),
        )


class DeclarationPage(_Out):
    items: list[DeclarationOut]
    next_cursor: str
    has_more: bool

    @model_validator(mode="after")
    def _only_the_enterprises_own(self, info: ValidationInfo) -> DeclarationPage:
        """Read with ``ReplyContext(tax_code=...)``: a declaration of another enterprise is a
        reply gone wrong (a proxy's cache, a server bug), never something to store."""
        tax_code = (info.context or {}).get("tax_code")
        if tax_code is not None and any(d.tax_code != tax_code for d in self.items):
            raise ValueError("declarations of another enterprise")
        return self


# -- rating sheets -----------------------------------------------------------------------------


class ScoreIn(_In):
    target_kind: TargetKindValue
    target_code: str = Field(max_length=64)
    target_name: str = Field(max_length=255)
    score: ScoreValue
    reasons: list[str] = Field(default_factory=list, max_length=50)


class SheetIn(_In):
    idempotency_key: str = Field(pattern=UUID_PATTERN, description="Made by the client (UUID).")
    declaration_number: str = Field(max_length=64)
    stage: StageValue
    scores: list[ScoreIn] = Field(max_length=200)
    content: str = Field(default="", max_length=_TEXT_BOUND)
    contact_name: str = Field(default="", max_length=1000)
    contact_phone: str = Field(default="", max_length=100)


class SheetBatchIn(_In):
    items: list[SheetIn] = Field(max_length=MAX_BATCH_ITEMS)


class SheetResultOut(_Out):
    idempotency_key: str | None
    status: SheetStatusValue
    receipt_id: str | None
    received_at: str | None
    errors: list[FieldErrorOut]

    @model_validator(mode="after")
    def _delivered_with_a_receipt(self) -> SheetResultOut:
        if self.status in DELIVERED_STATUSES and not self.receipt_id:
            raise ValueError(f"{self.status} without a receipt")
        return self


class SheetBatchOut(_Out):
    results: list[SheetResultOut]

    @model_validator(mode="after")
    def _answers_the_batch_sent(self, info: ValidationInfo) -> SheetBatchOut:
        """Read with ``ReplyContext(sent_keys=...)``: exactly one result per sheet sent, in order.

        Anything else means nobody can tell what the server kept, so the batch counts as not
        sent (the idempotency keys make the resend safe).
        """
        keys = (info.context or {}).get("sent_keys")
        if keys is None:
            return self
        if len(keys) != len(self.results):
            raise ValueError(f"{len(self.results)} results for {len(keys)} sheets")
        for key, result in zip(keys, self.results, strict=True):
            if result.idempotency_key != key:
                raise ValueError("a result does not match its sheet")
        return self


# -- responses ---------------------------------------------------------------------------------


class ResponseOut(_Out):
    response_id: str
    sheet_key: str
    receipt_id: str
    declaration_number: str
    result: ResultValue
    content: str
    responded_at: IsoTime

    def to_response(self) -> Response:
        return Response(
            response_id=self.response_id,
            sheet_key=self.sheet_key,
            declaration_number=self.declaration_number,
            result=self.result.value,
            content=self.content,
            responded_at=utc_time(self.responded_at),
        )


class ResponsePage(_Out):
    items: list[ResponseOut]
    next_cursor: str
    has_more: bool


class FeedbackIn(_In):
    verdict: Annotated[FeedbackVerdict, _AsLiteral(FeedbackVerdict, lax=True)]
    content: str = Field(default="", max_length=_TEXT_BOUND)


class FeedbackOut(_Out):
    status: Literal["recorded"]


# -- support requests --------------------------------------------------------------------------


class SupportReceiptOut(_Out):
    status: Literal[SheetStatus.ACCEPTED, SheetStatus.DUPLICATE]
    request_id: str
    received_at: str

    @model_validator(mode="after")
    def _names_the_request(self) -> SupportReceiptOut:
        if not self.request_id:
            raise ValueError("a support receipt without a request id")
        return self


class SupportAnswerOut(_Out):
    request_id: str
    operation_code: str
    office_code: str
    tax_code: str
    content: str
    answer: str
    answered_at: str


class SupportAnswerList(_Out):
    items: list[SupportAnswerOut]


# -- officials ---------------------------------------------------------------------------------


class ScoreOut(_Out):
    target_kind: TargetKindValue
    target_code: str
    target_name: str
    score: int
    reasons: list[str]


class FeedbackView(_Out):
    verdict: VerdictValue
    content: str
    recorded_at: str


class LowSheetOut(_Out):
    receipt_id: str
    sheet_key: str
    declaration_number: str
    tax_code: str
    enterprise_name: str
    stage: StageValue
    received_at: str
    scores: list[ScoreOut]
    content: str
    contact_name: str
    contact_phone: str
    state: Literal["awaiting", "answered"]
    response: ResponseOut | None
    feedback: FeedbackView | None


class LowSheetList(_Out):
    items: list[LowSheetOut]


class ResponseIn(_In):
    result: Annotated[ResponseResult, _AsLiteral(ResponseResult, lax=True)]
    content: str = Field(max_length=_TEXT_BOUND)


class SupportRequestOut(_Out):
    request_id: str
    tax_code: str
    enterprise_name: str
    office_code: str
    operation_code: str
    content: str
    contact_name: str
    contact_phone: str
    has_screenshot: bool
    received_at: str
    answer: str | None
    answered_at: str | None


class SupportRequestList(_Out):
    items: list[SupportRequestOut]


class SupportAnswerIn(_In):
    answer: str = Field(max_length=_TEXT_BOUND)


# -- reading a reply ---------------------------------------------------------------------------


class ReplyContext(TypedDict, total=False):
    """What a reply must agree with beyond its shape: the request it answers."""

    #: The idempotency keys of the batch sent, in order (``SheetBatchOut``).
    sent_keys: Sequence[str]
    #: The logged-in enterprise (``DeclarationPage``).
    tax_code: str


Reply = TypeVar("Reply", bound=BaseModel)


def read_reply(model: type[Reply], body: bytes, context: ReplyContext | None = None) -> Reply:
    """The one rule for a reply: it parses as *model*, strictly, and agrees with *context*.

    Raises ``pydantic.ValidationError`` (a ``ValueError``) for anything else: a captive portal's
    HTML, half a JSON body, a result too many, a status nobody knows. Unknown fields are ignored,
    so a newer server that adds one still talks to this client.
    """
    return model.model_validate_json(body, strict=True, extra="ignore", context=context)
