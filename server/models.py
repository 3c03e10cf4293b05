"""The API contract as Pydantic models: what the OpenAPI document is generated from.

Incoming models are strict (``"4"`` is not a score) but ignore unknown fields, so a newer client
that adds a field is not rejected by an older server. Length limits here only bound the work a
request can cause; the rules a declarant can break (content length, 12-digit numbers, phone
numbers…) are ``app.domain.validation``'s, so client and server give the same bilingual messages.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from server.limits import MAX_BATCH_ITEMS

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
#: Bounds on work per request, well above any rule in app.domain.validation.
_TEXT_BOUND = 20_000

TargetKindName = Literal["officer", "team", "sub_department", "stage"]
StageName = Literal["after_completion", "during_clearance"]
StatusName = Literal[
    "registered",
    "channel_assigned",
    "inspection",
    "released",
    "brought_to_storage",
    "cleared",
    "cancelled",
]
ResultName = Literal["upheld", "not_upheld", "explained"]


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


class HealthOut(_Out):
    status: Literal["ok"]
    version: str
    scenario: str


# -- declarations ------------------------------------------------------------------------------


class TargetOut(_Out):
    kind: TargetKindName
    code: str
    name: str


class StatusChangeOut(_Out):
    status: StatusName
    at: str


class DeclarationOut(_Out):
    number: str = Field(examples=["104512345670"])
    type_code: str = Field(examples=["A11"])
    office_code: str = Field(examples=["03CC"])
    office_name: str
    channel: Literal[1, 2, 3] | None = Field(description="1 green, 2 yellow, 3 red")
    registered_at: str
    status: StatusName
    tax_code: str
    targets: list[TargetOut]
    history: list[StatusChangeOut]


class DeclarationPage(_Out):
    items: list[DeclarationOut]
    next_cursor: str
    has_more: bool


# -- rating sheets -----------------------------------------------------------------------------


class ScoreIn(_In):
    target_kind: TargetKindName
    target_code: str = Field(max_length=64)
    target_name: str = Field(max_length=255)
    score: int = Field(ge=1, le=5)
    reasons: list[str] = Field(default_factory=list, max_length=50)


class SheetIn(_In):
    idempotency_key: str = Field(pattern=UUID_PATTERN, description="Made by the client (UUID).")
    declaration_number: str = Field(max_length=64)
    stage: StageName
    scores: list[ScoreIn] = Field(max_length=200)
    content: str = Field(default="", max_length=_TEXT_BOUND)
    contact_name: str = Field(default="", max_length=1000)
    contact_phone: str = Field(default="", max_length=100)


class SheetBatchIn(_In):
    items: list[SheetIn] = Field(max_length=MAX_BATCH_ITEMS)


class SheetResultOut(_Out):
    idempotency_key: str | None
    status: Literal["accepted", "duplicate", "conflict", "rejected"]
    receipt_id: str | None
    received_at: str | None
    errors: list[FieldErrorOut]


class SheetBatchOut(_Out):
    results: list[SheetResultOut]


# -- responses ---------------------------------------------------------------------------------


class ResponseOut(_Out):
    response_id: str
    sheet_key: str
    receipt_id: str
    declaration_number: str
    result: ResultName
    content: str
    responded_at: str


class ResponsePage(_Out):
    items: list[ResponseOut]
    next_cursor: str
    has_more: bool


class FeedbackIn(_In):
    verdict: Literal["accepted", "not_resolved"]
    content: str = Field(default="", max_length=_TEXT_BOUND)


class FeedbackOut(_Out):
    status: Literal["recorded"]


# -- support requests --------------------------------------------------------------------------


class SupportReceiptOut(_Out):
    status: Literal["accepted", "duplicate"]
    request_id: str
    received_at: str


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
    target_kind: TargetKindName
    target_code: str
    target_name: str
    score: int
    reasons: list[str]


class FeedbackView(_Out):
    verdict: Literal["accepted", "not_resolved"]
    content: str
    recorded_at: str


class LowSheetOut(_Out):
    receipt_id: str
    sheet_key: str
    declaration_number: str
    tax_code: str
    enterprise_name: str
    stage: StageName
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
    result: ResultName
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
