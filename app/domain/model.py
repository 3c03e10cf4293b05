"""The customs domain: declarations, their status lifecycle, rating targets, scores and sheets.

Names follow DESIGN.md (declaration, rating sheet, target, score, outbox, response); the
Vietnamese words appear only in labels shown to people.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime


class DeclarationStatus(enum.StrEnum):
    """Where a declaration stands in VNACCS.

    Only the three *completed* states make a declaration ratable after completion; while it is
    still in clearance the declarant may send during-clearance feedback instead.
    """

    REGISTERED = "registered"
    CHANNEL_ASSIGNED = "channel_assigned"
    INSPECTION = "inspection"
    RELEASED = "released"
    BROUGHT_TO_STORAGE = "brought_to_storage"
    CLEARED = "cleared"
    CANCELLED = "cancelled"

    @property
    def is_completed(self) -> bool:
        return self in COMPLETED_STATUSES

    @property
    def is_in_clearance(self) -> bool:
        return self in IN_CLEARANCE_STATUSES

    @property
    def label_vi(self) -> str:
        return _STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _STATUS_LABELS[self][1]


COMPLETED_STATUSES = frozenset(
    {
        DeclarationStatus.RELEASED,
        DeclarationStatus.BROUGHT_TO_STORAGE,
        DeclarationStatus.CLEARED,
    }
)
IN_CLEARANCE_STATUSES = frozenset(
    {
        DeclarationStatus.REGISTERED,
        DeclarationStatus.CHANNEL_ASSIGNED,
        DeclarationStatus.INSPECTION,
    }
)

_STATUS_LABELS: dict[DeclarationStatus, tuple[str, str]] = {
    DeclarationStatus.REGISTERED: ("Đã đăng ký", "Registered"),
    DeclarationStatus.CHANNEL_ASSIGNED: ("Đã phân luồng", "Channel assigned"),
    DeclarationStatus.INSPECTION: ("Đang kiểm tra", "Under inspection"),
    DeclarationStatus.RELEASED: ("Giải phóng hàng", "Released"),
    DeclarationStatus.BROUGHT_TO_STORAGE: ("Mang hàng về bảo quản", "Brought to storage"),
    DeclarationStatus.CLEARED: ("Đã chấp nhận thông quan", "Cleared"),
    DeclarationStatus.CANCELLED: ("Đã hủy", "Cancelled"),
}

#: Moves the simulator and the store accept. A completed or cancelled declaration never moves.
ALLOWED_TRANSITIONS: dict[DeclarationStatus, frozenset[DeclarationStatus]] = {
    DeclarationStatus.REGISTERED: frozenset(
        {DeclarationStatus.CHANNEL_ASSIGNED, DeclarationStatus.CANCELLED}
    ),
    DeclarationStatus.CHANNEL_ASSIGNED: frozenset(
        {DeclarationStatus.INSPECTION, DeclarationStatus.CANCELLED} | COMPLETED_STATUSES
    ),
    DeclarationStatus.INSPECTION: frozenset({DeclarationStatus.CANCELLED} | COMPLETED_STATUSES),
    DeclarationStatus.RELEASED: frozenset({DeclarationStatus.CLEARED}),
    DeclarationStatus.BROUGHT_TO_STORAGE: frozenset({DeclarationStatus.CLEARED}),
    DeclarationStatus.CLEARED: frozenset(),
    DeclarationStatus.CANCELLED: frozenset(),
}


def can_transition(current: DeclarationStatus, new: DeclarationStatus) -> bool:
    return new in ALLOWED_TRANSITIONS[current]


class Channel(enum.IntEnum):
    """Luồng: the risk channel VNACCS assigns."""

    GREEN = 1
    YELLOW = 2
    RED = 3

    @property
    def label_vi(self) -> str:
        return ("Xanh", "Vàng", "Đỏ")[self - 1]

    @property
    def label_en(self) -> str:
        return ("Green", "Yellow", "Red")[self - 1]


class TargetKind(enum.StrEnum):
    """What a score is about: a person, a team, a unit or a procedure stage."""

    OFFICER = "officer"
    TEAM = "team"
    SUB_DEPARTMENT = "sub_department"
    STAGE = "stage"

    @property
    def label_vi(self) -> str:
        return _TARGET_KIND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _TARGET_KIND_LABELS[self][1]


_TARGET_KIND_LABELS = {
    TargetKind.OFFICER: ("Công chức", "Officer"),
    TargetKind.TEAM: ("Đội/Tổ công tác", "Team"),
    TargetKind.SUB_DEPARTMENT: ("Chi cục", "Sub-department"),
    TargetKind.STAGE: ("Khâu nghiệp vụ", "Procedure stage"),
}


class Score(enum.IntEnum):
    """The five satisfaction levels the customs departments use."""

    VERY_DISSATISFIED = 1
    DISSATISFIED = 2
    NORMAL = 3
    SATISFIED = 4
    VERY_SATISFIED = 5

    @property
    def label_vi(self) -> str:
        return _SCORE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _SCORE_LABELS[self][1]

    @property
    def is_low(self) -> bool:
        """1–2 stars: customs must verify it, so the sheet needs content and a contact."""
        # An int comparison, not ``self <= Score.DISSATISFIED``: a member lookup is a descriptor
        # call, and the intake asks this of every score of every sheet, twice.
        return self <= 2


_SCORE_LABELS = {
    Score.VERY_SATISFIED: ("Rất hài lòng", "Very satisfied"),
    Score.SATISFIED: ("Hài lòng", "Satisfied"),
    Score.NORMAL: ("Bình thường", "Normal"),
    Score.DISSATISFIED: ("Không hài lòng", "Dissatisfied"),
    Score.VERY_DISSATISFIED: ("Rất không hài lòng", "Very dissatisfied"),
}


class RatingStage(enum.StrEnum):
    """After completion (one sheet per declaration) or during clearance (version 2.0 feedback)."""

    AFTER_COMPLETION = "after_completion"
    DURING_CLEARANCE = "during_clearance"


_KIND_VALUES = {kind: kind.value for kind in TargetKind}


@dataclass(frozen=True, slots=True)
class Target:
    """Someone or something that handled a declaration and can be rated."""

    kind: TargetKind
    code: str
    name: str

    @property
    def key(self) -> tuple[str, str]:
        # A dict hit, not Enum.value (a descriptor call): the intake checks every rated
        # target's key two or three times, 36,000 lookups per 4,000 sheets.
        return (_KIND_VALUES[self.kind], self.code)


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: DeclarationStatus
    at: datetime


@dataclass(frozen=True, slots=True)
class Declaration:
    """A customs declaration (tờ khai) as the declarant's software knows it."""

    number: str
    type_code: str
    office_code: str
    office_name: str
    channel: Channel | None
    registered_at: datetime
    status: DeclarationStatus
    tax_code: str
    targets: tuple[Target, ...] = ()
    history: tuple[StatusChange, ...] = ()

    @property
    def is_import(self) -> bool:
        """VNACCS numbers imports 10… and exports 30…; failing that, the type code decides.

        The E-codes split both ways (E11–E41 are imports of processing and export-production
        firms, E42–E62 their exports), so a type-code prefix alone cannot tell.
        """
        if self.number[:2] in ("10", "30"):
            return self.number.startswith("10")
        return self.type_code.startswith(_IMPORT_TYPE_PREFIXES) or self.type_code == "E41"


