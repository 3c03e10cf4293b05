"""Where the intake server's log lines go, each stamped with the request it belongs to.

The file sits in the data dir, so a support bundle of the server side is one folder; the
formatter is the client's redacting one, so phone numbers and tokens never reach it.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from app.domain.redaction import RedactingFormatter
from server.request_context import RequestIdFilter

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
LOGGERS = ("server", "uvicorn")
LOG_FILE = "intake-server.log"


def _handler_setup(handler: logging.Handler) -> logging.Handler:
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    handler.addFilter(RequestIdFilter())
    handler.setLevel(logging.INFO)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
        logger.addHandler(handler)
    return handler


def attach_log_file(log_dir: Path) -> logging.Handler:
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / LOG_FILE, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    return _handler_setup(handler)


def attach_console() -> logging.Handler:
    return _handler_setup(logging.StreamHandler(sys.stderr))


def detach(handler: logging.Handler) -> None:
    for name in LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    handler.close()
