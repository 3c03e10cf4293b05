"""Shared helpers for the benchmark scripts: medians and percentiles, printed plainly."""

from __future__ import annotations

import statistics


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:.3f} ms, "
        f"p99 {percentile(values, 99) * 1000:.3f} ms, n={len(values)}"
    )
