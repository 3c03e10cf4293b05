"""One running copy per profile, found with QLockFile; a second start brings the first forward.

Two copies on one store would each believe they own the file (and on Windows neither could move
a damaged one aside). A PID file is not enough: a crash leaves it behind and the PID gets reused;
QLockFile records host, PID and application and treats a lock whose process is gone as stale. The
running copy listens on a QLocalServer named after the profile, so the second start can ask it
to show its window instead of just refusing.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    # QtNetwork costs start-up time: imported once the window is up (``listen``).
    from PySide6.QtNetwork import QLocalServer

from app.domain.messages import Message

log = logging.getLogger(__name__)

LOCK_NAME = "customs-rating.lock"
RAISE = b"raise\n"

ALREADY_RUNNING = Message(
    "already_running",
    "Chương trình đang chạy với cùng dữ liệu này; cửa sổ của nó đã được đưa lên trước. Hãy dùng "
    "cửa sổ đó (mỗi bộ dữ liệu chỉ mở được một lần).",
    "The program is already running with this data; its window was brought to the front. Use "
    "that window (each set of data can be open only once).",
)


def _server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:20]
    return f"customs-rating-{digest}"


class SingleInstance(QObject):
    """Holds the profile's lock for the life of the program."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        # Stale only when its process is gone, never by age: a copy may run for weeks.
        self._lock.setStaleLockTime(0)
        self._name = _server_name(data_dir)
        self._server: QLocalServer | None = None

    def acquire(self, *, listen: bool = True) -> bool:
        """Take the lock; False when another live copy holds it (the folder being unwritable
        is not that: the store's own opening then says what is wrong).

        ``listen=False`` leaves answering a later start to ``listen()``, called once the window
        is painted.
        """
        if self._lock.tryLock(0):
            if listen:
                self.listen()
            return True
        return self._lock.error() != QLockFile.LockError.LockFailedError

    def holder_pid(self) -> int | None:
        info = self._lock.getLockInfo()  # (pid, hostname, app name); pid 0 when unreadable
        pid = info[0] if isinstance(info, tuple) and info else 0
        return int(pid) or None

    def ask_running_copy_to_show(self, timeout_ms: int = 2000) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(RAISE)
        sent = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return sent

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def listen(self) -> None:
        """Answer later starts of the program (they ask this copy to show its window)."""
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None or not self._lock.isLocked():
            return
        server = QLocalServer(self)
        QLocalServer.removeServer(self._name)  # a socket file left by a crash
        if not server.listen(self._name):
            log.warning("single-instance server not listening: %s", server.errorString())
            return
        server.newConnection.connect(self._on_connection)
        self._server = server

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            # The other start writes at once and goes: a short wait, no socket kept around.
            if not socket.bytesAvailable():
                socket.waitForReadyRead(500)
            data = bytes(socket.readAll().data())
            socket.abort()
            socket.deleteLater()
            if data.startswith(RAISE.strip()):
                self.raise_requested.emit()
