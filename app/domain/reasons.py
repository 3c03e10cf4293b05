"""Reasons a declarant can pick for each satisfaction level.

The deployed customs rating (ECUS5VNACCS, March 2020) offers "one or more reasons per level".
The codes are what travel to the server; the texts are what the declarant reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.model import Score


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    vi: str
    en: str


_POSITIVE = (
    Reason("fast", "Giải quyết nhanh chóng, đúng thời hạn", "Handled quickly and on time"),
    Reason("attitude", "Thái độ phục vụ tận tình, lịch sự", "Courteous, helpful attitude"),
    Reason("clear_guidance", "Hướng dẫn rõ ràng, đầy đủ", "Clear, complete guidance"),
    Reason("professional", "Nắm vững nghiệp vụ", "Knows the procedure well"),
)
_NEUTRAL = (
    Reason("acceptable_time", "Thời gian xử lý chấp nhận được", "Acceptable handling time"),
    Reason("some_guidance", "Hướng dẫn chưa thật đầy đủ", "Guidance could be more complete"),
    Reason("other_neutral", "Lý do khác", "Other reason"),
)
_NEGATIVE = (
    Reason("delay", "Chậm trễ trong giải quyết thủ tục", "Delays in handling the procedure"),
    Reason("harassment", "Gây phiền hà, sách nhiễu", "Caused trouble or harassment"),
    Reason("misconduct", "Có biểu hiện tiêu cực", "Signs of misconduct"),
    Reason("procedure_error", "Sai sót nghiệp vụ", "Procedural errors"),
    Reason("attitude_bad", "Thái độ không đúng mực", "Improper attitude"),
    Reason("unclear_guidance", "Hướng dẫn không rõ ràng", "Unclear guidance"),
)

REASONS_BY_SCORE: dict[Score, tuple[Reason, ...]] = {
    Score.VERY_SATISFIED: _POSITIVE,
    Score.SATISFIED: _POSITIVE,
    Score.NORMAL: _NEUTRAL,
    Score.DISSATISFIED: _NEGATIVE,
    Score.VERY_DISSATISFIED: _NEGATIVE,
}

REASONS: dict[str, Reason] = {r.code: r for group in REASONS_BY_SCORE.values() for r in group}


def reasons_for(score: Score) -> tuple[Reason, ...]:
    return REASONS_BY_SCORE[score]
