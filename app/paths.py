"""Where the client keeps its data, settings and logs.

Support staff reproduce a declarant's problem in a throwaway profile and tests must never touch
the real one, so one switch (``--profile DIR`` or ``CUSTOMS_RATING_PROFILE``) moves all three
directories at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "CustomsRating"
APP_AUTHOR = "CustomsRating"
PROFILE_ENV = "CUSTOMS_RATING_PROFILE"


@dataclass(frozen=True, slots=True)
class Paths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def store_file(self) -> Path:
        return self.data_dir / "store.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "customs-rating.log"

    def ensure(self) -> Paths:
        for directory in (self.data_dir, self.config_dir, self.log_dir):
            directory.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(profile: str | os.PathLike[str] | None = None) -> Paths:
    """The profile given, else the environment variable's, else the platform's per-user dirs.

    On Windows the data stays in the local (not roaming) AppData: a store that roams with the
    user's profile would be copied around on every logon and could be opened twice.
    """
    chosen = profile or os.environ.get(PROFILE_ENV)
    if chosen:
        base = Path(chosen).expanduser().resolve()
        return Paths(base / "data", base / "config", base / "logs")
    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)),
        Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=False)),
        Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
    )
