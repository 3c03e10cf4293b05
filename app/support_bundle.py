"""Support bundles: one zip with what support staff need to see what the declarant saw.

A bundle leaves the declarant's machine and is mailed around, so it is built to hold no secret:
the password lives only in keyring and is never read here; logs pass through the same redaction
as when they were written; and the copy of the store has every phone number masked and is
vacuumed, so no old page still holds a full number.
"""

from __future__ import annotations

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
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from app import __version__
from app.messages import Message
from app.paths import Paths
from app.redaction import mask_phone, redact

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
STORE_NAME = "store.sqlite3"
MAX_UNPACKED_BYTES = 2 * 1024**3

BAD_BUNDLE = Message(
    "bad_bundle",
    "Tệp này không phải gói hỗ trợ hợp lệ.",
    "This file is not a valid support bundle.",
)


class BundleError(Exception):
    def __init__(self, message: Message, detail: str = ""):
        self.message = message
        super().__init__(detail or message.en)


def _mask_payload(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return redact(text)
    if isinstance(data, dict) and data.get("contact_phone"):
        data["contact_phone"] = mask_phone(str(data["contact_phone"]))
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API, then scrubbed of full phone numbers.

    A plain file copy of a WAL database can miss committed pages still in the -wal file, or catch
    a half-written page; the backup API copies a consistent snapshot while the app keeps running.
    """
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.execute("PRAGMA secure_delete = ON")
        with dst:
            dst.create_function("mask_phone", 1, lambda v: mask_phone(v) if v else v)
            dst.create_function("mask_payload", 1, _mask_payload)
            dst.execute("UPDATE rating_sheets SET contact_phone = mask_phone(contact_phone)")
            dst.execute("UPDATE outbox SET payload = mask_payload(payload)")
            dst.execute("UPDATE support_requests SET contact_phone = mask_phone(contact_phone)")
        dst.execute("VACUUM")
    finally:
        src.close()
        dst.close()


def _outbox_state(store_copy: Path) -> list[dict[str, object]]:
    conn = sqlite3.connect(store_copy)
    try:
        rows = conn.execute(
            "SELECT id, kind, idempotency_key, tax_code, state, attempts, next_attempt_at,"
            " created_at, updated_at, receipt_id, error_code, error_en FROM outbox ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    names = (
        "id", "kind", "idempotency_key", "tax_code", "state", "attempts", "next_attempt_at",
        "created_at", "updated_at", "receipt_id", "error_code", "error_en",
    )  # fmt: skip
    return [dict(zip(names, row, strict=True)) for row in rows]


def write_bundle(
    paths: Paths,
    target: Path,
    *,
    versions: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the bundle to *target* (a .zip); return it. The zip is written beside and renamed."""
    logs = sorted(paths.log_dir.glob("customs-rating.log*"))
    total = len(logs) + 4
    step = 0

    def advance() -> None:
        nonlocal step
        step += 1
        if progress:
            progress(step, total)

    manifest = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "python": sys.version.split()[0],
        "os": platform.platform(),
        "machine": platform.machine(),
        **(versions or {}),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="customs-bundle-") as scratch:
        scratch_dir = Path(scratch)
        partial = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            if paths.store_file.exists():
                copy = scratch_dir / STORE_NAME
                copy_store(paths.store_file, copy)
                bundle.write(copy, STORE_NAME)
                manifest["outbox"] = _outbox_state(copy)
            advance()
            if paths.settings_file.exists():
                # Settings never hold secrets (Settings.save refuses them); copied as they are so
                # support sees the same tax code and server the declarant had.
                bundle.write(paths.settings_file, "settings.json")
            advance()
            for log_file in logs:
                text = log_file.read_text(encoding="utf-8", errors="replace")
                bundle.writestr(f"logs/{log_file.name}", redact(text))
                advance()
            bundle.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            advance()
        os.replace(partial, target)
    advance()
    log.info("support bundle written to %s", target.name)
    return target


_SAFE_NAME = re.compile(
    r"^(store\.sqlite3|settings\.json|manifest\.json|logs/customs-rating\.log(\.\d+)?)$"
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
                if name == STORE_NAME:
                    destination = paths.store_file
                elif name == "settings.json":
                    destination = paths.settings_file
                elif name == "manifest.json":
                    destination = profile_root / "manifest.json"
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
