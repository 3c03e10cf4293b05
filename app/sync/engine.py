"""The sync engine: outbox out, declarations and customs' responses in.

It lives in the core, without Qt, so it is tested against the real intake server without a
display; the window runs it on a worker thread. Three promises shape it:

* nothing lost: an item leaves the queue only on a receipt the server gave for that very item;
  every other outcome (down, timeout, reset, 5xx, 429, garbage body) puts it back;
* nothing counted twice: every resend carries the key the sheet got at "Gửi" time;
* one sender at a time: the timer and "Đồng bộ ngay" share one lock;
* every pass ends with a report: a full disk, a store error or a bug ends it like a network
  fault does (``local_error``), and the next pass runs normally once the cause is gone.

Back-off runs on the monotonic clock, so a declarant whose wall clock is days off still syncs.
"""

from __future__ import annotations

import errno
import json
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from app.domain.messages import Message
from app.domain.states import ConnectionState, ErrorKind, OutboxState
from app.domain.wire import (
    DELIVERED_STATUSES,
    MAX_BATCH_ITEMS,
    SheetResultOut,
    SheetStatus,
    first_message,
)
from app.store import ClaimedItem, OutboxKind, SendOutcome, Store, StoreError, StoreFull
from app.sync.api_client import ApiClient, ApiError

log = logging.getLogger(__name__)

BATCH_SIZE = MAX_BATCH_ITEMS
BACKOFF_BASE = 2.0
BACKOFF_CAP = 300.0
RETRY_AFTER_CAP = 3600.0

Progress = Callable[[int, int], None]
_Batch = list[ClaimedItem]  # (outbox id, idempotency key, payload JSON) per item


@dataclass
class SyncReport:
    """What one sync pass did, for the status bar, the outbox panel and the rating prompt."""

    started: bool = True
    delivered: int = 0
    rejected: int = 0
    needs_attention: int = 0
    declarations: int = 0
    newly_completed: list[str] = field(default_factory=list)
    new_responses: int = 0
    error: ApiError | None = None
    #: Set when the pass stopped on this computer's side (the disk, the store, a bug), not the
    #: network's: what to tell the user. ``connection`` is then ``LOCAL_ERROR``.
    local_error: Message | None = None
    retry_in: float | None = None
    connection: ConnectionState = ConnectionState.ONLINE

    @property
    def ok(self) -> bool:
        return self.started and self.error is None and self.local_error is None

    @property
    def message(self) -> Message | None:
        """Why the pass failed, in both languages; None when it did not."""
        return self.error.message if self.error is not None else self.local_error


