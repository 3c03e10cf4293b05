"""Logging to a rotating file, with secrets, phone numbers and e-mail addresses kept out of it.

Logs go into support bundles and are mailed around, so redaction happens in the formatter: every
record, whoever logged it and however its arguments were built, passes through it on the way out.
That includes free text (a comment or a support question quoted in a message or a traceback),
so the formatter masks phone numbers and e-mails anywhere in the line, not only in known fields.
The cost stays small for the usual line: ``redact`` runs the phone matcher only on text with a
phone-shaped run of digits (``bench/redact.py`` prints the figures).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.domain.redaction import RedactingFormatter, redact

__all__ = ["LOG_FORMAT", "RedactingFormatter", "configure_logging", "redact"]

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5


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
