"""What happened on the declarant's computer, read back from a bundle's logs and outbox.

The sync engine writes one line per pass (``sync pass ok in …`` or ``sync failed (KIND: …)``,
with the HTTP status and the server's ``Retry-After``; ``sync pass stopped by a local error``),
and the outbox keeps every item's state and the server's reason. From those alone, support sees
the passes, the errors by kind with their times, and one line that says what went wrong, in
words a person uses on the phone ("the server answered 503 with Retry-After for 40 minutes").
The same diagnosis names the intake server's scenario that behaves that way, with the options
measured from the logs (the Retry-After, the client's read timeout, the share of failures), so a
replay starts under it.

Nothing here reads a database: the outbox comes as the manifest's rows (``manifest.json``,
``outbox``), which the bundle writes from its masked copy. Log times are the declarant's local
time; outbox times are UTC; both are put in the declarant's offset.
"""

from __future__ import annotations

import enum
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from app.domain.messages import Message

LOG_NAME = "customs-rating.log"


class EventKind(enum.StrEnum):
    """One thing the timeline shows; the error kinds are those support staff tell apart."""

    PASS_OK = "pass_ok"
    DELIVERED = "delivered"
    BACK = "back"  # a health probe got an answer again after the server was away
    OFFLINE = "offline"  # the connection was refused: nothing listened
    DROPPED = "dropped"  # the connection was cut before a reply
    TIMEOUT = "timeout"
    THROTTLED = "throttled"  # 429 or 503, with Retry-After
    SERVER = "server"  # 5xx
    REJECTED = "rejected"  # the server refused a sheet
    INVALID_REPLY = "invalid_reply"  # not the intake's reply (a captive portal's page, say)
    AUTH = "auth"
    DISK = "disk"  # this computer's disk was full
    LOCAL = "local"  # another failure on this computer's side

    @property
    def is_error(self) -> bool:
        return self not in (EventKind.PASS_OK, EventKind.DELIVERED, EventKind.BACK)