class Backoff:
    """Exponential back-off with full jitter, floored by the server's Retry-After."""

    def __init__(
        self, base: float = BACKOFF_BASE, cap: float = BACKOFF_CAP, rng: random.Random | None = None
    ):
        self.base = base
        self.cap = cap
        self.failures = 0
        self._rng = rng or random.Random()

    def next_delay(self, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * (2**self.failures))
        self.failures += 1
        delay = self._rng.uniform(ceiling / 2, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
        return delay

    def reset(self) -> None:
        self.failures = 0


_CONFLICT = Message(
    "idempotency_conflict",
    "Máy chủ đã nhận một phiếu khác với cùng mã gửi. Cần kiểm tra lại phiếu này.",
    "The server already holds a different sheet under the same key. This sheet needs checking.",
)
_REJECTED = Message("rejected", "Phiếu bị từ chối.", "The sheet was rejected.")

SYNC_DISK_FULL = Message(
    "disk_full",
    "Chưa lưu được: ổ đĩa đã đầy nên việc đồng bộ phải dừng. Hãy giải phóng dung lượng; các phiếu đã lưu vẫn còn và sẽ tự gửi khi ổ đĩa có chỗ trống.",
    "Not saved: the disk is full, so sync had to stop. Free some space; the sheets already saved are kept and will be sent by themselves once there is room.",
)
SYNC_STORE_FAILED = Message(
    "store_write_failed",
    "Chưa đồng bộ được do lỗi đọc/ghi dữ liệu trên máy này. Các phiếu đã lưu vẫn còn; chương trình sẽ tự thử lại.",
    "Sync stopped: the data on this computer could not be read or written. The sheets already saved are kept; the program will try again by itself.",
)
SYNC_UNEXPECTED = Message(
    "sync_failed",
    "Việc đồng bộ bị dừng do một lỗi không mong muốn (đã ghi vào nhật ký). Các phiếu đã lưu vẫn còn; chương trình sẽ tự thử lại.",
    "Sync stopped on an unexpected error (written to the log). The sheets already saved are kept; the program will try again by itself.",
)


def local_error_message(error: BaseException) -> Message:
    """What to tell the user about an error of this computer's side that stopped a pass."""
    if isinstance(error, StoreFull):
        return SYNC_DISK_FULL
    if isinstance(error, sqlite3.Error):  # outside the store's transactions, which wrap it
        full = getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
        return SYNC_DISK_FULL if full or "full" in str(error).lower() else SYNC_STORE_FAILED
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return SYNC_DISK_FULL
    if isinstance(error, StoreError | OSError):
        return SYNC_STORE_FAILED
    return SYNC_UNEXPECTED


class SyncEngine:
    """Runs sync passes for one logged-in enterprise against one intake server."""

    def __init__(
        self,
        store: Store,
        client: ApiClient,
        *,
        tax_code: str,
        password: Callable[[], str | None],
        batch_size: int = BATCH_SIZE,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ):
        self.store = store
        self.client = client
        self.tax_code = tax_code
        self._password = password
        self.batch_size = batch_size
        self._clock = clock
        self._wall = wall
        self.backoff = Backoff(rng=rng)
        self._lock = threading.Lock()
        self._not_before = 0.0
        self._retry_after_until = 0.0  # the server's own Retry-After, which a probe must not undo
        self._recover = False  # a pass failed: items it claimed may still read 'sending'
        self._local_error_logged: str | None = None  # its traceback is in the log already
        self.connection = ConnectionState.NOT_LOGGED_IN
        self.last_success: datetime | None = None
        self._stopped = threading.Event()
        self.store.outbox.recover_interrupted(tax_code)

    # -- scheduling ----------------------------------------------------------------------

    def due_in(self) -> float:
        """Seconds until the back-off allows the next pass (0 when it may run now)."""
        return max(0.0, self._not_before - self._clock())

    def retry_after_in(self) -> float:
        """Seconds the server itself asked us to wait (Retry-After) that are still to run."""
        return max(0.0, self._retry_after_until - self._clock())

    def wake(self) -> None:
        """Forget the back-off: "retry now", "Đồng bộ ngay" — the user's word beats the server's."""
        self._not_before = 0.0
        self._retry_after_until = 0.0

    def server_back(self) -> None:
        """A health probe got an answer: forget our back-off, but keep the server's Retry-After."""
        self._not_before = self._retry_after_until if self.retry_after_in() > 0 else 0.0

    def stop(self) -> None:
        """Ask a running pass to stop between batches (logout, window closing)."""
        self._stopped.set()

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    def probe(self) -> bool:
        """A cheap health check, used while offline to notice the server coming back."""
        return self.check_health() is None

    def check_health(self) -> ApiError | None:
        """The health check's failure, or None when the server answered."""
        try:
            self.client.health()
        except ApiError as error:
            return error
        return None

    # -- one pass ------------------------------------------------------------------------

    def sync(self, *, force: bool = False, progress: Progress | None = None) -> SyncReport:
        """Send the outbox, then pull declarations and responses.

        Returns at once (``started=False``) if another pass holds the lock, or if the back-off
        has not elapsed and *force* is not set.
        """
        if not self._lock.acquire(blocking=False):
            return SyncReport(started=False, connection=self.connection, retry_in=self.due_in())
        try:
            if not force and self.due_in() > 0:
                return SyncReport(started=False, connection=self.connection, retry_in=self.due_in())
            self._stopped.clear()
            report = SyncReport()
            began = time.monotonic()
            try:
                self._recover_claims()
                self._login_if_needed()
                self._send_outbox(report, progress)
                self._send_feedback()
                self._send_support_requests(report)
                self._pull_declarations(report)
                self._pull_responses(report)
            except ApiError as error:
                self._recover = True
                self._failed(report, error)
            except Exception as error:  # the disk, the store, a bug: the pass ends, never the loop
                self._recover = True
                self._failed_locally(report, error)
            else:
                self._local_error_logged = None
                self.backoff.reset()
                self._not_before = 0.0
                self.connection = ConnectionState.ONLINE
                self.last_success = self._wall()
                report.connection = self.connection
                # One line per good pass: the support bundle's timeline counts them.
                log.info(
                    "sync pass ok in %.1f s: %d delivered, %d rejected, %d declarations,"
                    " %d responses [MST %s]",
                    time.monotonic() - began,
                    report.delivered,
                    report.rejected,
                    report.declarations,
                    report.new_responses,
                    self.tax_code,
                )
            return report
        finally:
            self._lock.release()

    def _failed(self, report: SyncReport, error: ApiError) -> None:
        report.error = error
        if error.kind == ErrorKind.AUTH:
            self.connection = ConnectionState.AUTH_FAILED
            delay = self.backoff.next_delay()
        elif error.kind in (ErrorKind.UNREACHABLE, ErrorKind.TIMEOUT):
            self.connection = ConnectionState.OFFLINE
            delay = self.backoff.next_delay(error.retry_after)
        else:
            self.connection = ConnectionState.DEGRADED
            delay = self.backoff.next_delay(error.retry_after)
        self._not_before = self._clock() + delay
        self._retry_after_until = (
            self._clock() + min(error.retry_after, RETRY_AFTER_CAP)
            if error.retry_after is not None
            else 0.0
        )
        report.retry_in = delay
        report.connection = self.connection
        next_try = self._wall() + timedelta(seconds=delay)
        try:
            self.store.outbox.note_waiting(self.tax_code, error.message, next_try)
        except Exception:  # a full disk as well: the report still says what the network did
            log.exception("could not note why the outbox waits")
        retry_after = (
            f", Retry-After {error.retry_after:g} s" if error.retry_after is not None else ""
        )
        # The enterprise ends the line: a broker's bundle keeps each one's lines, and only them.
        log.warning(
            "sync failed (%s%s); next try in %.1f s [MST %s]",
            error,
            retry_after,
            delay,
            self.tax_code,
        )

    def _failed_locally(self, report: SyncReport, error: Exception) -> None:
        """This computer's side stopped the pass: no back-off (the server did nothing wrong).

        The traceback goes to the log once per cause, not at every retry while the disk stays full.
        """
        report.local_error = local_error_message(error)
        report.connection = ConnectionState.LOCAL_ERROR
        if report.local_error.code != self._local_error_logged:
            self._local_error_logged = report.local_error.code
            log.error("sync pass stopped by a local error: %r", error, exc_info=error)
        else:
            log.warning("sync pass stopped again by a local error: %r", error)

    def _recover_claims(self) -> None:
        """After a failed pass, put back what it left 'sending' (its results may be unrecorded).

        Safe because this engine is the only sender and holds the lock: nothing is legitimately
        in flight between passes. The items keep their keys, so the server counts a resend of a
        batch it had accepted as a duplicate, not a second sheet.
        """
        if self._recover:
            returned = self.store.outbox.recover_interrupted(self.tax_code)
            self._recover = False
            if returned:
                log.info(
                    "%d item(s) left 'sending' by the failed pass go back to the queue", returned
                )

    def _login_if_needed(self) -> None:
        if self.client.token is not None and self.client.token.tax_code == self.tax_code:
            return
        password = self._password()
        if not password:
            self.connection = ConnectionState.NOT_LOGGED_IN
            raise ApiError(ErrorKind.AUTH, "no password for this session")
        self.client.login(self.tax_code, password)

    def _call(self, function: Callable[[], Any]) -> Any:
        """Run one API call; on an expired token log in again once and retry it."""
        try:
            return function()
        except ApiError as error:
            if error.kind != ErrorKind.AUTH:
                raise
            self.client.logout()
            self._login_if_needed()
            return function()

    # -- outbox ----------------------------------------------------------------------------

    def _send_outbox(self, report: SyncReport, progress: Progress | None) -> None:
        """Send the queued sheets in batches, with the store's work done while the wire waits.

        One batch at a time is on the wire, sent from a helper thread that only talks HTTP;
        meanwhile this thread records the previous batch's results and claims the next batch,
        so the local commits overlap the server's work instead of adding to it (the client and
        the server are different machines). Every promise of the sequential loop holds: an item
        leaves 'sending' only on a receipt for that very item, a failed batch goes back to the
        queue with its reason, and a batch claimed but never sent goes back untouched.
        """
        total = self.store.outbox.count_queued(self.tax_code, OutboxKind.RATING_SHEET)
        done = 0
        if progress and total:
            progress(0, total)
        batch = self._claim()
        if not batch:
            return
        sent: tuple[_Batch, list[SheetResultOut]] | None = None  # answered, not recorded
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-send") as wire:
            while batch:
                in_flight = wire.submit(self._post_batch, batch)
                following: _Batch = []
                try:
                    if sent is not None:
                        done += self._record(*sent, report)
                        sent = None
                        if progress:
                            progress(min(done, total) if total else done, max(total, done))
                    following = self._claim()
                    results = in_flight.result()
                except BaseException as error:
                    self._abandon(in_flight, batch, following, error, report)
                    raise
                sent, batch = (batch, results), following
                if batch and self._stopped.is_set():  # claimed before stop() came: not sent
                    self.store.outbox.release_batch(_ids(batch), _interrupted(), None, sent=False)
                    batch = []
        if sent is not None:
            done += self._record(*sent, report)
            if progress:
                progress(min(done, total) if total else done, max(total, done))

    def _claim(self) -> _Batch:
        if self._stopped.is_set():
            return []
        return self.store.outbox.claim_batch(self.tax_code, self.batch_size)

    def _post_batch(self, batch: _Batch) -> list[SheetResultOut]:
        keys = [item.key for item in batch]
        body = ('{"items":[' + ",".join(item.payload for item in batch) + "]}").encode()
        return self._call(lambda: self.client.send_sheets(keys, body))

    def _record(self, batch: _Batch, results: list[SheetResultOut], report: SyncReport) -> int:
        outcomes = [
            self._outcome(item_id, result)
            for (item_id, _key, _payload), result in zip(batch, results, strict=True)
        ]
        self.store.outbox.apply_results(outcomes)
        for outcome in outcomes:
            if outcome.state == OutboxState.DELIVERED:
                report.delivered += 1
            elif outcome.state == OutboxState.REJECTED:
                report.rejected += 1
            else:
                report.needs_attention += 1
        return len(outcomes)

    def _abandon(
        self,
        in_flight: Future[list[SheetResultOut]],
        batch: _Batch,
        following: _Batch,
        error: BaseException,
        report: SyncReport,
    ) -> None:
        """The pass is failing: settle the batch on the wire and hand back the one not sent."""
        wait([in_flight])
        sent_error = in_flight.exception()
        reason = sent_error if isinstance(sent_error, ApiError) else error
        message = reason.message if isinstance(reason, ApiError) else _interrupted()
        if sent_error is None:
            # The failure was ours (the store), not the send: keep what the server answered if
            # the store still can; otherwise the items stay 'sending' and go back to the queue
            # at the next start (their keys make the resend safe).
            try:
                self._record(batch, in_flight.result(), report)
            except Exception:
                log.exception("could not record the results of a delivered batch")
        else:
            self.store.outbox.release_batch(_ids(batch), message, None)
        if following:
            self.store.outbox.release_batch(_ids(following), message, None, sent=False)

    @staticmethod
    def _outcome(outbox_id: int, result: SheetResultOut) -> SendOutcome:
        """What a result read through the contract means for its outbox item."""
        if result.status in DELIVERED_STATUSES:
            return SendOutcome(
                outbox_id,
                OutboxState.DELIVERED,
                receipt_id=result.receipt_id or "",  # the contract: never empty when delivered
                received_at=result.received_at or "",
            )
        if result.status == SheetStatus.REJECTED:
            return SendOutcome(
                outbox_id, OutboxState.REJECTED, error=first_message(result.errors, _REJECTED)
            )
        return SendOutcome(
            outbox_id,
            OutboxState.NEEDS_ATTENTION,
            error=first_message(result.errors, _CONFLICT),
        )

    def _send_feedback(self) -> None:
        """Follow-ups on customs' responses go one by one: there are few, and each is idempotent."""
        for item_id, _key, payload in self.store.outbox.claim_batch(
            self.tax_code, 50, kind=OutboxKind.RESPONSE_FEEDBACK
        ):
            data = json.loads(payload)
            try:
                self._call(
                    partial(
                        self.client.send_feedback,
                        data["response_id"],
                        data["verdict"],
                        data["content"],
                    )
                )
            except ApiError as error:
                if error.kind == ErrorKind.CLIENT:
                    self.store.outbox.apply_results(
                        [SendOutcome(item_id, OutboxState.REJECTED, error=error.message)]
                    )
                    continue
                self.store.outbox.release_batch([item_id], error.message, None)
                raise
            self.store.outbox.apply_results(
                [SendOutcome(item_id, OutboxState.DELIVERED, receipt_id="feedback")]
            )

    def _send_support_requests(self, report: SyncReport) -> None:
        """Support requests go one by one: each may carry a 1 MB screenshot."""
        while not self._stopped.is_set():
            claimed = self.store.outbox.claim_batch(
                self.tax_code, 1, kind=OutboxKind.SUPPORT_REQUEST
            )
            if not claimed:
                return
            ((item_id, _key, payload),) = claimed
            screenshot = self.store.support.screenshot(self.store.outbox.ref_id(item_id))
            try:
                data = json.loads(payload)
                receipt = self._call(partial(self.client.submit_support_request, data, screenshot))
            except ApiError as error:
                if error.kind == ErrorKind.CLIENT:
                    self.store.outbox.apply_results(
                        [SendOutcome(item_id, OutboxState.REJECTED, error=error.message)]
                    )
                    report.rejected += 1
                    continue
                self.store.outbox.release_batch([item_id], error.message, None)
                raise
            self.store.outbox.apply_results(
                [
                    SendOutcome(
                        item_id,
                        OutboxState.DELIVERED,
                        receipt_id=receipt.request_id,
                        received_at=receipt.received_at,
                    )
                ]
            )
            report.delivered += 1

    # -- feeds -----------------------------------------------------------------------------

    def _cursor_key(self, feed: str) -> str:
        return f"cursor:{feed}:{self.client.base_url}:{self.tax_code}"

    def _pull_declarations(self, report: SyncReport) -> None:
        key = self._cursor_key("declarations")
        cursor = self.store.meta.get(key, "") or ""
        while not self._stopped.is_set():
            # Read through the contract: only this enterprise's declarations, each complete.
            page = self._call(partial(self.client.declarations, cursor))
            mine = [item.to_declaration() for item in page.items]
            report.newly_completed.extend(self.store.declarations.upsert(mine))
            report.declarations += len(mine)
            self.store.meta.set(key, page.next_cursor)
            cursor = page.next_cursor
            if not page.has_more or not page.items:
                break

    def _pull_responses(self, report: SyncReport) -> None:
        key = self._cursor_key("responses")
        cursor = self.store.meta.get(key, "") or ""
        while not self._stopped.is_set():
            page = self._call(partial(self.client.responses, cursor))
            responses = [item.to_response() for item in page.items]
            report.new_responses += self.store.responses.upsert(responses, self.tax_code)
            self.store.meta.set(key, page.next_cursor)
            cursor = page.next_cursor
            if not page.has_more or not page.items:
                break


def _ids(batch: _Batch) -> list[int]:
    return [item.id for item in batch]


def _interrupted() -> Message:
    return Message(
        "interrupted",
        "Việc gửi bị gián đoạn; phiếu sẽ được gửi lại.",
        "Sending was interrupted; the sheet will be sent again.",
    )


def not_logged_in(tax_code: str, name: str = "") -> Message:
    """Why an enterprise's queued items wait: nobody is logged in for it, and what to do."""
    who = f"{name} ({tax_code})" if name else tax_code
    return Message(
        "not_logged_in",
        f"Chưa gửi được: doanh nghiệp {who} chưa đăng nhập. Chọn doanh nghiệp này "
        "(Hệ thống → Chọn doanh nghiệp) rồi bấm Hệ thống → Đăng nhập máy chủ hải quan; "
        "phiếu sẽ được gửi ngay sau khi đăng nhập.",
        f"Not sent yet: nobody is logged in for {who}. Choose this enterprise "
        "(System → Choose enterprise), then System → Log in to the customs server; "
        "the sheets are sent as soon as you are logged in.",
    )
