"""'Gửi' to durable commit: store.sheets.save over 1,000 sheets, beside a bare SQLite commit.

Both write the same thing (a sheet, its scores and its outbox row, synchronous=FULL, WAL) on the
same disk in the same run; the bare one skips validation and the rating-state bookkeeping, so the
gap between them is what our code costs.

    python bench/record.py [--sheets 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.model import (
    Channel,
    Declaration,
    DeclarationStatus,
    RatingSheet,
    RatingStage,
    Score,
    Target,
    TargetKind,
    TargetScore,
)
from app.store import Store
from bench._stats import percentile, summary_ms

TAX_CODE = "0100109106"
TARGETS = (
    Target(TargetKind.OFFICER, "CC0231", "Nguyễn Văn An"),
    Target(TargetKind.TEAM, "DOI1", "Đội Thủ tục hàng hóa XNK"),
    Target(TargetKind.SUB_DEPARTMENT, "03CC", "Chi cục Hải quan cửa khẩu cảng Hải Phòng KV I"),
)


def declarations(n: int) -> list[Declaration]:
    from datetime import UTC, datetime

    return [
        Declaration(
            number=f"10{i:010d}",
            type_code="A11",
            office_code="03CC",
            office_name="Chi cục Hải quan cửa khẩu cảng Hải Phòng KV I",
            channel=Channel.GREEN,
            registered_at=datetime(2026, 11, 20, tzinfo=UTC),
            status=DeclarationStatus.CLEARED,
            tax_code=TAX_CODE,
            targets=TARGETS,
        )
        for i in range(n)
    ]


def sheet(number: str) -> RatingSheet:
    return RatingSheet(
        declaration_number=number,
        stage=RatingStage.AFTER_COMPLETION,
        scores=tuple(TargetScore(t, Score.DISSATISFIED, ("delay",)) for t in TARGETS),
        content="Hồ sơ bị trả lại nhiều lần, đề nghị xem xét.",
        contact_name="Trần Thị Bình",
        contact_phone="0912 345 678",
    )


def run_store(folder: Path, n: int) -> list[float]:
    store = Store.open(folder / "store.sqlite3")
    store.declarations.upsert(declarations(n))
    times = []
    for i in range(n):
        item = sheet(f"10{i:010d}")
        start = time.perf_counter()
        store.sheets.save(item, TAX_CODE)
        times.append(time.perf_counter() - start)
    store.close()
    return times


def run_bare(folder: Path, n: int) -> list[float]:
    conn = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.executescript(
        "CREATE TABLE sheets(id INTEGER PRIMARY KEY, key TEXT UNIQUE, number TEXT, content TEXT,"
        " name TEXT, phone TEXT);"
        "CREATE TABLE scores(sheet_id INTEGER, kind TEXT, code TEXT, score INTEGER, reasons TEXT);"
        "CREATE TABLE outbox(id INTEGER PRIMARY KEY, key TEXT UNIQUE, payload TEXT, state TEXT);"
    )
    times = []
    for i in range(n):
        item = sheet(f"10{i:010d}")
        payload = json.dumps(item.to_payload(), ensure_ascii=False)
        key = str(uuid.uuid4())
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        sheet_id = conn.execute(
            "INSERT INTO sheets(key, number, content, name, phone) VALUES (?, ?, ?, ?, ?)",
            (key, item.declaration_number, item.content, item.contact_name, item.contact_phone),
        ).lastrowid
        conn.executemany(
            "INSERT INTO scores VALUES (?, ?, ?, ?, ?)",
            [
                (sheet_id, s.target.kind.value, s.target.code, int(s.score), "[]")
                for s in item.scores
            ],
        )
        conn.execute(
            "INSERT INTO outbox(key, payload, state) VALUES (?, ?, 'queued')", (key, payload)
        )
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ours_p99, ours_median, bare_p99, bare_median = [], [], [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-record-", dir=Path.cwd()) as folder:
            ours = run_store(Path(folder), args.sheets)
            bare = run_bare(Path(folder), args.sheets)
        print(
            f"run {run + 1}: store.sheets.save {summary_ms(ours)} | bare SQLite {summary_ms(bare)}"
        )
        ours_p99.append(percentile(ours, 99))
        ours_median.append(statistics.median(ours))
        bare_p99.append(percentile(bare, 99))
        bare_median.append(statistics.median(bare))
    print(
        f"record (median of {args.runs} runs): save_sheet median "
        f"{statistics.median(ours_median) * 1000:.3f} ms, p99 {statistics.median(ours_p99) * 1000:.3f} ms"
        f"; bare commit median {statistics.median(bare_median) * 1000:.3f} ms,"
        f" p99 {statistics.median(bare_p99) * 1000:.3f} ms (target p99 <= 5 ms)"
    )


if __name__ == "__main__":
    main()
