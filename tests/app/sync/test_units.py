"""Pieces of the sync path that need no server: URLs, Retry-After, back-off, credentials, outbox."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import keyring
import keyring.backend
import keyring.errors
import pytest

from app.domain.messages import Message
from app.domain.states import OutboxState, RatingState
from app.store import SendOutcome, Store
from app.sync.api_client import ApiClient, ApiError, ErrorKind, check_server_url, parse_retry_after
from app.sync.credentials import Credentials
from app.sync.engine import Backoff
from tests.factories import TAX_CODE, declaration, low_sheet, sheet


@pytest.mark.parametrize(
    "url",
    [
        "https://intake.customs.gov.vn",
        "http://127.0.0.1:8765",
        "http://localhost:1/",
        "http://[::1]:8765",
    ],
)
def test_https_anywhere_and_http_only_to_loopback(url: str) -> None:
    assert check_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    ["http://intake.customs.gov.vn", "http://10.224.128.120/HoTroVNACCS", "ftp://x", "intake"],
)
def test_plain_http_to_another_host_is_refused(url: str) -> None:
    with pytest.raises(ApiError) as failed:
        ApiClient(url)
    assert failed.value.kind == ErrorKind.INSECURE
    assert "https://" in failed.value.message.vi


def test_retry_after_in_both_http_forms() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Sun, 22 Nov 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Sun, 22 Nov 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_grows_with_jitter_is_capped_and_honours_retry_after() -> None:
    backoff = Backoff(base=2, cap=60, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(10)]
    assert 1 <= delays[0] <= 2
    assert all(d <= 60 for d in delays)
    assert delays[-1] >= 30  # grew to the cap's range
    assert backoff.next_delay(retry_after=500) == 500
    backoff.reset()
    assert backoff.next_delay() <= 2


def test_token_repr_hides_the_secret() -> None:
    from app.sync.api_client import Token

    token = Token("very-secret-token", "2026-11-23T00:00:00Z", TAX_CODE, "Công ty", "enterprise")
    assert "very-secret-token" not in repr(token)


class BrokenKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")


def test_credentials_live_in_keyring(memory_keyring) -> None:
    credentials = Credentials()
    assert credentials.remember("https://x", TAX_CODE, "Mật khẩu 1")
    assert credentials.get("https://x", TAX_CODE) == "Mật khẩu 1"
    assert list(memory_keyring.secrets.values()) == ["Mật khẩu 1"]
    credentials.forget("https://x", TAX_CODE)
    assert credentials.get("https://x", TAX_CODE) is None
    credentials.forget("https://x", TAX_CODE)  # forgetting twice is fine


def test_without_a_keyring_the_password_is_kept_for_this_session_and_the_user_told() -> None:
    keyring.set_keyring(BrokenKeyring())
    credentials = Credentials()
    assert credentials.get("https://x", TAX_CODE) is None
    assert not credentials.available
    assert credentials.reason is not None and "mỗi lần" in credentials.reason.vi
    assert credentials.remember("https://x", TAX_CODE, "pw") is False
    assert credentials.get("https://x", TAX_CODE) == "pw"  # asked once per session
    credentials.forget("https://x", TAX_CODE)
    assert credentials.get("https://x", TAX_CODE) is None


# --- the outbox in the store ------------------------------------------------------------------


@pytest.fixture
def store(profile):
    with Store.open(profile.store_file) as opened:
        opened.declarations.upsert([declaration(f"10451234567{i}") for i in range(4)])
        yield opened


def test_claim_marks_sending_and_recover_puts_back(store: Store) -> None:
    other = "0101234567"
    store.declarations.upsert([declaration("104512345679", tax_code=other)])
    store.sheets.save(sheet("104512345670"), TAX_CODE)
    store.sheets.save(sheet("104512345679"), other)  # another enterprise's sheet
    claimed = store.outbox.claim_batch(TAX_CODE, 10)
    assert len(claimed) == 1
    assert store.outbox.counts()[OutboxState.SENDING] == 1
    assert store.outbox.claim_batch(TAX_CODE, 10) == []
    assert store.outbox.recover_interrupted() == 1
    assert store.outbox.counts()[OutboxState.QUEUED] == 1
    assert store.outbox.counts(other)[OutboxState.QUEUED] == 1
    assert store.outbox.items([OutboxState.QUEUED])[0].attempts == 1


def test_results_move_items_and_rating_states(store: Store) -> None:
    for i in range(3):
        store.sheets.save(low_sheet(f"10451234567{i}"), TAX_CODE)
    ids = [item_id for item_id, _k, _p in store.outbox.claim_batch(TAX_CODE, 10)]
    conflict = Message("idempotency_conflict", "xung đột", "conflict")
    rejected = Message("not_completed", "chưa hoàn thành", "not completed")
    store.outbox.apply_results(
        [
            SendOutcome(ids[0], OutboxState.DELIVERED, "R-1", "2026-11-22T10:00:00+00:00"),
            SendOutcome(ids[1], OutboxState.REJECTED, error=rejected),
            SendOutcome(ids[2], OutboxState.NEEDS_ATTENTION, error=conflict),
        ]
    )
    assert store.declarations.rating_state("104512345670") == RatingState.SENT
    assert store.declarations.rating_state("104512345671") == RatingState.REJECTED
    assert store.declarations.rating_state("104512345672") == RatingState.QUEUED
    failed = store.outbox.items([OutboxState.REJECTED])[0]
    assert failed.error == rejected
    # A rejected sheet can be corrected and sent again as a new sheet with a new key.
    store.sheets.save(low_sheet("104512345671"), TAX_CODE)
    assert store.declarations.rating_state("104512345671") == RatingState.QUEUED


def test_a_failed_batch_goes_back_with_its_reason(store: Store) -> None:
    store.sheets.save(sheet("104512345670"), TAX_CODE)
    ids = [item_id for item_id, _k, _p in store.outbox.claim_batch(TAX_CODE, 10)]
    reason = Message("unreachable", "không kết nối", "unreachable")
    store.outbox.release_batch(ids, reason, datetime.now(UTC) + timedelta(minutes=2))
    item = store.outbox.items()[0]
    assert item.state == OutboxState.QUEUED and item.error == reason
    assert item.next_attempt_at is not None
    assert store.outbox.retry_now(item.id)


def test_removal_is_refused_for_delivered_items(store: Store) -> None:
    store.sheets.save(sheet("104512345670"), TAX_CODE)
    store.sheets.save(sheet("104512345671"), TAX_CODE)
    first, second = (i.id for i in store.outbox.items())
    (claimed,) = [c for c in store.outbox.claim_batch(TAX_CODE, 1)]
    store.outbox.apply_results([SendOutcome(claimed[0], OutboxState.DELIVERED, "R-1", "")])
    assert not store.outbox.remove(first)
    assert store.outbox.remove(second)
    assert store.declarations.rating_state("104512345671") == RatingState.UNRATED
    assert store.sheets.count() == 1


def test_responses_are_listed_beside_the_sheet_they_answer(store: Store) -> None:
    from app.domain.model import Response

    store.sheets.save(low_sheet("104512345670"), TAX_CODE)
    key = store.outbox.items()[0].idempotency_key
    answer = Response("RESP-1", key, "104512345670", "upheld", "Đã xử lý.", datetime.now(UTC))
    assert store.responses.upsert([answer], "0100109106") == 1
    assert (
        store.responses.upsert([answer], "0100109106") == 0
    )  # the feed repeating itself adds nothing
    (listed,) = store.responses.all()
    assert listed.read_at is None and listed.verdict is None
    sheet_shown = store.sheets.by_key(key)
    assert sheet_shown is not None
    assert sheet_shown.declaration_number == "104512345670"
    assert sheet_shown.scores[0].score == 2
    store.responses.record_verdict("RESP-1", "accepted", "", TAX_CODE)
    assert store.responses.all()[0].verdict == "accepted"
    assert store.responses.unread_count() == 0
    assert [i.kind for i in store.outbox.items([OutboxState.QUEUED])] == [
        "rating_sheet",
        "response_feedback",
    ]
