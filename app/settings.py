"""User settings: a small JSON file in the config dir.

Secrets never live here (they belong to keyring); ``save`` refuses a key that smells like one, so
a later change cannot slip a password into a file that ends up in support bundles.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

_FORBIDDEN_KEY_PARTS = ("password", "secret", "token")


@dataclass(slots=True)
class Settings:
    language: str = "vi"
    #: Empty means the embedded intake server started by the client itself (the demo default).
    server_url: str = ""
    tax_code: str = ""
    sync_interval_seconds: int = 180
    #: The main window's last place on screen (``ui.geometry.SavedGeometry``); empty at first.
    window_geometry: str = ""

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Unknown keys are ignored and a damaged file gives defaults: settings are not data."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if key in known and isinstance(value, type(getattr(cls(), key))):
                values[key] = value
        settings = cls(**values)
        if settings.language not in ("vi", "en"):
            settings.language = "vi"
        return settings

    def save(self, path: Path) -> None:
        data = asdict(self)
        for key in data:
            if any(part in key.lower() for part in _FORBIDDEN_KEY_PARTS):
                raise ValueError(f"refusing to write a secret-looking setting {key!r} to a file")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
