"""Masking phone numbers and blanking credentials in text that leaves the program.

Logs and support bundles are read by people other than the declarant; both pass everything
through here. Kept apart from validation so the logging set-up, which runs at every start,
imports nothing heavy.
"""

from __future__ import annotations

import re


def mask_phone(value: str) -> str:
    """Keep enough of a number to recognise it in a log, not enough to call it."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return "***"
    prefix = "+" if value.strip().startswith("+") else ""
    return f"{prefix}{digits[:4]}***{digits[-2:]}"


# Vietnamese numbers as people write them: mobiles 0[35789]x xxx xxxx, landlines 02x xxxx xxxx,
# or either with +84. Tax codes of provinces 01, 02, 04, 06 (10 digits) are deliberately not
# matched; a 10-digit tax code that happens to look like a mobile is masked, erring on the safe side.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+84|0084)[\s.\-]?(?:\d[\s.\-]?){8,9}\d"
    r"|\(?0[35789]\d\)?(?:[\s.\-]?\d){7}"
    r"|\(?02\d(?:[\s.\-)]{0,2}\d){8})(?![\d\-])"
)
_SECRET_RES = (
    re.compile(r"(?i)(authorization\s*[:=]\s*)(?:bearer\s+|basic\s+)?[^\s,;'\"}]+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=\-]+"),
    re.compile(
        r"(?i)([\"']?(?:password|passwd|secret|token|access_token)[\"']?\s*[:=]\s*)"
        r"(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^\s,;&}]+)"
    ),
)


def redact(text: str) -> str:
    """Mask phone numbers and blank out anything that looks like a credential."""
    for pattern in _SECRET_RES:
        text = pattern.sub(lambda m: m.group(1) + "***", text)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)
