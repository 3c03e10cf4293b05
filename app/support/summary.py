"""``summary.txt`` in every support bundle: what happened, for someone who only has the zip.

The same timeline and one-line diagnosis the support view shows (``app.support.timeline``),
written as plain text, Vietnamese then English, when the bundle is made: whose bundle, which
version, what the sync met and when, and the scenario that replays it
(``customs-rating --open-bundle FILE``, then *Hỗ trợ → Phát lại*).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import timezone

from app.paths import Paths
from app.settings import Settings
from app.store.bundle_copy import Others, mentions
from app.support.timeline import (
    KIND_LABELS,
    EventKind,
    Timeline,
    build_timeline,
    offset_of,
    read_log_lines,
)

SUMMARY_NAME = "summary.txt"
#: The newest runs shown; a week of a server down every pass is thousands of lines otherwise.
MAX_RUNS = 200


def _offset_label(tz: timezone) -> str:
    return "UTC" + (tz.tzname(None) or "").removeprefix("UTC")


def summary_text(
    timeline: Timeline,
    *,
    tax_code: str,
    created_at: str,
    app_version: str,
    server_url: str,
    tz: timezone,
    outbox_rows: Sequence[Mapping[str, object]],
) -> str:
    diagnosis = timeline.diagnosis
    server = server_url or "máy chủ thử nghiệm trong chương trình / the embedded demo server"
    lines = [
        "Gói hỗ trợ – tóm tắt / Support bundle – summary",
        "",
        f"Doanh nghiệp (mã số thuế) / Enterprise (tax code): {tax_code or '?'}",
        f"Tạo lúc / Created at: {created_at} (giờ máy người khai / declarant's time "
        f"{_offset_label(tz)})",
        f"Phiên bản / Program version: {app_version}",
        f"Máy chủ / Server: {server}",
        "",
        f"Chẩn đoán: {diagnosis.message.vi}",
        f"Diagnosis: {diagnosis.message.en}",
        f"Kịch bản để phát lại / Scenario to replay: {diagnosis.scenario_spec}",
        "",
        f"Lượt đồng bộ thành công / Good sync passes: {timeline.count(EventKind.PASS_OK)}",
        "Lỗi theo loại / Errors by kind:",
    ]
    errors = timeline.errors_by_kind
    if not errors:
        lines.append("  (không có / none)")
    for kind, times in errors.items():
        vi, en = KIND_LABELS[kind]
        lines.append(
            f"  {en} ({vi}): {len(times)}, {times[0]:%d/%m/%Y %H:%M:%S} – {times[-1]:%d/%m %H:%M:%S}"
        )
    states = Counter(str(row.get("state", "?")) for row in outbox_rows)
    lines.append(
        "Hộp thư đi lúc xuất / Outbox at export: "
        + (", ".join(f"{count} {state}" for state, count in sorted(states.items())) or "0")
    )
    lines += [
        "",
        f"Diễn biến / Timeline (giờ máy người khai / declarant's time {_offset_label(tz)}):",
    ]
    runs = timeline.runs()
    if len(runs) > MAX_RUNS:
        lines.append(f"  … {len(runs) - MAX_RUNS} đoạn cũ hơn / older runs left out")
        runs = runs[-MAX_RUNS:]
    for run in runs:
        vi, en = KIND_LABELS[run.kind]
        status = f" HTTP {run.status}" if run.status else ""
        span = f"{run.first:%d/%m %H:%M:%S}"
        if run.count > 1:
            span += f" – {run.last:%d/%m %H:%M:%S}"
        lines.append(f"  {span}  {en}{status} ×{run.count} ({vi})  {run.detail[:160]}")
    return "\n".join(lines) + "\n"


def profile_summary(
    paths: Paths,
    manifest: Mapping[str, object],
    *,
    only: Collection[str] | None = None,
    others: Others | None = None,
) -> str:
    """The summary of a declarant's profile as it is being bundled (its logs, the manifest).

    A bundle for some of a broker's enterprises (*only*) says nothing of the *others*: their
    log lines are left out as the bundle's logs leave them out, the tax code named is one of
    those included, and with several included each gets its own diagnosis and timeline.
    """
    outbox = manifest.get("outbox")
    rows = [row for row in outbox if isinstance(row, dict)] if isinstance(outbox, list) else []
    tz = offset_of(manifest.get("utc_offset_minutes"))
    log_lines = read_log_lines(paths.log_dir)
    if others:
        log_lines = [line for line in log_lines if not mentions(line, others)]
    settings = Settings.load(paths.settings_file)
    tax_code = settings.tax_code
    if only is not None and tax_code not in only:
        tax_code = ""
    if not tax_code:
        used = Counter(str(row.get("tax_code")) for row in rows if row.get("tax_code"))
        tax_code = used.most_common(1)[0][0] if used else ""
    codes = sorted(only) if only is not None and len(only) > 1 else [tax_code]
    return "\n".join(
        summary_text(
            build_timeline(log_lines, rows, tz, code if len(codes) > 1 else None),
            tax_code=code,
            created_at=str(manifest.get("created_at", "")),
            app_version=str(manifest.get("app_version", "")),
            server_url=settings.server_url,
            tz=tz,
            outbox_rows=[r for r in rows if len(codes) == 1 or r.get("tax_code") == code],
        )
        for code in codes
    )
