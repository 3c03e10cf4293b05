"""Bearer tokens: what a forged or damaged one gets (InvalidToken, never a crash)."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import timedelta

import pytest

from server.tokens import InvalidToken, TokenSigner


@pytest.fixture
def signer() -> TokenSigner:
    return TokenSigner(secrets.token_hex(32), timedelta(hours=1))


def test_an_issued_token_verifies(signer: TokenSigner) -> None:
    token, _expires = signer.issue("enterprise", "0299987654")
    claims = signer.verify(token)
    assert (claims.role, claims.subject) == ("enterprise", "0299987654")


def test_non_ascii_characters_are_refused(signer: TokenSigner) -> None:
    with pytest.raises(InvalidToken, match="bad characters"):
        signer.verify("tờ-khai.chữ-ký")


def test_a_signed_body_that_is_not_our_payload_is_refused(signer: TokenSigner) -> None:
    body = base64.urlsafe_b64encode(json.dumps({"r": "x"}).encode()).decode().rstrip("=")
    forged = f"{body}.{signer._sign(body)}"  # signed with the key: only the payload is wrong
    with pytest.raises(InvalidToken, match="bad payload"):
        signer.verify(forged)


def test_an_expired_token_is_refused() -> None:
    signer = TokenSigner(secrets.token_hex(32), timedelta(seconds=-5))
    token, _expires = signer.issue("official", "official01")
    with pytest.raises(InvalidToken, match="expired"):
        signer.verify(token)
