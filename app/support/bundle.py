"""Support bundles: one zip with what support staff need to see what the declarant saw.

A bundle leaves the declarant's machine and is mailed around, so it is built to hold no secret:
the password lives only in keyring and is never read here; logs pass through the same redaction
as when they were written (again, so rules added since apply to old lines too); and every store
file goes in masked — no full phone number or e-mail address in any text a person typed.

What goes in, and how each store file is copied:

- ``store.sqlite3``: the live store. A consistent copy through SQLite's backup API, checked
  (``quick_check``), masked with SQL (every text column that holds typed text, every outbox
  payload through its JSON) and vacuumed, so no old page still holds a full number; that SQL
  is ``app.store.bundle_copy``, with the rest of the client's.
- When SQLite cannot read a file (``file is not a database``, ``malformed``, ``disk I/O error``,
  a failed check), its raw bytes go in instead, with its ``-wal``/``-shm``, masked in place at
  the same length (``app.support.raw_masking``): support gets the damaged file as it is, for SQLite's
  recovery tools, and the export never fails because of it.
- ``data/…``: the damaged stores moved aside (``store.corrupt-<time>.sqlite3``), salvage files
  (``store.rescue*.sqlite3``) and damage markers (``*.damaged``) from the data dir, each the same
  way, so the unsent sheets they strand reach support too.
- ``manifest.json`` lists every store file: name, size, readable or not and SQLite's error, how it
  was copied, and its outbox state (best effort: what could be read, and the error).

A customs broker's profile holds several client enterprises, which must not see each other's
data, so the export asks which enterprises the bundle is for (``enterprises=``). Then it holds
nothing of the others: their rows are deleted from every store copy before the masking and the
``VACUUM`` (``app.store.bundle_copy.keep_only``), log lines that name one of them (its tax code
or name, a declaration number, a sheet's, receipt's or answer's key) are left out, the settings'
last tax code is blanked if it is theirs, and a damaged file, whose raw bytes cannot be sorted
by enterprise, stays out (the manifest says so).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import logging
import os
import platform
import re
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from app import __version__
from app.domain.messages import Message
from app.domain.redaction import redact
from app.paths import Paths
from app.settings import Settings
from app.store.bundle_copy import (
    Others,
    copy_store,
    mentions,
    other_enterprises,
    read_outbox,
    tax_codes_of,
)
from app.support.raw_masking import mask_file, reseal_wal
from app.support.summary import SUMMARY_NAME, profile_summary
from app.support.timeline import local_offset_minutes

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
STORE_NAME = "store.sqlite3"
DATA_PREFIX = "data/"
MAX_UNPACKED_BYTES = 2 * 1024**3
_COMPANIONS = ("-wal", "-shm")

BAD_BUNDLE = Message(
    "bad_bundle",
    "Tệp này không phải gói hỗ trợ hợp lệ.",
    "This file is not a valid support bundle.",
)
BUNDLE_FAILED = Message(
    "bundle_failed",
    "Đã xảy ra lỗi không mong muốn; chi tiết đã được ghi vào nhật ký. Hãy thử lại, hoặc chọn "
    "nơi lưu khác.",
    "Something unexpected went wrong; the details are in the log. Try again, or choose another "
    "place to save it.",
)


def cannot_write_bundle(target: Path, error: OSError) -> Message:
    """Why the zip could not be written where the user chose, and what to do about it."""
    if error.errno == errno.ENOSPC:
        return Message(
            "bundle_disk_full",
            f"Ổ đĩa chứa {target.parent} đã hết chỗ trống. Hãy giải phóng dung lượng hoặc chọn "
            "nơi lưu khác.",
            f"The disk holding {target.parent} is full. Free some space or choose another place.",
        )
    detail = error.strerror or type(error).__name__
    return Message(
        "bundle_cannot_write",
        f"Không tạo được tệp {target} ({detail}). Hãy chọn thư mục khác.",
        f"Could not create the file {target} ({detail}). Choose another folder.",
    )


class BundleError(Exception):
    def __init__(self, message: Message, detail: str = ""):
        self.message = message
        super().__init__(detail or message.en)


class _Packer:
    """Puts store files into the zip, each the best way it can be read; never raises for one."""

    def __init__(
        self,
        bundle: zipfile.ZipFile,
        scratch: Path,
        keep: set[str],
        only: Collection[str] | None = None,
    ):
        self.bundle = bundle
        self.scratch = scratch
        self.keep = keep
        #: The enterprises the bundle is for; None: every one the files hold.
        self.only = only
        self._seq = 0

    def _workdir(self) -> Path:
        self._seq += 1
        work = self.scratch / f"file-{self._seq}"
        work.mkdir()
        return work

    def store(self, source: Path, member: str, *, live: bool) -> dict[str, object]:
        """One database file: the consistent masked copy, else its masked raw bytes.

        Returns its manifest entry; never raises for a file that cannot be read.
        """
        entry: dict[str, object] = {"file": source.name, "member": member}
        try:
            entry["size"] = source.stat().st_size
        except OSError as failure:
            return {**entry, "member": None, "readable": False, "error": str(failure)}
        work = self._workdir()
        error = "empty file (0 bytes)" if entry["size"] == 0 else None
        if error is None:
            copy = work / "copy.sqlite3"
            error = self._try_copy(source, copy, live=live, work=work)
            if error is None:
                self.bundle.write(copy, member)
                self._add_tax_codes(copy)
                entry.update(readable=True, copy="backup", error=None)
                self._outbox(entry, copy)
                return entry
        if self.only is not None:
            # Raw bytes cannot be sorted by enterprise: the bundle would carry the others' too.
            log.warning(
                "bundle: %s is not readable (%s); left out of a partial bundle", member, error
            )
            entry.update(readable=False, copy="left out", member=None, error=redact(error))
            entry["left_out"] = "unreadable, and it may hold other enterprises' rows"
            return entry
        log.warning("bundle: %s is not readable (%s); adding its raw bytes, masked", member, error)
        entry.update(readable=False, copy="raw", error=redact(error))
        raw = self._raw(source, member, work, entry)
        if raw is not None:
            self._outbox(entry, raw)
        return entry

    def _try_copy(self, source: Path, copy: Path, *, live: bool, work: Path) -> str | None:
        """None when the consistent masked copy worked, else why not (SQLite's words).

        *live*: the program may be writing the file, so only the backup API (a consistent
        snapshot, read-only) touches it. Otherwise the file is evidence nobody writes.
        """
        try:
            if live:
                copy_store(source, copy, self.keep, self.only)
            else:
                # A moved-aside file is copied first (with its -wal) and read from the copy, so
                # the file kept as evidence is never opened, locked or checkpointed.
                staged = work / "staged" / source.name
                staged.parent.mkdir()
                for name in (source.name, *(source.name + s for s in _COMPANIONS)):
                    if (source.parent / name).exists():
                        shutil.copyfile(source.parent / name, staged.parent / name)
                copy_store(staged, copy, self.keep, self.only)
        except (sqlite3.Error, OSError) as error:
            copy.unlink(missing_ok=True)
            return str(error) or type(error).__name__
        return None

    def _raw(self, source: Path, member: str, work: Path, entry: dict[str, object]) -> Path | None:
        """The file and its -wal/-shm, masked at the same length, into the zip."""
        masked_dir = work / "raw"
        masked_dir.mkdir()
        companions: list[dict[str, object]] = []
        first: Path | None = None
        hidden = 0
        for suffix in ("", *_COMPANIONS):
            path = source.with_name(source.name + suffix)
            if suffix and not path.exists():
                continue
            target = masked_dir / path.name
            try:
                hidden += self._mask_raw(path, target, work)
                self.bundle.write(target, member + suffix)
            except OSError as error:
                if not suffix:
                    entry.update(member=None, error=f"{entry['error']}; raw copy: {error}")
                    return None
                companions.append({"file": path.name, "member": None, "error": str(error)})
                continue
            if suffix:
                companions.append(
                    {"file": path.name, "member": member + suffix, "size": target.stat().st_size}
                )
            else:
                first = target
        entry["masked_in_raw_bytes"] = hidden
        if companions:
            entry["companions"] = companions
        return first

    def _mask_raw(self, path: Path, target: Path, work: Path) -> int:
        if not path.name.endswith("-wal"):
            return mask_file(path, target, self.keep)
        # Masked from a snapshot, so the checksums are recomputed over exactly the bytes masked
        # even if the program is still appending to the original.
        snapshot = work / ("snapshot" + path.suffix)
        shutil.copyfile(path, snapshot)
        hidden = mask_file(snapshot, target, self.keep)
        reseal_wal(snapshot, target)
        return hidden

    def _outbox(self, entry: dict[str, object], copy: Path) -> None:
        outbox = read_outbox(copy)
        entry["outbox"] = outbox.rows
        if outbox.error is not None:
            entry["outbox_error"] = redact(outbox.error)

    def _add_tax_codes(self, copy: Path) -> None:
        self.keep |= tax_codes_of(copy)  # only a help for masking the raw files that follow

    def marker(self, source: Path, member: str) -> dict[str, object]:
        """A ``*.damaged`` marker: a short text (SQLite's check result), redacted."""
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            return {"file": source.name, "member": None, "error": str(error)}
        self.bundle.writestr(member, redact(text, self.keep))
        return {"file": source.name, "member": member, "size": len(text.encode())}


def data_dir_files(paths: Paths) -> list[Path]:
    """Store files beside the live one that support needs: damaged, salvaged, markers."""
    store = paths.store_file
    folder = store.parent
    patterns = (f"{store.stem}.corrupt-*{store.suffix}", f"{store.stem}.rescue*{store.suffix}")
    found = {p for pattern in patterns for p in folder.glob(pattern) if p.is_file()}
    found |= {p for p in folder.glob("*.damaged") if p.is_file()}
    return sorted(found)


def _add_text(
    bundle: zipfile.ZipFile,
    source: Path,
    member: str,
    keep: Collection[str] | None,
    unreadable: list[dict[str, str]],
    others: Others | None = None,
) -> int:
    """A text file, redacted unless *keep* is None; one that cannot be read is noted, not fatal.

    Lines naming one of *others* (the enterprises left out) are left out; returns how many.
    Reading it whole first keeps a half-read file out of the zip, and leaves every OSError that
    reaches ``write_bundle`` about the zip itself.
    """
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        unreadable.append({"file": source.name, "error": str(error)})
        return 0
    dropped = 0
    if others:
        lines = text.splitlines(keepends=True)
        kept = [line for line in lines if not mentions(line, others)]
        dropped, text = len(lines) - len(kept), "".join(kept)
    bundle.writestr(member, text if keep is None else redact(text, keep))
    return dropped


def _settings_for(paths: Paths, only: Collection[str] | None) -> str | None:
    """settings.json as it is, or with the last tax code blanked when it is a left-out one's."""
    if only is None or not paths.settings_file.exists():
        return None
    settings = Settings.load(paths.settings_file)
    if settings.tax_code and settings.tax_code not in only:
        settings.tax_code = ""
    return json.dumps(dataclasses.asdict(settings), ensure_ascii=False, indent=2)


def _initial_keep(paths: Paths) -> set[str]:
    tax_code = Settings.load(paths.settings_file).tax_code
    return {tax_code} if tax_code else set()


def write_bundle(
    paths: Paths,
    target: Path,
    *,
    versions: dict[str, str] | None = None,
    progress: Progress | None = None,
    enterprises: Collection[str] | None = None,
) -> Path:
    """Write the bundle to *target* (a .zip); return it. The zip is written beside and renamed.

    *enterprises*: the tax codes the bundle is for (None: all); it holds nothing of the others.

    A damaged store file never makes this fail (it goes in raw, masked); a zip that cannot be
    written raises ``BundleError`` with a message for the user, and leaves no partial file.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        only = None if enterprises is None else frozenset(enterprises)
        return _write(paths, target, partial, versions or {}, progress, only)
    except OSError as error:
        _remove(partial)
        log.error("support bundle not written to %s: %s", target, error)
        raise BundleError(cannot_write_bundle(target, error), str(error)) from error
    except BaseException:
        _remove(partial)
        raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # the folder may be what failed
        path.unlink(missing_ok=True)


def _write(
    paths: Paths,
    target: Path,
    partial: Path,
    versions: dict[str, str],
    progress: Progress | None,
    only: frozenset[str] | None = None,
) -> Path:
    logs = sorted(paths.log_dir.glob("customs-rating.log*"))
    extras = data_dir_files(paths)
    total = len(logs) + len(extras) + 4
    step = 0

    def advance() -> None:
        nonlocal step
        step += 1
        if progress:
            progress(step, total)

    manifest: dict[str, object] = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "python": sys.version.split()[0],
        "os": platform.platform(),
        "machine": platform.machine(),
        **versions,
    }
    others = (
        other_enterprises(paths.store_file, only)
        if only is not None and paths.store_file.exists()
        else Others()
    )
    if only is not None:
        # The codes of the enterprises it is for; of the others, how many, never who.
        manifest["enterprises"] = {"included": sorted(only), "left_out": len(others.tax_codes)}
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="customs-bundle-") as scratch:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            packer = _Packer(bundle, Path(scratch), _initial_keep(paths), only)
            if paths.store_file.exists():
                entry = packer.store(paths.store_file, STORE_NAME, live=True)
                manifest["outbox"] = entry.pop("outbox", [])
                if "outbox_error" in entry:
                    manifest["outbox_error"] = entry.pop("outbox_error")
                manifest["store"] = entry
            advance()
            data_files: list[dict[str, object]] = []
            for source in extras:
                member = DATA_PREFIX + source.name
                if source.suffix == ".damaged":
                    data_files.append(packer.marker(source, member))
                else:
                    # A rescue file is the session's store once the live one was found
                    # damaged: it may be written right now, so it is read like the live store.
                    in_use = source.name.startswith(f"{paths.store_file.stem}.rescue")
                    data_files.append(packer.store(source, member, live=in_use))
                advance()
            manifest["data_files"] = data_files
            unreadable: list[dict[str, str]] = []
            settings_text = _settings_for(paths, only)
            if settings_text is not None:
                bundle.writestr("settings.json", settings_text)
            elif paths.settings_file.exists():
                # Settings never hold secrets (Settings.save refuses them); copied as they are so
                # support sees the same tax code and server the declarant had.
                _add_text(bundle, paths.settings_file, "settings.json", None, unreadable)
            advance()
            left_out_lines = 0
            for log_file in logs:
                left_out_lines += _add_text(
                    bundle, log_file, f"logs/{log_file.name}", packer.keep, unreadable, others
                )
                advance()
            if only is not None:
                manifest["log_lines_left_out"] = left_out_lines
            if unreadable:
                manifest["unreadable"] = unreadable
            manifest["utc_offset_minutes"] = local_offset_minutes()
            # What happened, for someone who has only the zip (issue 15).
            summary = redact(
                profile_summary(paths, manifest, only=only, others=others), packer.keep
            )
            bundle.writestr(SUMMARY_NAME, summary)
            bundle.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            advance()
        os.replace(partial, target)
    advance()
    log.info("support bundle written to %s", target.name)
    return target


_SAFE_NAME = re.compile(
    r"^(store\.sqlite3(-wal|-shm)?|settings\.json|manifest\.json|summary\.txt"
    r"|logs/customs-rating\.log(\.\d+)?"
    r"|data/store\.(corrupt-[A-Za-z0-9_\-]+|rescue[A-Za-z0-9_.\-]*)\.sqlite3(-wal|-shm)?"
    r"|data/[A-Za-z0-9_\-][A-Za-z0-9_.\-]*\.damaged)$"
)


def unpack_bundle(bundle_path: Path, profile_root: Path) -> Paths:
    """Lay a bundle out as a profile (data/config/logs) so the app can open it as it was.

    Only the files a bundle is made of are taken; any other member (a path with "..", an absolute
    path, an unexpected name) is refused, so a crafted zip cannot write outside the profile.
    """
    paths = Paths(profile_root / "data", profile_root / "config", profile_root / "logs").ensure()
    try:
        with zipfile.ZipFile(bundle_path) as bundle:
            members = bundle.infolist()
            if "manifest.json" not in {m.filename for m in members}:
                raise BundleError(BAD_BUNDLE, "no manifest.json")
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise BundleError(BAD_BUNDLE, "bundle too large")
            for member in members:
                name = member.filename
                if member.is_dir():
                    continue
                if not _SAFE_NAME.match(name) or PurePosixPath(name).is_absolute():
                    raise BundleError(BAD_BUNDLE, f"unexpected member {name!r}")
                if name.startswith(STORE_NAME) or name.startswith(DATA_PREFIX):
                    # The live store (raw with its -wal when it was damaged) and the files kept
                    # beside it go back where the declarant had them.
                    destination = paths.data_dir / PurePosixPath(name).name
                elif name == "settings.json":
                    destination = paths.settings_file
                elif name in ("manifest.json", SUMMARY_NAME):
                    destination = profile_root / name
                else:
                    destination = paths.log_dir / PurePosixPath(name).name
                with bundle.open(member) as source, open(destination, "wb") as sink:
                    shutil.copyfileobj(source, sink)
    except (zipfile.BadZipFile, OSError) as error:
        raise BundleError(BAD_BUNDLE, str(error)) from error
    return paths


def read_manifest(profile_root: Path) -> dict[str, object]:
    try:
        return json.loads((profile_root / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def open_bundle_profile(bundle_path: Path) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    """Unpack a bundle into a throwaway profile; the caller cleans the directory up."""
    if not bundle_path.is_file():
        raise BundleError(BAD_BUNDLE, f"no such file: {bundle_path}")
    scratch = tempfile.TemporaryDirectory(prefix="customs-support-")
    root = Path(scratch.name) / "profile"
    try:
        unpack_bundle(bundle_path, root)
    except BaseException:
        scratch.cleanup()
        raise
    return scratch, root
