"""Opening a support bundle the way ``customs-rating --open-bundle FILE`` does, for the tests."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.paths import Paths, resolve_paths
from app.settings import Settings
from app.support.bundle import open_bundle_profile
from ui.main import Running, parse_args, start_window


@dataclass
class OpenedBundle:
    running: Running
    paths: Paths
    root: Path
    scratch: tempfile.TemporaryDirectory[str]

    def close(self) -> None:
        self.running.shutdown()
        self.scratch.cleanup()


def open_bundle_window(bundle: Path, dialogs: object, *extra: str) -> OpenedBundle:
    """``main()`` up to the event loop: unpack, read the settings as ``_run`` does, build."""
    scratch, root = open_bundle_profile(bundle)
    args = parse_args(["--open-bundle", str(bundle), *extra])
    args.profile = str(root)
    paths = resolve_paths(root)
    settings = Settings.load(paths.settings_file)
    settings.server_url = ""
    try:
        running = start_window(args, paths, settings, dialogs)  # type: ignore[arg-type]
    except BaseException:
        scratch.cleanup()
        raise
    return OpenedBundle(running, paths, root, scratch)


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file of the bundle's data folder, by name, with its SHA-256."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }
