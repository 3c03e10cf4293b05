"""Test-wide isolation: offscreen Qt, an in-memory keyring, a throwaway profile per test.

These are set before anything imports Qt or keyring, so no test can reach the real display, the
real credential store or the real user's data directory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Belt and braces: even code that bypasses the profile switch lands in a temporary home.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="customs-rating-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_SESSION_HOME / _var.lower())

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402
import pytest  # noqa: E402

from app.paths import PROFILE_ENV, Paths, resolve_paths  # noqa: E402


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Stands in for the Windows credential store, which a headless Linux machine lacks."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """Every path the client uses points into this test's temporary profile."""
    root = tmp_path / "profile"
    monkeypatch.setenv(PROFILE_ENV, str(root))
    return resolve_paths().ensure()
