"""Small builders for domain objects, so tests say only what matters to them."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.model import (
    Channel,
    Declaration,
    DeclarationStatus,
    RatingSheet,
    RatingStage,
    Score,
    Target,
    TargetKind,
    TargetScore,
)

TAX_CODE = "0100109106"
OFFICER = Target(TargetKind.OFFICER, "CC0231", "Nguyễn Văn An")
TEAM = Target(TargetKind.TEAM, "DOI1", "Đội Thủ tục hàng hóa XNK")
SUB_DEPARTMENT = Target(
    TargetKind.SUB_DEPARTMENT, "03CC", "Chi cục Hải quan cửa khẩu cảng Hải Phòng KV I"
)
STAGE = Target(TargetKind.STAGE, "KTHS", "Kiểm tra hồ sơ")
TARGETS = (OFFICER, TEAM, SUB_DEPARTMENT, STAGE)


def declaration(
    number: str = "104512345670",
    status: DeclarationStatus = DeclarationStatus.CLEARED,
    **overrides: object,
) -> Declaration:
    values: dict[str, object] = {
        "number": number,
        "type_code": "A11",
        "office_code": "03CC",
        "office_name": "Chi cục Hải quan cửa khẩu cảng Hải Phòng KV I",
        "channel": Channel.GREEN,
        "registered_at": datetime(2026, 11, 20, 8, 30, tzinfo=UTC),
        "status": status,
        "tax_code": TAX_CODE,
        "targets": TARGETS,
    }
    values.update(overrides)
    return Declaration(**values)  # type: ignore[arg-type]


def sheet(
    number: str = "104512345670",
    score: Score = Score.SATISFIED,
    stage: RatingStage = RatingStage.AFTER_COMPLETION,
    **overrides: object,
) -> RatingSheet:
    values: dict[str, object] = {
        "declaration_number": number,
        "stage": stage,
        "scores": (TargetScore(OFFICER, score), TargetScore(TEAM, Score.VERY_SATISFIED)),
    }
    values.update(overrides)
    return RatingSheet(**values)  # type: ignore[arg-type]


def low_sheet(number: str = "104512345670", **overrides: object) -> RatingSheet:
    values: dict[str, object] = {
        "content": "Hồ sơ bị trả lại ba lần mà không nêu lý do.",
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0912 345 678",
        "scores": (TargetScore(OFFICER, Score.DISSATISFIED, ("delay",)),),
    }
    values.update(overrides)
    return sheet(number, **values)
