"""A corrected setting support hands back to the declarant: a small file, checked both ways.

What a replay can show to be the declarant's own doing, and fix from the help desk, is where the
program was pointed: the intake server's address and the tax code it logs in with (both in
``settings.json``). Everything else the seven scenarios stand for is the network's or the
server's (a Wi-Fi login page, a server in maintenance, an intake that refuses sheets) and no
setting of the program fixes it; a wrong password is fixed by the declarant typing it, never
by a file. So the file carries exactly those two settings, checked when written and again when
read, never a password (``Settings.save`` refuses one), and the tax code of the bundle it was
made for, so it is not applied to another enterprise's program by mistake.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.domain.messages import Message
from app.domain.validation import ValidationFailed, validate_tax_code
from app.settings import Settings
from app.sync.api_client import ApiError, check_server_url

KIND = "customs-rating-settings"
VERSION = 1

NOT_A_HANDBACK = Message(
    "handback_invalid",
    "Tệp này không phải tệp thiết lập do bộ phận hỗ trợ gửi. Hãy xin lại tệp.",
    "This is not a settings file from support. Ask for the file again.",
)


class HandbackError(Exception):
    def __init__(self, message: Message):
        self.message = message
        super().__init__(message.en)


@dataclass(frozen=True, slots=True)
class Handback:
    server_url: str
    tax_code: str
    made_for: str  # the tax code of the bundle it was made from
    note: str = ""  # why, in support's words (the diagnosis)


def checked(server_url: str, tax_code: str, made_for: str, note: str = "") -> Handback:
    """The settings as they will be written, or HandbackError saying what is wrong."""
    try:
        url = check_server_url(server_url)
    except ApiError as error:
        raise HandbackError(error.message) from None
    try:
        code = validate_tax_code(tax_code)
    except ValidationFailed as failed:
        raise HandbackError(failed.errors[0].message) from None
    return Handback(url, code, made_for, note)


def write_handback(target: Path, handback: Handback) -> Path:
    data = {
        "kind": KIND,
        "version": VERSION,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "made_for": handback.made_for,
        "note": handback.note,
        "settings": {"server_url": handback.server_url, "tax_code": handback.tax_code},
    }
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def read_handback(source: Path) -> Handback:
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        if data.get("kind") != KIND or data.get("version") != VERSION:
            raise HandbackError(NOT_A_HANDBACK)
        settings = data["settings"]
        return checked(
            str(settings["server_url"]),
            str(settings["tax_code"]),
            str(data.get("made_for", "")),
            str(data.get("note", "")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise HandbackError(NOT_A_HANDBACK) from None


def changes(handback: Handback, settings: Settings) -> list[tuple[str, str, str]]:
    """(setting, now, after) for each setting the file would change."""
    found = []
    for name in ("server_url", "tax_code"):
        now, after = getattr(settings, name), getattr(handback, name)
        if now != after:
            found.append((name, now, after))
    return found


def apply_handback(handback: Handback, settings: Settings, settings_file: Path) -> None:
    """Into the settings in memory and on disk; the next start (and log-in) uses them."""
    settings.server_url = handback.server_url
    settings.tax_code = handback.tax_code
    settings.save(settings_file)
