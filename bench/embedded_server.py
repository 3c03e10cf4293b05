"""Start-up of the embedded intake server: in the client's process (a thread) or its own process.

The desktop client starts the demo server when the session starts (``ui/session.py``
``_start_embedded``). This measures, in one run and alternating, the time from asking for the
server to its first answered health check, both ways:

* **in-thread**: what the client does, ``server.embedded.start_embedded`` (imports included:
  the client loads the server lazily), measured inside a fresh interpreter that has already
  imported what the client has by then (requests);
* **own process**: spawning ``python -m server.main --port P`` and polling ``/api/v1/health``
  until it answers, as a client that kept the server out of its process would.

Each way on a data dir that already exists (every start after the first) and on an empty one
(the first start, which seeds the simulator's world).

    .venv/bin/python bench/embedded_server.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

IN_THREAD = """
import sys, time
import requests
t0 = time.perf_counter()
from server.embedded import start_embedded
server = start_embedded(__import__("pathlib").Path(sys.argv[1]), pace=None)
requests.get(server.url + "/api/v1/health", timeout=10).raise_for_status()
print(f"{time.perf_counter() - t0:.4f}", flush=True)
server.stop()
"""

OWN_PROCESS = """
import socket, subprocess, sys, time
import requests
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
t0 = time.perf_counter()
child = subprocess.Popen(
    [sys.executable, "-m", "server.main", "--port", str(port), "--data-dir", sys.argv[1],
     "--pace", "0"],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
session = requests.Session()
while True:
    try:
        session.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).raise_for_status()
        break
    except requests.RequestException:
        if child.poll() is not None:
            raise SystemExit("the server process died")
        time.sleep(0.005)
print(f"{time.perf_counter() - t0:.4f}", flush=True)
child.terminate()
child.wait(30)
"""


def timed(script: str, data_dir: Path) -> float:
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-embedded-"))
    try:
        seeded = work / "seeded"
        timed(IN_THREAD, seeded)  # makes the seeded data dir (and warms the bytecode caches)
        ways = {"in-thread": IN_THREAD, "own process": OWN_PROCESS}
        results: dict[tuple[str, str], list[float]] = {}
        for run in range(args.runs):
            for way, script in ways.items():
                existing = work / f"run{run}-{way}-existing"
                shutil.copytree(seeded, existing)
                results.setdefault((way, "existing data dir"), []).append(timed(script, existing))
                fresh = work / f"run{run}-{way}-fresh"
                results.setdefault((way, "first start"), []).append(timed(script, fresh))
        for case in ("existing data dir", "first start"):
            inner = statistics.median(results[("in-thread", case)])
            outer = statistics.median(results[("own process", case)])
            print(
                f"{case:18}  in-thread {inner * 1000:6.0f} ms   own process {outer * 1000:6.0f} ms"
                f"   (+{(outer - inner) * 1000:.0f} ms, {outer / inner:.2f}x; "
                f"medians of {args.runs})"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
