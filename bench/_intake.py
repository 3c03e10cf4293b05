"""Shared by bench/sync.py and bench/ingest.py: the intake server as its own process.

The desktop client and the customs intake server run on different machines in reality, so the
benchmarks start the server the way customs does (``python -m server.main``, the
``customs-rating-intake`` command) in a child process on a loopback port, from a copy of a
prepared data dir (or a PostgreSQL database made from a prepared template), and stop it with
SIGTERM. Setting up enterprises and declarations goes straight to the database beforehand and is
never timed.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Mật-khẩu-đo 2026"
WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code(serial: int) -> str:
    """A valid enterprise tax code (province 31, Hai Phong) for the benchmark's enterprises."""
    while True:
        first_nine = f"31{serial + 7_000_000:07d}"
        check = 10 - sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
        if check < 10:
            return first_nine + str(check)
        serial += 1


def prepare_server(
    data_dir: Path, enterprises: dict[str, int], database_url: str | None = None
) -> dict[str, list[str]]:
    """Seed a server database and give each enterprise *count* completed declarations."""
    from server.accounts import add_enterprise
    from server.runtime import IntakeRuntime

    runtime = IntakeRuntime(data_dir=data_dir, database_url=database_url, pace=None)
    try:
        numbers = {}
        for code, count in enterprises.items():
            with runtime.db.write() as conn:
                add_enterprise(conn, code, "Công ty TNHH Đo hiệu năng", PASSWORD)
            numbers[code] = runtime.simulator.complete_declarations(count, tax_code=code)
        return numbers
    finally:
        runtime.stop()


def copy_sqlite_dir(template: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for name in glob.glob(str(template / "intake.sqlite3*")):
        shutil.copy2(name, target)
    return target


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """``customs-rating-intake --pace 0`` in a child process on 127.0.0.1."""

    def __init__(self, data_dir: Path, database_url: str | None = None, port: int = 0):
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "server.main",
            "--port",
            str(self.port),
            "--data-dir",
            str(data_dir),
            "--pace",
            "0",
        ]
        if database_url:
            command += ["--database-url", database_url]
        self._output = open(data_dir / "server-output.txt", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self._failure("exited"))
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/api/v1/health", timeout=1).ok:
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(self._failure("did not answer in time"))

    def _failure(self, what: str) -> str:
        self._output.flush()
        text = (self.data_dir / "server-output.txt").read_text(errors="replace")[-2000:]
        return f"the intake server {what}:\n{text}"

    def token(self, tax: str) -> str:
        response = requests.post(
            f"{self.url}/api/v1/auth/token",
            json={"tax_code": tax, "password": PASSWORD},
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._output.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- PostgreSQL -----------------------------------------------------------------------------------


class PostgresAdmin:
    """Databases made from a template on one PostgreSQL server (the URL may create databases)."""

    def __init__(self, admin_url: str):
        from server.database import normalise_url

        self.url = sa.make_url(normalise_url(admin_url))
        self.engine = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def create(self, template: str | None = None) -> str:
        name = f"intake_bench_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}{clause}")
            # The copy goes through the WAL; flush it now rather than in the middle of a run.
            with contextlib.suppress(sa.exc.DBAPIError):
                conn.exec_driver_sql("CHECKPOINT")
        self.names.append(name)
        return name

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.names.remove(name)

    def close(self) -> None:
        for name in list(self.names):
            self.drop(name)
        self.engine.dispose()


def _postgres_bindir() -> Path | None:
    """Where Debian's (or any) initdb and pg_ctl are, or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key)
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _version_key(path: str) -> tuple[int, ...]:
    part = Path(path).parent.name
    return tuple(int(p) for p in part.split(".") if p.isdigit())


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder on a free loopback port; yields an admin URL.

    Debian's binaries refuse to run as root, so as root the cluster belongs to the ``postgres``
    user (which the Debian package creates). Raises RuntimeError with the reason when it cannot.
    """
    bindir = _postgres_bindir()
    if bindir is None:
        raise RuntimeError("no initdb found (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise RuntimeError("psycopg is not installed (pip install -e '.[postgres]')") from None
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="intake-bench-pg-"))
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            raise RuntimeError("running as root and there is no postgres user") from None
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = free_port()
    pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        for command in (
            [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"],
            [
                *pg_ctl,
                "-l",
                str(folder / "server.log"),
                "-o",
                f"-k {folder} -h 127.0.0.1 -p {port} -c max_connections=200",
                "-w",
                "start",
            ],
        ):
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except subprocess.CalledProcessError as error:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)
        name = Path(error.cmd[len(prefix)]).name
        raise RuntimeError(f"{name} failed: {error.stderr.decode(errors='replace')}") from None
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)
