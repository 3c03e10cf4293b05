"""Bilingual user-facing messages.

Errors raised by the core travel to two audiences: the declarant (Vietnamese by default, English
by a setting) and the intake server's API clients (both, machine-readable code first). Keeping
both texts on one object means no layer has to re-translate a message it did not write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["vi", "en"]


@dataclass(frozen=True, slots=True)
class Message:
    """A text in Vietnamese and in English, with a stable machine-readable code."""

    code: str
    vi: str
    en: str

    def text(self, language: Language = "vi") -> str:
        return self.en if language == "en" else self.vi

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message_vi": self.vi, "message_en": self.en}