#: What each kind is called, Vietnamese first.
KIND_LABELS: dict[EventKind, tuple[str, str]] = {
    EventKind.PASS_OK: ("đồng bộ thành công", "sync pass ok"),
    EventKind.DELIVERED: ("phiếu đã gửi", "delivered"),
    EventKind.BACK: ("máy chủ trả lời lại", "server answers again"),
    EventKind.OFFLINE: ("mất kết nối", "offline"),
    EventKind.DROPPED: ("kết nối bị ngắt", "connection dropped"),
    EventKind.TIMEOUT: ("hết thời gian chờ", "timeout"),
    EventKind.THROTTLED: ("máy chủ tạm chưa nhận", "throttled"),
    EventKind.SERVER: ("lỗi máy chủ", "server error"),
    EventKind.REJECTED: ("bị từ chối", "rejected"),
    EventKind.INVALID_REPLY: ("trả lời không hợp lệ", "invalid reply"),
    EventKind.AUTH: ("đăng nhập bị từ chối", "auth"),
    EventKind.DISK: ("ổ đĩa đầy", "disk full"),
    EventKind.LOCAL: ("lỗi trên máy", "local error"),
}


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime  # aware, in the declarant's offset
    kind: EventKind
    detail: str = ""
    status: int | None = None
    retry_after: float | None = None
    read_timeout: float | None = None


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive events of one kind (and status): how the timeline is shown."""

    kind: EventKind
    first: datetime
    last: datetime
    count: int
    status: int | None
    detail: str


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """One line for a person, and the scenario (with options) that behaves the same way."""

    message: Message
    scenario: str = "normal"
    options: dict[str, float | int | str] = field(default_factory=dict)
    problem: EventKind | None = None
    #: The declarant's read timeout, when the logs tell it: a replay of ``slow`` uses it too.
    read_timeout: float | None = None

    @property
    def scenario_spec(self) -> str:
        """``NAME`` or ``NAME:key=value,…``, as ``Scenario.parse`` and ``--scenario`` take it."""
        if not self.options:
            return self.scenario
        pairs = ",".join(f"{key}={value:g}" if not isinstance(value, str) else f"{key}={value}"
                         for key, value in sorted(self.options.items()))  # fmt: skip
        return f"{self.scenario}:{pairs}"


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[Event, ...]
    diagnosis: Diagnosis
    waiting: int = 0  # outbox items not delivered at export

    def count(self, kind: EventKind) -> int:
        return sum(1 for event in self.events if event.kind is kind)

    @property
    def errors_by_kind(self) -> dict[EventKind, list[datetime]]:
        found: dict[EventKind, list[datetime]] = {}
        for event in self.events:
            if event.kind.is_error:
                found.setdefault(event.kind, []).append(event.at)
        return found

    def runs(self) -> list[Run]:
        runs: list[Run] = []
        for event in self.events:
            last = runs[-1] if runs else None
            if last is not None and (last.kind, last.status) == (event.kind, event.status):
                runs[-1] = Run(
                    last.kind, last.first, event.at, last.count + 1, last.status, last.detail
                )
            else:
                runs.append(Run(event.kind, event.at, event.at, 1, event.status, event.detail))
        return runs


# -- reading the logs -------------------------------------------------------------------------

_LINE = re.compile(
    r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:,\d+)? (?P<level>[A-Z]+) (?P<name>\S+) "
    r"\[[^\]]*\] (?P<text>.*)$"
)
_PASS_OK = re.compile(r"^sync pass ok in (?P<secs>[\d.]+) s: (?P<delivered>\d+) delivered")
_FAILED = re.compile(r"^sync failed \((?P<kind>[a-z_]+)(?:: (?P<detail>.*?))?\); next try in")
_LOCAL = re.compile(r"^sync pass stopped (?:again )?by a local error: (?P<detail>.*)$")
#: The enterprise the sync engine names at the end of its pass lines: a broker's bundle holds
#: several, and each one's timeline is its own lines (and the untagged ones of older logs).
_ENTERPRISE = re.compile(r" \[MST (?P<tax_code>[^\]\s]+)\]$")
_BACK = "the intake server answers again"  # ui.sync_controller, when a probe is answered
_STATUS = re.compile(r"HTTP (\d{3})")
_RETRY_AFTER = re.compile(r"Retry-After ([\d.]+) s")
_READ_TIMEOUT = re.compile(r"read timeout=([\d.]+)")
_REFUSED = re.compile(
    r"refused|NewConnectionError|Failed to establish|Name or service|getaddrinfo|No route",
    re.IGNORECASE,
)
_DISK_FULL = re.compile(r"full|ENOSPC|No space left", re.IGNORECASE)


def log_files(log_dir: Path) -> list[Path]:
    """The rotated logs oldest first: ``….log.5`` … ``….log.1``, then ``….log``."""

    def age(path: Path) -> int:
        suffix = path.name[len(LOG_NAME) :].lstrip(".")
        return int(suffix) if suffix.isdigit() else 0

    found = [p for p in log_dir.glob(LOG_NAME + "*") if p.is_file()]
    return sorted(found, key=age, reverse=True)


def read_log_lines(log_dir: Path) -> list[str]:
    lines: list[str] = []
    for path in log_files(log_dir):
        try:
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
    return lines


def _failure(kind: str, detail: str, text: str) -> tuple[EventKind, str]:
    if kind == "unreachable":
        return (EventKind.OFFLINE if _REFUSED.search(detail) else EventKind.DROPPED), detail
    mapped = {
        "timeout": EventKind.TIMEOUT,
        "throttled": EventKind.THROTTLED,
        "server": EventKind.SERVER,
        "invalid_response": EventKind.INVALID_REPLY,
        "auth": EventKind.AUTH,
        "client": EventKind.REJECTED,
        "insecure": EventKind.AUTH,
    }
    return mapped.get(kind, EventKind.LOCAL), detail or text


def events_from_log(lines: Iterable[str], tz: timezone, tax_code: str | None = None) -> list[Event]:
    """The events of the log lines; with *tax_code*, not those another enterprise's line names."""
    events: list[Event] = []
    for line in lines:
        match = _LINE.match(line)
        if match is None:
            continue
        text = match["text"]
        tagged = _ENTERPRISE.search(text)
        if tagged is not None:
            if tax_code is not None and tagged["tax_code"] != tax_code:
                continue
            text = text[: tagged.start()]
        at = datetime.fromisoformat(match["at"]).replace(tzinfo=tz)
        if _PASS_OK.match(text):
            events.append(Event(at, EventKind.PASS_OK, text.removeprefix("sync pass ok ")))
            continue
        failed = _FAILED.match(text)
        if failed:
            kind, detail = _failure(failed["kind"], failed["detail"] or "", text)
            status = _STATUS.search(text)
            retry = _RETRY_AFTER.search(text)
            timeout = _READ_TIMEOUT.search(text)
            events.append(
                Event(
                    at,
                    kind,
                    detail,
                    status=int(status[1]) if status else None,
                    retry_after=float(retry[1]) if retry else None,
                    read_timeout=float(timeout[1]) if timeout else None,
                )
            )
            continue
        if text.startswith(_BACK):
            events.append(Event(at, EventKind.BACK))
            continue
        local = _LOCAL.match(text)
        if local:
            full = _DISK_FULL.search(local["detail"])
            events.append(Event(at, EventKind.DISK if full else EventKind.LOCAL, local["detail"]))
    return events


