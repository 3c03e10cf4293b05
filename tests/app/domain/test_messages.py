"""The throttled-login wording both sides use: the wait rounded up, in each language."""

from __future__ import annotations

import pytest

from app.domain.messages import login_throttled


@pytest.mark.parametrize("seconds", [None, 0, -3])
def test_no_wait_known_says_a_while(seconds) -> None:
    message = login_throttled(seconds)
    assert message.code == "login_throttled"
    assert "một lát" in message.vi and "a while" in message.en


@pytest.mark.parametrize(
    ("seconds", "vi", "en"),
    [(0.2, "1 giây", "1 second "), (59, "59 giây", "59 seconds"), (171, "3 phút", "3 minutes")],
)
def test_the_wait_is_rounded_up(seconds, vi, en) -> None:
    message = login_throttled(seconds)
    assert vi in message.text("vi") and en in message.text("en")
