"""``bash scripts/run`` with nothing changed since the last install: time to the window shown.

Beside it, in the same run, the floor: the installed program started directly
(``.venv/bin/customs-rating``), the same profile, the same probe. The difference is what
scripts/run adds (the system-package check and make_venv's stamp and lock check); before the
stamp, make_venv ran pip every time (13-28 s). Both under the offscreen platform, with
``CUSTOMS_RATING_STARTUP_PROBE`` (the program quits once its window is shown). Medians.

    bash scripts/run --version     (once: installs, writes the stamp)
    .venv/bin/python bench/run_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], profile: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CUSTOMS_RATING_STARTUP_PROBE": "1"}
    started = time.perf_counter()
    subprocess.run(
        [*command, "--profile", str(profile)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="run-start-") as scratch:
        profile = Path(scratch)
        timed([str(ROOT / ".venv" / "bin" / "customs-rating")], profile)  # first start: new store
        script, floor = [], []
        for _ in range(args.runs):  # interleaved, so a load spike hits both alike
            script.append(timed(["bash", "scripts/run"], profile))
            floor.append(timed([str(ROOT / ".venv" / "bin" / "customs-rating")], profile))
    run, direct = statistics.median(script), statistics.median(floor)
    print(f"bash scripts/run, nothing changed:   median {run:.2f} s")
    print(f"floor (.venv/bin/customs-rating):    median {direct:.2f} s")
    print(f"scripts/run adds {run - direct:.2f} s, n={args.runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