def _utc(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def events_from_outbox(rows: Iterable[Mapping[str, object]], tz: timezone) -> list[Event]:
    events: list[Event] = []
    for row in rows:
        when = _utc(row.get("updated_at")) or _utc(row.get("created_at"))
        if when is None:
            continue
        state = row.get("state")
        if state == "rejected":
            detail = f"{row.get('error_code') or ''}: {row.get('error_en') or ''}".strip(": ")
            events.append(Event(when.astimezone(tz), EventKind.REJECTED, detail))
        elif state == "delivered":
            events.append(
                Event(when.astimezone(tz), EventKind.DELIVERED, str(row.get("receipt_id") or ""))
            )
    return events


def build_timeline(
    log_lines: Iterable[str],
    outbox_rows: Sequence[Mapping[str, object]],
    tz: timezone,
    tax_code: str | None = None,
) -> Timeline:
    """The timeline and diagnosis; with *tax_code*, of that enterprise alone (a broker's bundle)."""
    if tax_code is not None:
        outbox_rows = [row for row in outbox_rows if row.get("tax_code") in (tax_code, None)]
    events = events_from_log(log_lines, tz, tax_code) + events_from_outbox(outbox_rows, tz)
    events.sort(key=lambda event: event.at)
    waiting = sum(1 for row in outbox_rows if row.get("state") not in ("delivered",))
    return Timeline(tuple(events), diagnose(events, outbox_rows), waiting)


def offset_of(minutes: object) -> timezone:
    """The declarant's UTC offset from the manifest; this computer's when the manifest is older."""
    if isinstance(minutes, int) and not isinstance(minutes, bool) and abs(minutes) < 24 * 60:
        return timezone(timedelta(minutes=minutes))
    local = datetime.now().astimezone().utcoffset() or timedelta(0)
    return timezone(local)


def local_offset_minutes() -> int:
    """This computer's UTC offset now, in minutes, for the manifest."""
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


# -- the diagnosis ------------------------------------------------------------------------------

#: Which scenario each kind of trouble is, and the order ties are broken in (latest wins first).
_PROBLEMS = {
    EventKind.OFFLINE: "offline",
    EventKind.TIMEOUT: "slow",
    EventKind.SERVER: "flaky",
    EventKind.DROPPED: "flaky",
    EventKind.REJECTED: "reject-all",
    EventKind.INVALID_REPLY: "captive-portal",
    EventKind.AUTH: "normal",
    EventKind.DISK: "normal",
    EventKind.LOCAL: "normal",
}


def duration_text(span: timedelta) -> tuple[str, str]:
    seconds = round(span.total_seconds())
    if seconds < 90:
        return f"{seconds} giây", f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} phút", f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    return f"{hours} giờ {rest} phút", f"{hours} h {rest} min"


def _when(at: datetime) -> str:
    return at.strftime("%d/%m %H:%M")


def _problem_of(event: Event) -> str:
    if event.kind is EventKind.THROTTLED:
        return "maintenance" if event.status == 503 else "throttled"
    return _PROBLEMS[event.kind]


