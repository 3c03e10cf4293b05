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


def login_throttled(seconds: float | None) -> Message:
    """Too many failed logins: how long to wait, as the server's Retry-After says (both sides
    word it alike: the intake server's 429 and the client reading one)."""
    if seconds is None or seconds <= 0:
        return Message(
            "login_throttled",
            "Đăng nhập sai quá nhiều lần. Vui lòng đợi một lát rồi thử lại.",
            "Too many failed logins. Please wait a while and try again.",
        )
    whole = max(1, int(-(-seconds // 1)))  # whole seconds, rounded up
    if whole < 60:
        vi, en = f"{whole} giây", f"{whole} second{'s' if whole != 1 else ''}"
    else:
        minutes = -(-whole // 60)
        vi, en = f"{minutes} phút", f"{minutes} minute{'s' if minutes != 1 else ''}"
    return Message(
        "login_throttled",
        f"Đăng nhập sai quá nhiều lần. Vui lòng đợi {vi} rồi thử lại.",
        f"Too many failed logins. Please wait {en} and try again.",
    )
