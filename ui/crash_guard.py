"""The last line of defence: an unexpected error becomes a message and a log entry, not an exit.

PySide6 hands an exception raised in a slot to ``sys.excepthook``; Python's default prints it and
carries on, so on a windowed Windows program (no console) the user sees nothing while the action
they tried silently did not happen. Here every such error is written to the log with its
traceback and shown once in the user's language with what to do; the program keeps running, and
what was typed stays where it was. Qt's own warnings go to the log as well.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QtMsgType,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from app.domain.messages import Language, Message
from app.store import StoreDamaged, StoreError, is_corruption, report_damage

log = logging.getLogger("customs_rating.crash")
qt_log = logging.getLogger("qt")

#: The same error is shown once per this many seconds (a failing timer must not flood boxes).
REPEAT_QUIET_S = 30.0


def unexpected_error(kind: str, log_file: Path) -> Message:
    return Message(
        "unexpected_error",
        f"Đã xảy ra lỗi không mong muốn ({kind}). Thao tác vừa rồi có thể chưa hoàn tất; dữ liệu đã "
        "lưu không bị ảnh hưởng và chương trình vẫn chạy. Nếu lỗi lặp lại, hãy xuất gói hỗ trợ "
        f"(Trợ giúp → Xuất gói hỗ trợ) và gửi cho bộ phận hỗ trợ. Chi tiết đã được ghi vào {log_file}.",
        f"An unexpected error occurred ({kind}). The last action may not have completed; the data "
        "already saved is not affected and the program keeps running. If this happens again, export "
        f"a support bundle (Help → Export support bundle) and send it to support. Details were "
        f"written to {log_file}.",
    )


class CrashGuard(QObject):
    """Installs the hooks; shows the messages on the GUI thread, whichever thread failed."""

    _show = Signal(str)

    def __init__(
        self,
        show: Callable[[str], object],
        language: Language,
        log_file: Path,
        store_path: Callable[[], Path | None],
    ):
        super().__init__()
        self._show_text = show
        self._language: Language = language
        self._log_file = log_file
        self._store_path = store_path
        self._last_shown: dict[str, float] = {}
        self._showing = False
        self._show.connect(self._on_show)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._previous_qt: Callable[[QtMsgType, QMessageLogContext, str], object] | None = None

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        self._previous_qt = qInstallMessageHandler(_qt_message)

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_qt)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(error, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        log.critical(
            "unexpected error: %s", "".join(traceback.format_exception(kind, error, tb)).rstrip()
        )
        if is_corruption(error):
            path = self._store_path()
            if path is not None:
                report_damage(path, str(error))  # the store guard tells the user and rescues
            return
        if isinstance(error, StoreDamaged):
            return  # said already, by the store guard
        if isinstance(error, StoreError):
            text = error.message.text(self._language)
        else:
            text = unexpected_error(kind.__name__, self._log_file).text(self._language)
        self._show.emit(text)

    @Slot(str)
    def _on_show(self, text: str) -> None:
        now = time.monotonic()
        if self._showing or now - self._last_shown.get(text, float("-inf")) < REPEAT_QUIET_S:
            return
        self._last_shown[text] = now
        self._showing = True
        try:
            self._show_text(text)
        finally:
            self._showing = False


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", text)
