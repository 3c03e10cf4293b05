"""What redaction costs on the logging path: every log record passes through it.

Times ``RedactingFormatter.format`` (what the log handlers call) and bare ``redact`` over log
lines of the kinds the client and the intake server write, most with no phone number at all,
and prints microseconds per line for each kind and for the mix. Nothing asserts on time.

    python bench/redact.py [--rounds 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.logs import LOG_FORMAT, RedactingFormatter, redact

# (kind, message) as the program logs them; the mix is weighted by how often each kind occurs.
LINES: tuple[tuple[str, str, int], ...] = (
    ("server request", "POST /api/v1/sheets/batch -> 200 in 12.3 ms", 40),
    (
        "server request, query",
        "GET /api/v1/responses?since=2026-03-01T08:00:00Z -> 200 in 3.1 ms",
        20,
    ),
    (
        "sheet saved (uuid, declaration no.)",
        "sheet 3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9 for declaration 104512345670 saved and queued",
        15,
    ),
    ("sync failed", "sync failed (connection refused); next try in 3.2 s", 10),
    ("schema", "store schema migrated to version 4", 5),
    (
        "start",
        "customs-rating 1.4.0 starting, profile data in /home/an/.local/share/CustomsRating",
        3,
    ),
    ("login (tax code)", "logged in as 0299987654 at https://intake.example", 3),
    ("phone in a message", "support request 12 queued (IDA) contact 0944 555 666", 2),
    ("e-mail in a message", "help desk answer sent to nguyen.an@congty.vn", 2),
)


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("app.sync.engine", logging.INFO, __file__, 1, message, None, None)


def _per_line_us(func, items: list, rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            func(item)
    return (time.perf_counter() - started) / (rounds * len(items)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    formatter = RedactingFormatter(LOG_FORMAT)
    plain = logging.Formatter(LOG_FORMAT)
    redact("warm-up 0912 345 678 an@example.vn")  # lazy imports are not per-line costs

    print(f"{'kind':38} {'format µs':>10} {'redact µs':>10} {'plain fmt µs':>12}")
    for kind, message, _weight in LINES:
        record = [_record(message)]
        formatted = [plain.format(record[0])]
        fmt = statistics.median(
            _per_line_us(formatter.format, record, args.rounds) for _ in range(args.runs)
        )
        bare = statistics.median(
            _per_line_us(redact, formatted, args.rounds) for _ in range(args.runs)
        )
        base = statistics.median(
            _per_line_us(plain.format, record, args.rounds) for _ in range(args.runs)
        )
        print(f"{kind:38} {fmt:10.1f} {bare:10.1f} {base:12.1f}")

    mix = [_record(message) for _kind, message, weight in LINES for _ in range(weight)]
    rounds = max(1, args.rounds // 10)
    fmt = statistics.median(_per_line_us(formatter.format, mix, rounds) for _ in range(args.runs))
    base = statistics.median(_per_line_us(plain.format, mix, rounds) for _ in range(args.runs))
    print(f"{'weighted mix (100 lines)':38} {fmt:10.1f} {'':>10} {base:12.1f}")


if __name__ == "__main__":
    main()
