"""From a support bundle file to the declarant's screen and the declarant's server behaviour.

Issue 15 asks that support staff get from the bundle a declarant sent to the same screen and the
same server behaviour within 2 minutes, for every scenario. For each of the seven scenarios this
makes a declarant profile that met it (``tests/declarants.py``: the real sync engine against the
real intake server, not timed), exports its bundle, and then times, in the program's own code
with an offscreen Qt:

* **screen**: the bundle file unpacked, the store opened read-only, the window built and its
  first grid loaded with the declarant's rows (as ``customs-rating --open-bundle FILE``);
* **behaviour**: then *Phát lại* under the diagnosed scenario (as ``--replay``) until the
  replay's outbox carries the same reasons the declarant's did: the replay copy made, the
  intake server seeded with the declarant's enterprise and declarations and started, the
  first pass met the scenario;
* **delivered**: then ``normal`` chosen, until every sheet is delivered;
* **process**: beside them, ``customs-rating --open-bundle FILE`` started as its own process, to
  its window shown and painted (the interpreter, the imports, the unpacking, the window).

The first three run in this process (the imports done already); **process** is the same
screen from a cold start. Each figure is the median of ``--runs`` bundles opened afresh;
the floor is 120 s per scenario.

    .venv/bin/python bench/replay.py [--runs 3] [--scenario maintenance]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FLOOR_S = 120.0


class QuietDialogs:
    """Message boxes recorded, never shown (a modal box would stop the clock)."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def warning(self, parent: object, title: str, text: str, choices=(), default=None) -> str:  # type: ignore[no-untyped-def]
        self.shown.append(text)
        return default or "close"

    def information(self, parent: object, title: str, text: str) -> None:
        self.shown.append(text)

    def question(self, parent: object, title: str, text: str, yes: str, no: str) -> bool:
        self.shown.append(text)
        return False


def wait_until(condition: Callable[[], bool], timeout: float) -> float:
    """Run the event loop until *condition* holds; the moment it did (perf_counter)."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("not reached in time")
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return time.perf_counter()


def process_start(bundle: Path) -> float:
    """``customs-rating --open-bundle FILE`` as its own process, to its window shown and painted
    (the start-up probe of ``ui/main.py``, as ``bench/startup.py`` uses it)."""
    import subprocess

    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ui", "--open-bundle", str(bundle)],
        cwd=ROOT,
        env=os.environ | {"CUSTOMS_RATING_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=FLOOR_S,
    )
    if "ready" not in done.stdout:
        raise RuntimeError(f"the program did not say ready: {done.stdout}{done.stderr}")
    return time.perf_counter() - began


def one_run(
    bundle: Path, expected_rows: list[tuple[object, ...]], codes: set[str]
) -> tuple[float, float, float]:
    from app.domain.states import OutboxState
    from app.store import OutboxKind
    from tests.ui.bundles import open_bundle_window

    dialogs = QuietDialogs()
    began = time.perf_counter()
    opened = open_bundle_window(bundle, dialogs)
    try:
        window, store, view = (
            opened.running.window,
            opened.running.store,
            opened.running.bundle_view,
        )
        assert view is not None

        def rows() -> list[tuple[object, ...]]:
            return store.execute(
                "SELECT number, status, rating_state FROM declarations ORDER BY number"
            ).fetchall()

        screen = wait_until(
            lambda: window.isVisible() and not window.model.is_loading and rows() == expected_rows,
            FLOOR_S,
        )
        view.start_replay()

        def reasons() -> set[str | None]:
            return {
                item.error.code if item.error else None
                for item in store.outbox.items()
                if item.kind == OutboxKind.RATING_SHEET and item.state != OutboxState.DELIVERED
            }

        def same() -> bool:
            found = reasons()
            if not found or None in found:
                return False
            return (
                found <= {"server_error", "unreachable"}
                if "flaky" in view.replay.scenario
                else found == codes
            )

        behaviour = wait_until(lambda: view.replay.running and same(), FLOOR_S)
        assert view.support_view is not None
        view.support_view.choose_scenario("normal")
        delivered = wait_until(
            lambda: all(i.state == OutboxState.DELIVERED for i in store.outbox.items()), FLOOR_S
        )
        return screen - began, behaviour - began, delivered - began
    finally:
        opened.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenario", action="append", help="only these (default: all seven)")
    parser.add_argument(
        "--read-timeout",
        type=float,
        default=1.0,
        help="the declarant's read timeout (the program's is 30 s; 1 s keeps `slow` short)",
    )
    args = parser.parse_args()

    import logging

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from app.store import OutboxKind, Store
    from app.support.bundle import write_bundle
    from server.embedded import start_embedded
    from tests.declarants import SCENARIOS, make_declarant, tax_code_for

    # The table only: the program's log lines and the offscreen plugin's notes go nowhere.
    logging.getLogger().addHandler(logging.NullHandler())
    qInstallMessageHandler(lambda *_args: None)
    app = QApplication.instance() or QApplication([])
    chosen = args.scenario or list(SCENARIOS)
    print(f"replay: bundle file -> same screen -> same server behaviour -> delivered "
          f"(median of {args.runs}, seconds; floor {FLOOR_S:.0f} s each)")  # fmt: skip
    print(
        f"{'scenario':<16}{'process':>9}{'screen':>9}{'behaviour':>11}{'delivered':>11}"
        "  within floor"
    )
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as scratch:
        root = Path(scratch)
        with start_embedded(root / "declarants-intake", pace=None) as server:
            made = {}
            for index, scenario in enumerate(chosen):
                declarant = make_declarant(
                    root / scenario,
                    server,
                    scenario,
                    tax_code_for(500 + index),
                    read_timeout=args.read_timeout,
                )
                bundle = write_bundle(declarant.paths, root / f"{scenario}.zip")
                with Store.open(declarant.paths.store_file) as theirs:
                    rows = theirs.execute(
                        "SELECT number, status, rating_state FROM declarations ORDER BY number"
                    ).fetchall()
                    codes = {
                        i.error.code
                        for i in theirs.outbox.items()
                        if i.kind == OutboxKind.RATING_SHEET and i.error is not None
                    }
                made[scenario] = (bundle, rows, codes)
        for scenario in chosen:
            bundle, rows, codes = made[scenario]
            times = [one_run(bundle, rows, codes) for _ in range(args.runs)]
            screen, behaviour, delivered = (
                statistics.median(t[i] for t in times) for i in range(3)
            )
            process = statistics.median(process_start(bundle) for _ in range(args.runs))
            worst = max(worst, max(t[1] for t in times))
            ok = "yes" if max(t[1] for t in times) <= FLOOR_S else "NO"
            print(
                f"{scenario:<16}{process:>9.2f}{screen:>9.2f}{behaviour:>11.2f}{delivered:>11.2f}"
                f"  {ok}"
            )
    print(f"slowest run to the same server behaviour: {worst:.2f} s (floor {FLOOR_S:.0f} s)")
    del app


if __name__ == "__main__":
    main()
