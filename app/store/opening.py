"""Opening the store at start: the one place that moves a damaged file aside.

This runs before any other connection to the file exists (the window, the sync worker and the
table loader only ever ``attach`` later), which is what Windows needs to rename a file and what
keeps a second connection from writing into a file that was just moved. Every way a start can go
wrong ends here as a ``StartupFailure`` with a message in the user's language, or as a repaired
store with notices saying what was done:

* a damaged file (unreadable header, damaged pages, zero length, a folder in its place) is moved
  aside, never deleted, and what can still be read of it is salvaged into the fresh store;
* a rescue file written during the last session (``store.rescue-<time>.sqlite3``, see
  ``app.store.rescue``) becomes the store, and the damaged file it replaced is moved aside;
* a read-only file or folder, a file another program holds locked, a full disk and a profile
  folder that cannot be created are refused with what to do about them.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.domain.messages import Message
from app.store.errors import StoreError
from app.store.files import connect, damaged_marker, is_corruption, is_disk_full, quarantine
from app.store.salvage import SalvageReport, salvage
from app.store.schema import migrate
from app.store.store import Store

log = logging.getLogger(__name__)

RESCUE_GLOB = "*.rescue-*.sqlite3"
#: Written while a salvage at start is under way; a crash midway redoes it at the next start.
PENDING_SUFFIX = ".salvage-pending"
#: How long the start waits for a file another program holds locked (a normal start waits 10 s).
START_BUSY_MS = 3000


class StartupFailure(StoreError):
    """The store cannot be opened; the message says why and what the user can do."""


@dataclass
class OpenedStore:
    store: Store
    #: What the user is told after the window is up (a damaged file moved aside, what was saved).
    notices: list[Message] = field(default_factory=list)
    #: One line per repair, for ``--self-test`` and the log.
    repairs: list[str] = field(default_factory=list)


# -- messages ------------------------------------------------------------------------------------


def folder_unusable(folder: Path, error: OSError | str) -> Message:
    """The profile's folder cannot be made (read-only drive, no permission, a file in the way)."""
    detail = error if isinstance(error, str) else (error.strerror or str(error))
    return Message(
        "profile_unusable",
        f"Không tạo được thư mục dữ liệu {folder} ({detail}). Hãy kiểm tra quyền ghi vào thư mục "
        "này hoặc chọn thư mục khác bằng --profile, rồi mở lại chương trình.",
        f"The data folder {folder} cannot be created ({detail}). Check that you may write there, "
        "or choose another folder with --profile, then start the program again.",
    )


def _read_only(path: Path) -> Message:
    return Message(
        "store_read_only",
        f"Không ghi được vào tệp dữ liệu {path}: tệp hoặc thư mục chứa nó chỉ cho phép đọc. "
        "Hãy bỏ thuộc tính Chỉ đọc (Read-only) của tệp và thư mục, hoặc nhờ quản trị viên cấp "
        "quyền ghi, rồi mở lại chương trình. Dữ liệu trong tệp vẫn còn nguyên.",
        f"The data file {path} cannot be written: the file or its folder is read-only. Clear the "
        "Read-only attribute of the file and folder, or ask your administrator for write access, "
        "then start the program again. The data in the file is untouched.",
    )


def _locked(path: Path) -> Message:
    return Message(
        "store_locked",
        f"Tệp dữ liệu {path} đang bị một chương trình khác giữ. Hãy đóng chương trình đó (hoặc "
        "khởi động lại máy) rồi mở lại chương trình này.",
        f"The data file {path} is held by another program. Close that program (or restart the "
        "computer), then start this program again.",
    )


def _disk_full(path: Path) -> Message:
    return Message(
        "store_disk_full",
        f"Ổ đĩa chứa {path.parent} đã đầy nên chương trình không mở được dữ liệu. Hãy giải phóng "
        "dung lượng rồi mở lại chương trình; dữ liệu đã lưu vẫn còn nguyên.",
        f"The disk holding {path.parent} is full, so the program cannot open its data. Free some "
        "space, then start the program again; the data already saved is untouched.",
    )


def _cannot_open(path: Path, detail: str) -> Message:
    return Message(
        "store_cannot_open",
        f"Không mở được tệp dữ liệu {path} ({detail}). Hãy mở lại chương trình; nếu lỗi lặp lại, "
        "hãy liên hệ bộ phận hỗ trợ.",
        f"The data file {path} cannot be opened ({detail}). Start the program again; if this "
        "keeps happening, contact support.",
    )


