"""The statistics page and its CSV / XLSX exports."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from server.clock import utc_now
from server.console import exports, stats
from server.console.catalogue import translate
from server.console.index import catch_up
from server.console.routes import session_or_redirect
from server.console.web import (
    PREFIX,
    SECURITY_HEADERS,
    console_of,
    language_of,
    reasons_text,
    render,
)

router = APIRouter(prefix=PREFIX, include_in_schema=False)


async def _report(request: Request) -> tuple[stats.Report, bool]:
    console = console_of(request)
    period, valid = stats.parse_period(
        dict(request.query_params), stats.today_in_vietnam(utc_now())
    )

    def load() -> stats.Report:
        catch_up(console.db, console.settings.due_working_days)
        with console.db.read() as conn:
            return stats.report(conn, period)

    return await run_in_threadpool(load), valid


@router.get("/stats")
async def stats_page(request: Request) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found
    report, valid = await _report(request)
    bars, top = stats.chart(report.months)
    return render(
        request,
        "stats.html",
        session=found,
        status=200 if valid else 422,
        report=report,
        kinds=stats.KINDS,
        bars=bars,
        chart_top=top,
        chart=(stats.CHART_WIDTH, stats.CHART_HEIGHT, stats.CHART_BASE),
        bad_dates=not valid,
        export_query=report.period.query(),
    )


@router.get("/stats.{kind}")
async def stats_export(request: Request, kind: str) -> Response:
    found = await session_or_redirect(request)
    if isinstance(found, Response):
        return found
    if kind not in ("csv", "xlsx"):
        return Response(status_code=404)
    report, _valid = await _report(request)
    language = language_of(request)

    def t(key: str, **values: object) -> str:
        return translate(language, key, **values)

    period = report.period
    name = f"thong-ke-{period.start.isoformat()}-{period.end.isoformat()}"
    if period.unit:
        name += f"-{period.unit}"
    headers = SECURITY_HEADERS | {"Content-Disposition": f'attachment; filename="{name}.{kind}"'}
    if kind == "csv":
        body = exports.csv_bytes(report, t)
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
    body = await run_in_threadpool(
        exports.xlsx_bytes, report, t, lambda code: reasons_text(language, [code])
    )
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=headers,
    )
