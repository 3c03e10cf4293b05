"""Rescue during a session: go on in a new file when the store is found damaged while in use.

Moving the damaged file is for the next start (``app.store.opening``), before any connection
exists. Until then the session must neither write into the damaged file nor lose what the user
types next, so the readable rows are salvaged into ``store.rescue-<time>.sqlite3`` beside it,
and the window's store switches to that file: new sheets are saved there, the sync worker sends
from there, and at the next start it becomes the store. The damaged file is only read.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.domain.messages import Message
from app.store.files import connect
from app.store.salvage import SalvageReport, salvage
from app.store.schema import migrate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rescue:
    path: Path
    report: SalvageReport

    def message(self) -> Message:
        saved = self.report.message()
        return Message(
            "store_rescued",
            "Tệp dữ liệu bị hỏng trong lúc làm việc. Chương trình đã ngừng ghi vào tệp đó và từ giờ "
            f"ghi vào tệp mới {self.path.name}. {saved.vi} Tệp hỏng được giữ nguyên và sẽ được "
            "chuyển sang một bên khi mở lại chương trình.",
            "The data file was damaged while in use. The program stopped writing into it and now "
            f"writes into the new file {self.path.name}. {saved.en} The damaged file is kept as it "
            "is and will be moved aside when the program is started again.",
        )


RESCUE_FAILED = Message(
    "store_rescue_failed",
    "Tệp dữ liệu bị hỏng và chưa cứu được sang tệp mới. Hãy đóng rồi mở lại chương trình: tệp hỏng "
    "sẽ được giữ lại riêng và dữ liệu còn đọc được sẽ được cứu. Những gì bạn đang nhập vẫn còn "
    "trên màn hình cho tới khi đóng.",
    "The data file is damaged and could not be rescued into a new file. Close and reopen the "
    "program: the damaged file will be kept aside and what can still be read will be saved. What "
    "you are typing stays on screen until you close.",
)


def rescue_path(base: Path, now: datetime | None = None) -> Path:
    """Beside the store, named so the newest sorts last (``store.rescue-<UTC time>.sqlite3``)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%f")
    return base.with_name(f"{base.stem}.rescue-{stamp}{base.suffix}")


def rescue(damaged: Path, base: Path) -> Rescue:
    """Salvage *damaged* (read-only) into a new rescue file beside *base*; return where it is.

    Built under a ``.partial`` name and renamed when complete, so a crash midway leaves nothing
    the next start would mistake for a finished rescue (the damage marker makes it salvage the
    damaged file again instead).
    """
    target = rescue_path(base)
    partial = target.with_name(target.name + ".partial")
    conn = connect(partial)
    try:
        migrate(conn)
        report = salvage(damaged, conn)
    except BaseException:
        conn.close()
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    conn.close()
    partial.replace(target)
    log.warning("store rescued into %s: %s", target.name, report.summary())
    return Rescue(target, report)