def _moved_aside(reason_vi: str, reason_en: str, moved: Path, report: SalvageReport) -> Message:
    saved = report.message()
    return Message(
        "store_recovered",
        f"{reason_vi} nên đã được chuyển sang {moved.name} (không bị xóa) và một tệp mới đã được "
        f"tạo. {saved.vi} Danh sách tờ khai sẽ được tải lại ở lần đồng bộ tới.",
        f"{reason_en}, so it was moved to {moved.name} (not deleted) and a new one was created. "
        f"{saved.en} Declarations will be downloaded again at the next sync.",
    )


def _rescued(moved: Path | None) -> Message:
    where_vi = f" Tệp hỏng đã được chuyển sang {moved.name} (không bị xóa)." if moved else ""
    where_en = f" The damaged file was moved to {moved.name} (not deleted)." if moved else ""
    return Message(
        "store_rescue_promoted",
        "Lần trước tệp dữ liệu bị hỏng; tệp cứu hộ với mọi phiếu đã lưu từ lúc đó nay là tệp dữ "
        f"liệu chính.{where_vi}",
        "Last time the data file was damaged; the rescue file, with every sheet saved since, is now "
        f"the data file.{where_en}",
    )


# -- opening -------------------------------------------------------------------------------------


def open_store(path: Path, *, deep_check: bool = False) -> OpenedStore:
    """Open (creating, migrating, repairing) the store at *path*; raise StartupFailure if it can't.

    Must run before this process has any other connection to *path*: ``quarantine`` refuses to
    move a file that is held open.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StartupFailure(folder_unusable(path.parent, error)) from error
    notices: list[Message] = []
    repairs: list[str] = []
    _finish_pending_salvage(path, notices, repairs)
    _promote_rescue(path, notices, repairs)
    marker = damaged_marker(path)
    damage = _initial_damage(path, marker)
    if damage is not None:
        _replace_damaged(path, damage, notices, repairs)
    try:
        conn = _open_checked(path, deep_check)
    except StartupFailure:
        raise
    except StoreError as error:
        raise StartupFailure(error.message) from error
    except sqlite3.Error as error:
        if not _is_damage(error):
            raise _failure(path, error) from error
        log.error("store %s is unreadable (%s); moving it aside", path.name, error)
        _replace_damaged(
            path,
            ("Tệp dữ liệu bị hỏng", "The data file was damaged", str(error)),
            notices,
            repairs,
        )
        try:
            conn = _open_checked(path, deep_check)
        except sqlite3.Error as again:
            raise _failure(path, again) from again
    marker.unlink(missing_ok=True)
    return OpenedStore(Store(path, conn, notices[0] if notices else None), notices, repairs)


def _is_damage(error: sqlite3.Error) -> bool:
    return is_corruption(error)


def _initial_damage(path: Path, marker: Path) -> tuple[str, str, str] | None:
    """Damage known before opening: a marker from the last session, a folder, an empty file."""
    if marker.exists() and path.exists():
        detail = ""
        with contextlib.suppress(OSError):
            detail = marker.read_text(encoding="utf-8")[:200]
        log.error("store %s was found damaged last session; moving it aside", path.name)
        return ("Tệp dữ liệu bị hỏng", "The data file was damaged", detail or "marked damaged")
    if path.is_dir():
        return (
            "Ở chỗ tệp dữ liệu có một thư mục",
            "A folder stood where the data file should be",
            "a directory in place of the store",
        )
    wal = path.with_name(path.name + "-wal")
    if path.is_file() and path.stat().st_size == 0 and not wal.exists():
        return (
            "Tệp dữ liệu trống (0 byte), dữ liệu trước đó không còn trong tệp",
            "The data file was empty (0 bytes): its earlier data was no longer in it",
            "zero-length store",
        )
    return None


def _open_checked(path: Path, deep_check: bool) -> sqlite3.Connection:
    """Connect, read the schema, migrate and write once, so trouble shows here.

    Damage further in (the pages the window's first counts read) is found when the window is
    built, which then opens the store once more (``ui.main``); damage nothing reads at start is
    found by the background integrity check and rescued during the session.
    """
    conn = connect(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {START_BUSY_MS}")
        # Reading the schema is enough to find a file that is not a database at all.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if deep_check:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {result}")
        migrate(conn)
        # A write, so a read-only file, folder or a full disk is found now, not at "Gửi". It
        # need not be durable (no fsync on the way to the first paint): it only proves we can.
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('opened_at', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (datetime.now(UTC).isoformat(timespec="seconds"),),
        )
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA busy_timeout = 10000")
    except BaseException:
        conn.close()
        raise
    return conn


# SQLite primary result codes.
_BUSY, _LOCKED, _READONLY, _CANTOPEN, _PERM = 5, 6, 8, 14, 3


def _failure(path: Path, error: sqlite3.Error) -> StartupFailure:
    """A start that cannot go on: say why in words the declarant can act on."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(error).lower()
    log.error("store %s cannot be opened: %s (code %s)", path.name, error, code)
    if is_disk_full(error, path):
        return StartupFailure(_disk_full(path))
    if code in (_READONLY, _PERM) or "readonly" in text or "read-only" in text:
        return StartupFailure(_read_only(path))
    if code in (_BUSY, _LOCKED) or "locked" in text:
        return StartupFailure(_locked(path))
    if code == _CANTOPEN or "unable to open" in text:
        return StartupFailure(
            _read_only(path) if path.parent.exists() else _cannot_open(path, str(error))
        )
    return StartupFailure(_cannot_open(path, str(error)))


# -- moving aside and salvaging -------------------------------------------------------------------


def _pending_note(path: Path) -> Path:
    return path.with_name(path.name + PENDING_SUFFIX)


def _replace_damaged(
    path: Path, damage: tuple[str, str, str], notices: list[Message], repairs: list[str]
) -> None:
    """Move the damaged file aside, then build the fresh store from what it still holds."""
    reason_vi, reason_en, detail = damage
    try:
        moved = quarantine(path)
    except OSError as error:
        raise StartupFailure(_cannot_open(path, f"{detail}; {error}")) from error
    damaged_marker(path).unlink(missing_ok=True)
    repairs.append(f"moved damaged store aside to {moved.name} ({detail})")
    note = _pending_note(path)
    note.write_text(moved.name, encoding="utf-8")
    report = _salvage_into(path, moved)
    note.unlink(missing_ok=True)
    repairs.append(report.summary())
    notices.append(_moved_aside(reason_vi, reason_en, moved, report))


def _salvage_into(path: Path, source: Path) -> SalvageReport:
    """Salvage *source* into a new file beside *path*, then put it in place in one rename."""
    fresh = path.with_name(path.name + ".new")
    for leftover in (fresh, *(fresh.with_name(fresh.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    try:
        conn = connect(fresh)
        try:
            migrate(conn)
            report = salvage(source, conn) if source.is_file() else SalvageReport(source)
            if not source.is_file():
                report.source_error = "not a file"
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise _failure(path, error) from error
    fresh.replace(path)
    return report


def _finish_pending_salvage(path: Path, notices: list[Message], repairs: list[str]) -> None:
    """A salvage at start that a crash or power cut interrupted is done again, from the start."""
    note = _pending_note(path)
    if not note.exists():
        return
    source = path.with_name(note.read_text(encoding="utf-8").strip())
    log.warning("resuming the salvage of %s interrupted last time", source.name)
    if path.exists():
        # The half-built store of the interrupted salvage: it holds nothing new, keep it anyway.
        quarantine(path)
    report = _salvage_into(path, source)
    note.unlink(missing_ok=True)
    repairs.append(report.summary())
    notices.append(_moved_aside("Tệp dữ liệu bị hỏng", "The data file was damaged", source, report))


def _promote_rescue(path: Path, notices: list[Message], repairs: list[str]) -> None:
    """A rescue file from the last session takes the damaged store's place."""
    for partial in path.parent.glob(f"{path.stem}.rescue-*.partial*"):
        # An interrupted mid-session salvage: a copy of rows the damaged file still holds.
        partial.unlink(missing_ok=True)
    rescues = sorted(path.parent.glob(f"{path.stem}.rescue-*{path.suffix}"))
    if not rescues:
        return
    newest, older = rescues[-1], rescues[:-1]
    moved = None
    if path.exists():
        moved = quarantine(path)
        repairs.append(f"moved damaged store aside to {moved.name}")
    damaged_marker(path).unlink(missing_ok=True)
    for old in older:  # rescue files that were found damaged in their turn
        repairs.append(f"moved damaged rescue file aside to {quarantine(old).name}")
        damaged_marker(old).unlink(missing_ok=True)
    newest.replace(path)
    for suffix in ("-wal", "-shm"):
        side = newest.with_name(newest.name + suffix)
        if side.exists():
            side.replace(path.with_name(path.name + suffix))
    rescue_marker = damaged_marker(newest)
    if rescue_marker.exists():
        rescue_marker.replace(damaged_marker(path))
    repairs.append(f"the rescue file {newest.name} is the store now")
    notices.append(_rescued(moved))
