"""Statistics: the figures of a period and unit, by target and month, and their exports."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import openpyxl
import sqlalchemy as sa

from server.clock import utc_now
from server.console import stats
from server.console.index import catch_up, month_of
from server.console.schema import console_sheets
from server.schema import rating_sheets, responses
from tests.server.conftest import Api, completed, sheet_for
from tests.server.console.conftest import Console, text_of


def rate(demo: Api, *scores: int) -> list[dict]:
    """One sheet per score on fresh declarations; each sheet scores its first two targets."""
    declarations = completed(demo, len(scores))
    results = demo.batch(
        *(sheet_for(d, score=s) for d, s in zip(declarations, scores, strict=True))
    )
    assert all(r["status"] == "accepted" for r in results)
    return [
        r | {"declaration": d, "score": s}
        for r, d, s in zip(results, declarations, scores, strict=True)
    ]


def answer(console: Console, receipt: str) -> None:
    page = console.get(f"/cases/{receipt}")
    sent = console.post(
        f"/cases/{receipt}/answer",
        {"result": "upheld", "content": "Đã xử lý, rút kinh nghiệm."},
        page=page.text,
    )
    assert sent.status_code == 303


def test_the_totals_levels_index_and_answers_of_a_period(console: Console, demo: Api) -> None:
    sheets = rate(demo, 5, 4, 3, 1, 2)
    answer(console, sheets[3]["receipt_id"])  # on time (just now)
    answer(console, sheets[4]["receipt_id"])
    db = console.server.runtime.db
    with db.write() as conn:  # the second answer came after its due date
        due = conn.execute(
            sa.select(console_sheets.c.due_at).where(
                console_sheets.c.receipt_id == sheets[4]["receipt_id"]
            )
        ).scalar_one()
        conn.execute(
            sa.update(responses)
            .where(responses.c.receipt_id == sheets[4]["receipt_id"])
            .values(responded_at=due + timedelta(hours=1))
        )
    catch_up(db, 5)  # what the next page view does: the new answer is counted
    with db.read() as conn:
        report = stats.report(conn, stats.default_period(stats.today_in_vietnam(utc_now())))
    totals = report.totals
    assert totals.sheets == 5
    assert totals.scores == 10
    assert totals.levels == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}
    assert totals.index == 40.0
    assert totals.low == 2 and totals.answered == 2 and totals.on_time == 1
    assert totals.share(5) == 20.0
    page = console.get("/stats")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Phiếu nhận được" in text and "Chỉ số hài lòng" in text
    assert 'id="total-sheets">5<' in page.text
    assert 'id="total-index">40.0%<' in page.text
    assert 'id="total-on-time">1<' in page.text


def test_each_target_and_month_has_its_row(console: Console, demo: Api) -> None:
    sheets = rate(demo, 1, 5, 4)
    expected: dict[tuple[str, str], list[int]] = {}
    for sheet in sheets:
        for target in sheet["declaration"]["targets"][:2]:
            expected.setdefault((target["kind"], target["code"]), []).append(sheet["score"])
    page = console.get("/stats")
    with console.server.runtime.db.read() as conn:
        report = stats.report(conn, stats.default_period(stats.today_in_vietnam(utc_now())))
    for (kind, code), scores in expected.items():
        [row] = [r for r in report.by_kind[kind] if r.code == code]
        assert row.scores == len(scores)
        assert row.levels == {level: scores.count(level) for level in range(1, 6)}
        assert row.low == sum(1 for s in scores if s <= 2)
        assert f'data-code="{code}"' in page.text
    [month] = [m for m in report.months if m.code == month_of(utc_now())]
    assert month.sheets == 3 and month.low == 1 and month.scores == 6
    assert len(report.months) == 12  # every month of the default period, empty ones too
    assert "Chậm trễ trong giải quyết thủ tục" in text_of(page.text)  # the top reason
    assert report.reasons == [("delay", 2)]  # two low scores, each with "delay"


def test_the_period_and_the_unit_select_the_sheets(console: Console, demo: Api) -> None:
    old, new = rate(demo, 2, 4)
    db = console.server.runtime.db
    with db.write() as conn:  # before the console copies it: it arrived in January 2025
        conn.execute(
            sa.update(rating_sheets)
            .where(rating_sheets.c.receipt_id == old["receipt_id"])
            .values(received_at=datetime(2025, 1, 15, 3, 0, tzinfo=UTC))
        )
    catch_up(db, 5)
    january = console.get("/stats", params={"from": "2025-01-01", "to": "2025-01-31"})
    assert 'id="total-sheets">1<' in january.text and 'id="total-low">1<' in january.text
    office = old["declaration"]["office_code"]
    unit = console.get("/stats", params={"from": "2025-01-01", "to": "2025-01-31", "unit": office})
    assert 'id="total-sheets">1<' in unit.text
    assert f'<option value="{office}" selected>' in unit.text
    other_unit = "99ZZ" if office != "99ZZ" else "98ZZ"
    none = console.get(
        "/stats", params={"from": "2025-01-01", "to": "2025-01-31", "unit": other_unit}
    )
    assert 'id="total-sheets">0<' in none.text
    assert "Không có dữ liệu trong kỳ này." in text_of(none.text)
    # 15 January 2025, 03:00 UTC is 10:00 in Viet Nam: the 15th either way.
    day = console.get("/stats", params={"from": "2025-01-15", "to": "2025-01-15"})
    assert 'id="total-sheets">1<' in day.text
    assert new["receipt_id"]


def test_bad_dates_say_what_to_type_and_show_the_default_period(console: Console) -> None:
    for query in ({"from": "31/12/2025"}, {"from": "2025-02-01", "to": "2025-01-01"}):
        page = console.get("/stats", params=query)
        assert page.status_code == 422
        assert "năm-tháng-ngày" in text_of(page.text)


def test_the_exports_hold_the_pages_rows(console: Console, demo: Api) -> None:
    sheets = rate(demo, 1, 5)
    today = stats.today_in_vietnam(utc_now())
    start = date(today.year - 2, 1, 1)
    params = {"from": start.isoformat(), "to": today.isoformat()}
    response = console.get("/stats.csv", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Loại đối tượng", "Mã", "Tên"]
    kinds = Counter(row[0] for row in rows[1:])
    assert kinds["Tháng"] == len(stats.months_between(start, today))
    officer = next(t for t in sheets[0]["declaration"]["targets"][:2])
    [row] = [r for r in rows if r[1] == officer["code"]]
    assert row[2] == officer["name"]

    book = console.get("/stats.xlsx", params=params)
    assert book.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(book.content))
    sheet = workbook.worksheets[0]
    values = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert values[3][:3] == ["Loại đối tượng", "Mã", "Tên"]
    [xrow] = [v for v in values if v[1] == officer["code"]]
    assert xrow[3] == int(row[3]) and xrow[2] == officer["name"]
    reasons = workbook.worksheets[1]
    assert [c.value for c in next(reasons.iter_rows(min_row=2))] == [
        "Chậm trễ trong giải quyết thủ tục",
        2,
    ]
    english = console.get("/language/en", params={"next": "/console/stats"})
    assert english.status_code == 303
    rows_en = console.get("/stats.csv", params=params).content.decode("utf-8-sig")
    assert rows_en.startswith("Target kind,Code,Name")
    assert console.get("/stats.pdf").status_code == 404


def test_statistics_need_a_session(console: Console) -> None:
    console.http.cookies.clear()
    assert console.get("/stats").status_code == 303
    assert console.get("/stats.csv").status_code == 303


def test_the_chart_scales_bars_to_the_busiest_month() -> None:
    months = [stats.Counts(code="2025-01", sheets=10, low=5), stats.Counts(code="2025-02")]
    bars, top = stats.chart(months)
    assert top == 10
    assert bars[0].sheets_height == 170 and bars[0].low_height == 85
    assert bars[1].sheets_height == 0 and bars[0].label == "01/25"
    assert stats.months_between(date(2024, 11, 1), date(2025, 2, 1)) == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]


def test_whole_months_and_loose_days_add_up_to_a_count_of_the_sheets(
    console: Console, demo: Api
) -> None:
    sheets = rate(demo, 1, 2, 3, 4, 5, 5, 4, 1)
    arrivals = [
        datetime(2025, 1, 31, 16, 59, tzinfo=UTC),  # 23:59 on 31 January in Viet Nam
        datetime(2025, 1, 31, 17, 0, tzinfo=UTC),  # 00:00 on 1 February in Viet Nam
        datetime(2025, 2, 14, 5, 0, tzinfo=UTC),
        datetime(2025, 2, 28, 10, 0, tzinfo=UTC),
        datetime(2025, 3, 1, 1, 0, tzinfo=UTC),
        datetime(2025, 3, 20, 1, 0, tzinfo=UTC),
        datetime(2025, 4, 30, 12, 0, tzinfo=UTC),
        datetime(2025, 5, 2, 3, 0, tzinfo=UTC),
    ]
    db = console.server.runtime.db
    with db.write() as conn:
        for sheet, arrival in zip(sheets, arrivals, strict=True):
            conn.execute(
                sa.update(rating_sheets)
                .where(rating_sheets.c.receipt_id == sheet["receipt_id"])
                .values(received_at=arrival)
            )
    catch_up(db, 5)
    local = [(arrival + timedelta(hours=7)).date() for arrival in arrivals]
    periods = [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 1, 31), date(2025, 3, 1)),
        (date(2025, 2, 15), date(2025, 4, 30)),
        (date(2025, 3, 20), date(2025, 3, 20)),
        (date(2025, 4, 1), date(2025, 5, 1)),
    ]
    for start, end in periods:
        inside = [s for s, day in zip(sheets, local, strict=True) if start <= day <= end]
        with db.read() as conn:
            totals = stats.totals(conn, stats.Period(start, end))
            months = stats.months(conn, stats.Period(start, end))
        assert totals.sheets == len(inside), (start, end)
        assert totals.low == sum(1 for s in inside if s["score"] <= 2), (start, end)
        assert totals.scores == 2 * len(inside)
        assert sum(m.sheets for m in months) == len(inside)
        for level in range(1, 6):
            assert totals.levels[level] == 2 * sum(1 for s in inside if s["score"] == level)


def test_derived_tables_of_another_version_are_rebuilt_from_the_intake_tables(
    console: Console, demo: Api
) -> None:
    from server.console.index import DERIVED_VERSION, DERIVED_VERSION_KEY, prepare
    from server.console.schema import console_rollup

    rate(demo, 1, 5)
    db = console.server.runtime.db
    catch_up(db, 5)
    with db.write() as conn:
        db.set_meta(conn, DERIVED_VERSION_KEY, "1")
        conn.exec_driver_sql("CREATE TABLE console_reasons (x INTEGER)")
    prepare(db)
    with db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(console_rollup)).scalar() == 0
        assert db.get_meta(conn, DERIVED_VERSION_KEY) == DERIVED_VERSION
        assert not sa.inspect(conn).has_table("console_reasons")
    assert catch_up(db, 5) == 2  # refilled from rating_sheets
    today = stats.today_in_vietnam(utc_now())
    with db.read() as conn:
        assert stats.totals(conn, stats.default_period(today)).sheets == 2
