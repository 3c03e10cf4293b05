"""The statistics as files: CSV (UTF-8 with a BOM, so Excel shows Vietnamese) and XLSX.

Both carry the same rows as the page: one per target of each kind, then one per month, with
the same column headings in the page's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from openpyxl import Workbook
from openpyxl.styles import Font

from server.console.stats import KINDS, Counts, Report

Translate = Callable[..., str]


def _headings(t: Translate) -> list[object]:
    return [
        t("col_kind"),
        t("col_code"),
        t("col_name"),
        t("col_sheets"),
        t("col_scores"),
        *(t(f"level_{level}") for level in range(5, 0, -1)),
        t("col_average"),
        t("col_index"),
        t("col_low"),
        t("answered"),
        t("col_on_time"),
    ]


def _figures(counts: Counts) -> list[object]:
    average = round(counts.average, 2) if counts.average is not None else None
    index = round(counts.index, 1) if counts.index is not None else None
    return [
        counts.sheets,
        counts.scores,
        *(counts.levels[level] for level in range(5, 0, -1)),
        average,
        index,
        counts.low,
        counts.answered,
        counts.on_time,
    ]


def rows(report: Report, t: Translate) -> Iterator[list[object]]:
    yield _headings(t)
    for kind in KINDS:
        for counts in report.by_kind[kind]:
            yield [t(f"kind_{kind}"), counts.code, counts.name, *_figures(counts)]
    for counts in report.months:
        yield [t("col_month"), counts.code, counts.code, *_figures(counts)]


def csv_bytes(report: Report, t: Translate) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows(report, t):
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(report: Report, t: Translate, reason_label: Callable[[str], str]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("nav_stats")[:31]
    period = report.period
    sheet.append([t("stats_title"), f"{period.start.isoformat()} – {period.end.isoformat()}"])
    sheet.append([t("unit"), period.unit or t("all_units")])
    sheet.append([])
    for number, row in enumerate(rows(report, t)):
        sheet.append(row)
        if number == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    reasons = book.create_sheet(t("top_reasons")[:31])
    reasons.append([t("col_reason"), t("col_count")])
    for reason, times in report.reasons:
        reasons.append([reason_label(reason), times])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