_IMPORT_TYPE_PREFIXES = ("A", "G1", "C1", "H1", "E1", "E2", "E3")


@dataclass(frozen=True, slots=True)
class TargetScore:
    """One target's stars and the reasons picked for them."""

    target: Target
    score: Score
    reasons: tuple[str, ...] = ()


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class RatingSheet:
    """Phiếu đánh giá: what the declarant sends about one declaration.

    The idempotency key is made once, when the sheet is first recorded, and travels with every
    resend so the intake server never counts the same sheet twice.
    """

    declaration_number: str
    stage: RatingStage
    scores: tuple[TargetScore, ...]
    content: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    idempotency_key: str = field(default_factory=new_idempotency_key)

    @property
    def has_low_score(self) -> bool:
        return any(s.score.is_low for s in self.scores)

    def to_payload(self) -> dict[str, object]:
        """The JSON body the intake server receives for this sheet."""
        return {
            "idempotency_key": self.idempotency_key,
            "declaration_number": self.declaration_number,
            "stage": self.stage.value,
            "scores": [
                {
                    "target_kind": s.target.kind.value,
                    "target_code": s.target.code,
                    "target_name": s.target.name,
                    "score": int(s.score),
                    "reasons": list(s.reasons),
                }
                for s in self.scores
            ],
            "content": self.content,
            "contact_name": self.contact_name,
            "contact_phone": self.contact_phone,
        }


@dataclass(frozen=True, slots=True)
class Response:
    """Phản hồi kết quả xử lý: customs' answer to a low rating after verification."""

    response_id: str
    sheet_key: str
    declaration_number: str
    result: str
    content: str
    responded_at: datetime


@dataclass(frozen=True, slots=True)
class SupportRequest:
    """Yêu cầu hỗ trợ vướng mắc (seed 004): a question to the customs support desk."""

    tax_code: str
    enterprise_name: str
    office_code: str
    operation_code: str
    content: str
    contact_name: str = ""
    contact_phone: str = ""
    screenshot: bytes | None = None
    idempotency_key: str = field(default_factory=new_idempotency_key)


#: VNACCS operation codes (mã nghiệp vụ) offered in the support request form.
OPERATION_CODES: dict[str, tuple[str, str]] = {
    "IDA": ("Khai trước thông tin tờ khai nhập khẩu", "Enter import declaration data"),
    "IDB": ("Gọi thông tin khai báo IDA", "Recall IDA data"),
    "IDC": ("Khai chính thức tờ khai nhập khẩu", "Register import declaration"),
    "IDD": ("Gọi thông tin tờ khai nhập khẩu đã đăng ký", "Recall registered import declaration"),
    "IDE": ("Hủy tờ khai nhập khẩu", "Cancel import declaration"),
    "EDA": ("Khai trước thông tin tờ khai xuất khẩu", "Enter export declaration data"),
    "EDB": ("Gọi thông tin khai báo EDA", "Recall EDA data"),
    "EDC": ("Khai chính thức tờ khai xuất khẩu", "Register export declaration"),
    "EDE": ("Hủy tờ khai xuất khẩu", "Cancel export declaration"),
    "AMA": ("Khai bổ sung thuế", "Tax amendment"),
    "MIC": ("Khai tờ khai nhập khẩu trị giá thấp", "Low-value import declaration"),
    "MEC": ("Khai tờ khai xuất khẩu trị giá thấp", "Low-value export declaration"),
}
