"""bench/ingest.py's floor: the least an endpoint can do with the same batches, durably.

A bare Starlette app, served by uvicorn as our server is (h11, asyncio, one process): it reads
the body, parses it with pydantic-core, makes each item's row the way the intake stores it
(the same columns, a receipt id, the sheet's hash) and writes the batch with one ``executemany``
into a SQLite file with the same durability (WAL, synchronous=FULL, BEGIN IMMEDIATE), then
answers one result per item. No rules, no lookups, no idempotency check: what is left of our
ingest's time above this is the price of the rules and the contract.

    python bench/_bare_endpoint.py PORT DATABASE_FILE
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import sys
import threading
from datetime import UTC, datetime
from typing import Any

import pydantic_core
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

COLUMNS = (
    "tax_code", "idempotency_key", "body_hash", "batch_id", "status", "receipt_id",
    "received_at", "errors", "declaration_number", "stage", "scores", "content",
    "contact_name", "contact_phone", "is_low", "review_state",
)  # fmt: skip
INSERT = (
    f"INSERT INTO rating_sheets ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
    " ON CONFLICT DO NOTHING"
)


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def rows_of(items: list[dict[str, Any]], batch_id: str, now: str) -> list[tuple[Any, ...]]:
    rows = []
    for item in items:
        scores = item["scores"]
        low = any(s["score"] <= 2 for s in scores)
        rows.append(
            (
                "3107000001",
                item["idempotency_key"],
                hashlib.sha256(pydantic_core.to_json(item)).hexdigest(),
                batch_id,
                "accepted",
                "PDG-" + secrets.token_hex(10).upper(),
                now,
                None,
                item["declaration_number"],
                item["stage"],
                pydantic_core.to_json(scores).decode(),
                item.get("content", ""),
                item.get("contact_name", ""),
                item.get("contact_phone", ""),
                low,
                "awaiting" if low else None,
            )
        )
    return rows


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    conn = connect(path)
    lock = threading.Lock()

    def store(body: bytes) -> bytes:
        items = pydantic_core.from_json(body)["items"]
        now = datetime.now(UTC).isoformat()
        rows = rows_of(items, secrets.token_hex(16), now)
        with lock:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(INSERT, rows)
            conn.execute("COMMIT")
        return pydantic_core.to_json(
            {
                "results": [
                    {
                        "idempotency_key": row[1],
                        "status": "accepted",
                        "receipt_id": row[5],
                        "received_at": now,
                        "errors": [],
                    }
                    for row in rows
                ]
            }
        )

    async def batch(request: Request) -> Response:
        body = await request.body()
        return Response(await run_in_threadpool(store, body), media_type="application/json")

    async def health(_request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    app = Starlette(
        routes=[
            Route("/api/v1/rating-sheets/batch", batch, methods=["POST"]),
            Route("/api/v1/health", health),
        ]
    )
    uvicorn.run(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
        loop="asyncio", http="h11", lifespan="off",
    )  # fmt: skip


if __name__ == "__main__":
    main()
