"""Start-up: process start to the main window shown and usable, with 1,000,000 declarations.

Beside it, in the same run, the floor: a bare PySide6 window showing a 1,000,000-row table
(QTableView over a trivial model). Both are real processes under the offscreen platform; the
time is measured by this script from spawning the process to the child's "ready" line, which the
app prints once its window is shown and the first screen of rows painted
(``CUSTOMS_RATING_STARTUP_PROBE``). Peak memory is the child's own peak RSS at that moment.

    .venv/bin/python bench/startup.py [--rows 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.table import build  # noqa: E402

BARE = """
import resource, sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView

class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 1_000_000
    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 7
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row():012d}"
        return None

app = QApplication(sys.argv[:1])
view = QTableView()
model = Model()
view.setModel(model)
view.resize(1280, 760)
view.show()
def ready():
    app.processEvents()
    print(f"ready peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def time_process(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to "ready", and the child's peak RSS in MB."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert child.stdout is not None
    peak_mb = float("nan")
    elapsed = float("nan")
    for line in child.stdout:
        if line.startswith("ready"):
            elapsed = time.perf_counter() - start
            peak_mb = int(line.split("peak_rss_kb=")[1]) / 1024
            break
    try:
        child.wait(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    child.stdout.close()
    return elapsed, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CUSTOMS_RATING_STARTUP_PROBE": "1"}
    # An installed program has its bytecode cached (pip and PyInstaller both compile it); this
    # machine's shell sets PYTHONDONTWRITEBYTECODE, which would recompile every module each start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="bench-startup-", dir=Path.cwd()) as scratch:
        profile = Path(scratch) / "profile"
        store = profile / "data" / "store.sqlite3"
        store.parent.mkdir(parents=True)
        cached = Path(tempfile.gettempdir()) / f"customs-bench-table-{args.rows}.sqlite3"
        if not cached.exists():
            print(f"building a store of {args.rows:,} declarations…", flush=True)
            build(cached, args.rows, covering=False)
        shutil.copyfile(cached, store)
        app_command = [sys.executable, "-m", "ui", "--profile", str(profile)]
        bare_command = [sys.executable, "-c", BARE]
        # One warm-up each: the first start reads the files from disk into the page cache.
        time_process(app_command, env)
        time_process(bare_command, env)
        ours, floor, ours_mb, floor_mb = [], [], [], []
        for run in range(args.runs):
            app_s, app_mb = time_process(app_command, env)
            bare_s, bare_mb = time_process(bare_command, env)
            print(
                f"run {run + 1}: customs-rating {app_s:.3f} s {app_mb:.0f} MB | "
                f"bare table {bare_s:.3f} s {bare_mb:.0f} MB"
            )
            ours.append(app_s)
            ours_mb.append(app_mb)
            floor.append(bare_s)
            floor_mb.append(bare_mb)
    o, f = statistics.median(ours), statistics.median(floor)
    print(
        f"startup (median of {args.runs}, {args.rows:,} declarations): customs-rating {o:.3f} s, "
        f"{statistics.median(ours_mb):.0f} MB peak; bare PySide6 table {f:.3f} s, "
        f"{statistics.median(floor_mb):.0f} MB; ratio {o / f:.2f}x (target <= 2x and <= 150 MB)"
    )


if __name__ == "__main__":
    main()
