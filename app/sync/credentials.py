"""The declarant's password, kept in the system credential store through keyring.

Nothing else may hold it: not settings, not logs, not support bundles. Where no keyring backend
works (a locked-down Windows profile, a headless Linux box), the app still runs: it asks for the
password each session, keeps it only in memory, and says why.
"""

from __future__ import annotations

import logging
from types import ModuleType

from app.domain.messages import Message

log = logging.getLogger(__name__)

SERVICE = "customs-rating"

KEYRING_UNAVAILABLE = Message(
    "keyring_unavailable",
    "Máy tính này không có kho mật khẩu dùng được, nên mật khẩu sẽ không được lưu: "
    "bạn cần nhập lại mật khẩu mỗi lần mở chương trình.",
    "This computer has no usable password store, so the password is not saved: "
    "you will be asked for it each time the program starts.",
)


def _keyring() -> ModuleType:
    """keyring, imported on first use: scanning its backends costs ~80 ms at start-up."""
    import keyring
    import keyring.errors

    return keyring


def _account(server_url: str, tax_code: str) -> str:
    return f"{tax_code}@{server_url}"


class Credentials:
    """Get, remember and forget the password for a (server, tax code) pair."""

    def __init__(self) -> None:
        self.available = True
        self.reason: Message | None = None
        self._session_only: dict[str, str] = {}

    def _unavailable(self, error: Exception) -> None:
        if self.available:
            log.warning(
                "no usable keyring backend (%s); passwords kept for this session only",
                type(error).__name__,
            )
        self.available = False
        self.reason = KEYRING_UNAVAILABLE

    def get(self, server_url: str, tax_code: str) -> str | None:
        account = _account(server_url, tax_code)
        if account in self._session_only:
            return self._session_only[account]
        if not self.available:
            return None
        keyring = _keyring()
        try:
            return keyring.get_password(SERVICE, account)
        except (keyring.errors.NoKeyringError, keyring.errors.KeyringError, RuntimeError) as error:
            self._unavailable(error)
            return None

    def remember(self, server_url: str, tax_code: str, password: str) -> bool:
        """Store the password; return False (and keep it in memory) where keyring cannot."""
        account = _account(server_url, tax_code)
        if self.available:
            keyring = _keyring()
            try:
                keyring.set_password(SERVICE, account, password)
                self._session_only.pop(account, None)
                return True
            except (
                keyring.errors.NoKeyringError,
                keyring.errors.KeyringError,
                RuntimeError,
            ) as error:
                self._unavailable(error)
        self._session_only[account] = password
        return False

    def forget(self, server_url: str, tax_code: str) -> None:
        account = _account(server_url, tax_code)
        self._session_only.pop(account, None)
        if not self.available:
            return
        keyring = _keyring()
        try:
            keyring.delete_password(SERVICE, account)
        except keyring.errors.PasswordDeleteError:
            pass
        except (keyring.errors.NoKeyringError, keyring.errors.KeyringError, RuntimeError) as error:
            self._unavailable(error)
