"""Words shown for domain values, in the user's language.

Domain labels (status, channel, score, target kind) already exist in both languages in
``app.domain``, shared with the intake server, so they are picked by language here rather than
run through Qt's catalogue a second time. Rating states are a client notion and live in the
catalogue (context "RatingState").
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain.model import Channel, DeclarationStatus, RatingStage, Score, TargetKind
from app.domain.states import RatingState
from ui import common
from ui.qt_noop import QT_TRANSLATE_NOOP

#: Keyed by state; looked up with the filter keys too, which are plain strings.
_RATING_STATE_TEXTS: dict[str, str] = {
    RatingState.UNRATED: QT_TRANSLATE_NOOP("RatingState", "Chưa đánh giá"),
    RatingState.QUEUED: QT_TRANSLATE_NOOP("RatingState", "Chờ gửi"),
    RatingState.SENT: QT_TRANSLATE_NOOP("RatingState", "Đã gửi"),
    RatingState.REJECTED: QT_TRANSLATE_NOOP("RatingState", "Bị từ chối"),
    RatingState.NOT_RATABLE: QT_TRANSLATE_NOOP("RatingState", "Chưa đến lượt đánh giá"),
}

_STAGE_TEXTS = {
    RatingStage.AFTER_COMPLETION: QT_TRANSLATE_NOOP(
        "RatingStage", "Đánh giá sau khi hoàn thành thủ tục"
    ),
    RatingStage.DURING_CLEARANCE: QT_TRANSLATE_NOOP(
        "RatingStage", "Phản ánh vướng mắc trong quá trình thông quan"
    ),
}

#: Soft tints with dark text: readable, and the word is always there for who cannot see colour.
CHANNEL_COLOURS = {
    Channel.GREEN: (QColor("#c8e6c9"), QColor(common.OK)),
    Channel.YELLOW: (QColor("#fff3b0"), QColor("#6d4c00")),
    Channel.RED: (QColor("#ffcdd2"), QColor(common.ERROR)),
}
RATING_STATE_COLOURS = {
    RatingState.UNRATED: QColor(common.WARNING),
    RatingState.REJECTED: QColor(common.ERROR),
    RatingState.QUEUED: QColor(common.INFO),
    RatingState.SENT: QColor(common.OK),
}


def rating_state_label(state: str) -> str:
    text = _RATING_STATE_TEXTS.get(state)
    return QCoreApplication.translate("RatingState", text) if text else state


def stage_label(stage: RatingStage) -> str:
    return QCoreApplication.translate("RatingStage", _STAGE_TEXTS[stage])


def status_label(status: DeclarationStatus, language: str) -> str:
    return status.label_en if language == "en" else status.label_vi


def channel_label(channel: Channel | None, language: str) -> str:
    if channel is None:
        return ""
    return channel.label_en if language == "en" else channel.label_vi


def score_label(score: Score | int, language: str) -> str:
    score = Score(score)
    return score.label_en if language == "en" else score.label_vi


def kind_label(kind: TargetKind, language: str) -> str:
    return kind.label_en if language == "en" else kind.label_vi


def format_time(value: datetime) -> str:
    """Local time the way Vietnamese forms write it: 20/11/2026 15:30."""
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%d/%m/%Y %H:%M")


def format_count(value: int, language: str) -> str:
    """1.000.000 in Vietnamese, 1,000,000 in English."""
    text = f"{value:,}"
    return text if language == "en" else text.replace(",", ".")
