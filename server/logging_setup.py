"""Where the intake server's log lines go, each stamped with the request it belongs to.

The file sits in the data dir, so a support bundle of the server side is one folder; the
formatter is the client's redacting one, so phone numbers and tokens never reach it, and it
escapes control characters (``EscapingFormatter``): a path or a value a client sent can hold a
line feed, a terminal escape or a bidi override, and must not forge a line or hide one.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

from app.domain.redaction import RedactingFormatter
from server.request_context import RequestIdFilter

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
LOGGERS = ("server", "uvicorn")
LOG_FILE = "intake-server.log"


#: What a log line may not hold: the C0 and C1 controls, DEL, surrogates, bidi embeddings,
#: overrides and isolates, the line and paragraph separators, the non-characters U+FFFE/FFFF.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def escape_controls(text: str) -> str:
    """``\\n``, ``\\x1b``, ``\\u202e``…: the character's escape in place of the character."""
    return _CONTROL.sub(
        lambda m: m.group().encode("unicode_escape", "backslashreplace").decode(), text
    )


class EscapingFormatter(RedactingFormatter):
    """One record, one line, plus its traceback's lines, each indented.

    The message is escaped whole (a line feed in it becomes ``\\n``); after it, a traceback or
    stack keeps its line feeds, but every one of its lines is escaped and starts with two spaces,
    so an exception's text, which may quote what a client sent, cannot pass for a record.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:
        return escape_controls(super().formatMessage(record))

    def format(self, record: logging.LogRecord) -> str:
        head, newline, tail = super().format(record).partition("\n")
        if not newline:
            return head
        return head + "".join("\n  " + escape_controls(line) for line in tail.split("\n"))


def _handler_setup(handler: logging.Handler) -> logging.Handler:
    handler.setFormatter(EscapingFormatter(LOG_FORMAT))
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


def attach_shared_log_file(log_dir: Path) -> logging.Handler:
    """The same file for several processes (``--workers``): appended, never rotated by us
    (two processes rotating one file would lose lines); reopened if logrotate moves it."""
    log_dir.mkdir(parents=True, exist_ok=True)
    return _handler_setup(logging.handlers.WatchedFileHandler(log_dir / LOG_FILE, encoding="utf-8"))


def attach_console() -> logging.Handler:
    return _handler_setup(logging.StreamHandler(sys.stderr))


def detach(handler: logging.Handler) -> None:
    for name in LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    handler.close()