def diagnose(events: Sequence[Event], outbox_rows: Sequence[Mapping[str, object]]) -> Diagnosis:
    """The trouble seen most often (the latest one on a tie), in one line, and its scenario."""
    errors = [event for event in events if event.kind.is_error]
    passes = sum(1 for event in events if event.kind is EventKind.PASS_OK)
    if not errors:
        return Diagnosis(
            Message(
                "no_trouble",
                f"Không thấy lỗi nào trong nhật ký: {passes} lượt đồng bộ thành công.",
                f"No trouble in the logs: {passes} sync passes succeeded.",
            )
        )
    counts = Counter(_problem_of(event) for event in errors)
    latest = {_problem_of(event): index for index, event in enumerate(errors)}
    problem = max(counts, key=lambda name: (counts[name], latest[name]))
    mine = [event for event in errors if _problem_of(event) == problem]
    first, last = mine[0].at, mine[-1].at
    vi_span, en_span = duration_text(last - first)
    # " trong 40 phút" / " for 40 minutes"; nothing when it all happened within a second.
    short = last - first < timedelta(seconds=1)
    vi_for = "" if short else f" trong {vi_span}"
    en_for = "" if short else f" for {en_span}"
    en_over = "" if short else f" over {en_span}"
    n = len(mine)
    between_vi = f"từ {_when(first)} đến {_when(last)}"
    between_en = f"{_when(first)} to {_when(last)}"
    kind = mine[-1].kind
    if problem in ("maintenance", "throttled"):
        status = 503 if problem == "maintenance" else 429
        retries = [e.retry_after for e in mine if e.retry_after is not None]
        retry = int(statistics.median(retries)) if retries else 30
        return Diagnosis(
            Message(
                f"diagnosis_{problem}",
                f"Máy chủ trả lời {status} kèm Retry-After {retry} giây{vi_for} "
                f"({n} lần, {between_vi}).",
                f"The server answered {status} with Retry-After {retry} s{en_for} "
                f"({n} times, {between_en}).",
            ),
            problem,
            {"retry_after": retry},
            kind,
        )
    if problem == "offline":
        return Diagnosis(
            Message(
                "diagnosis_offline",
                f"Không kết nối được tới máy chủ{vi_for}: kết nối bị từ chối "
                f"({n} lần, {between_vi}).",
                f"The server could not be reached{en_for}: connections were refused "
                f"({n} times, {between_en}).",
            ),
            problem,
            {},
            kind,
        )
    if problem == "slow":
        timeouts = [e.read_timeout for e in mine if e.read_timeout is not None]
        limit = max(timeouts) if timeouts else 30.0
        return Diagnosis(
            Message(
                "diagnosis_slow",
                f"Máy chủ không trả lời trong {limit:g} giây, {n} lần{vi_for} ({between_vi}).",
                f"The server did not answer within {limit:g} s, {n} times{en_over} ({between_en}).",
            ),
            problem,
            {"delay": limit + 1.0},
            kind,
            limit,
        )
    if problem == "flaky":
        failed500 = sum(1 for e in mine if e.kind is EventKind.SERVER)
        dropped = n - failed500
        attempts = n + passes
        errors_share = round(failed500 / attempts, 2)
        drops_share = round(min(dropped / attempts, 1.0 - errors_share), 2)
        return Diagnosis(
            Message(
                "diagnosis_flaky",
                f"Máy chủ lúc được lúc không{vi_for}: {failed500} lần lỗi 500, {dropped} "
                f"lần kết nối bị ngắt, {passes} lượt đồng bộ vẫn thành công ({between_vi}).",
                f"The server failed now and then{en_over}: {failed500} errors 500, "
                f"{dropped} dropped connections, {passes} good passes ({between_en}).",
            ),
            problem,
            {"errors": errors_share, "drops": drops_share},
            kind,
        )
    if problem == "reject-all":
        reasons = Counter(e.detail for e in mine)
        reason = reasons.most_common(1)[0][0]
        return Diagnosis(
            Message(
                "diagnosis_reject_all",
                f"Máy chủ từ chối {n} phiếu ({reason}), {between_vi}.",
                f"The server rejected {n} sheets ({reason}), {between_en}.",
            ),
            problem,
            {},
            kind,
        )
    if problem == "captive-portal":
        return Diagnosis(
            Message(
                "diagnosis_captive_portal",
                f"Máy chủ không trả lời như hệ thống tiếp nhận: nhận được trang web (có thể là "
                f"trang đăng nhập Wi-Fi) {n} lần{vi_for} ({between_vi}).",
                f"The replies were not the intake system's: a web page came back (a Wi-Fi login "
                f"page, likely) {n} times{en_over} ({between_en}).",
            ),
            problem,
            {},
            kind,
        )
    if kind is EventKind.AUTH:
        message = Message(
            "diagnosis_auth",
            f"Đăng nhập bị từ chối {n} lần ({between_vi}): sai mã số thuế hoặc mật khẩu, hoặc "
            "phiên đăng nhập đã hết hạn.",
            f"The login was refused {n} times ({between_en}): a wrong tax code or password, or "
            "an expired session.",
        )
    elif kind is EventKind.DISK:
        message = Message(
            "diagnosis_disk",
            f"Ổ đĩa trên máy người khai đã đầy: {n} lượt đồng bộ dừng vì không ghi được "
            f"({between_vi}).",
            f"The disk was full on the declarant's computer: {n} sync passes stopped "
            f"({between_en}).",
        )
    else:
        message = Message(
            "diagnosis_local",
            f"Lỗi trên máy người khai đã dừng {n} lượt đồng bộ ({between_vi}); xem nhật ký.",
            f"A problem on the declarant's computer stopped {n} sync passes ({between_en}); "
            "see the log.",
        )
    return Diagnosis(message, "normal", {}, kind)
