"""Logging to a rotating file, with secrets and phone numbers kept out of it.

Logs go into support bundles and are mailed around, so redaction happens in the formatter: every
record, whoever logged it and however its arguments were built, passes through it on the way out.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from app.validation import mask_phone

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5

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


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(log_dir: Path, level: int = logging.INFO) -> logging.Handler:
    """Send the root logger to ``customs-rating.log`` in *log_dir* (1 MB × 5 files)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / "customs-rating.log", maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_customs_rating", False)]:
        root.removeHandler(old)
        old.close()
    handler._customs_rating = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return handler
