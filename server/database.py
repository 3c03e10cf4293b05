"""The engine, transactions and the few dialect differences, kept behind one small class.

SQLite is the default (one file in the data dir) and PostgreSQL the production store. Everything
else in ``server/`` writes dialect-neutral Core; only "insert, skip rows that break a UNIQUE rule"
and how a write transaction starts differ, and both are decided here by dialect name.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pydantic_core
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from server.schema import SCHEMA_VERSION, meta

log = logging.getLogger(__name__)

SQLITE_FILE = "intake.sqlite3"
_WRITE = "customs_rating_write"


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (the ``postgres`` extra), not psycopg2."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class UnsupportedDatabase(ValueError):
    pass


class Database:
    """``write()`` and ``read()`` hand out connections inside a transaction, each from a pool of
    its own: reads are never stuck behind writes waiting for SQLite's one writer (WAL lets them
    run beside it) or for a connection the writers hold. ``ping()`` has a connection of its own
    too, for readiness under load."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.engine: Engine = _create_engine(self.url)
        self.read_engine: Engine = _create_engine(self.url, reads=True)
        self._ping_engine: Engine = _create_engine(self.url, ping=True)
        self.dialect = self.engine.dialect.name
        self._bulk: dict[str, _BulkInsert] = {}
        self._checkpointer: _Checkpointer | None = None
        if self.dialect not in ("sqlite", "postgresql"):
            self._dispose_engines()
            raise UnsupportedDatabase(f"unsupported database {self.dialect!r}")

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> Database:
        data_dir.mkdir(parents=True, exist_ok=True)
        return cls(sqlite_url(data_dir))

    @property
    def safe_url(self) -> str:
        """The URL without its password, for logs and the start banner."""
        return self.engine.url.render_as_string(hide_password=True)

    def create_schema(self) -> None:
        """Bring the schema to the newest revision (``server.migrate``) and note it in meta."""
        from server import migrate

        outcome = migrate.ensure_schema(self)
        if outcome != "up to date":
            log.info("database schema %s", outcome)
        with self.write() as conn:
            if self.get_meta(conn, "schema_version") is None:
                self.set_meta(conn, "schema_version", str(SCHEMA_VERSION))

    def start_checkpointer(self, interval: float = 1.0) -> None:
        """Copy the SQLite WAL into the database file on a background thread.

        SQLite's automatic checkpoint runs inside whichever commit crosses the WAL threshold,
        adding tens of milliseconds to that one request; a passive checkpoint every second moves
        the work off the request path (the automatic one stays as a backstop at a high mark).
        """
        if self.dialect != "sqlite" or self._checkpointer is not None:
            return
        self._checkpointer = _Checkpointer(self.engine, interval)
        self._checkpointer.start()

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        self._dispose_engines()

    def _dispose_engines(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()
        self._ping_engine.dispose()

    def ping(self) -> None:
        """One trivial query on the ping pool's connection; raises if the database is away."""
        with self._ping_engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            conn.rollback()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that will write.

        On SQLite it starts with BEGIN IMMEDIATE: the write lock is taken before the first read,
        so a batch's "which keys exist?" and its inserts see no other writer in between, and a
        busy database waits (busy_timeout) instead of failing half-way with SQLITE_BUSY.
        """
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    def serialise_feed_writes(self, conn: Connection, table: sa.Table) -> None:
        """Make rows of a cursor-paged feed commit in the order of their sequence numbers.

        A feed reader that has seen number 6 never asks for 5 again, so 5 must not commit after
        6. SQLite's BEGIN IMMEDIATE already lets one writer at a time; on PostgreSQL this lock
        does the same for the feed's writers (readers are not blocked).
        """
        if self.dialect == "postgresql":
            conn.exec_driver_sql(f"LOCK TABLE {table.name} IN SHARE ROW EXCLUSIVE MODE")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.read_engine.connect() as conn, conn.begin():
            yield conn

    def among(self, column: sa.ColumnElement[Any], values: Iterable[Any]) -> sa.ColumnElement[bool]:
        """``column IN (values)``; on PostgreSQL ``column = ANY(array)``.

        One parameter instead of one per value: with a batch's 500 keys, psycopg re-parsed the
        500-placeholder statement in Python and the server planned a 500-item list on every
        call, several times the work of the lookup itself.
        """
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import ARRAY

            return column == sa.any_(sa.bindparam(None, list(values), type_=ARRAY(column.type)))
        return column.in_(list(values))

    @property
    def placeholder(self) -> str:
        """One positional parameter in driver SQL (``exec_driver_sql``): ``?`` or ``%s``."""
        return "%s" if self.dialect == "postgresql" else "?"

    def among_strings_sql(self, column: str, values: Collection[str]) -> tuple[str, list[Any]]:
        """``among`` in driver SQL, for a string column: the condition and its parameters.

        For lookups run on every batch with ``exec_driver_sql``: SQLAlchemy's expanding IN of
        500 values, rendered and bound on every call, cost more than the query itself.
        """
        if self.dialect == "postgresql":
            return f"{column} = ANY(%s::text[])", [list(values)]
        return f"{column} IN ({','.join('?' * len(values))})", list(values)

    def insert_ignoring_conflicts(self, table: sa.Table) -> Any:
        """INSERT … ON CONFLICT DO NOTHING for whichever UNIQUE rule a row breaks."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(table).on_conflict_do_nothing()
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()

    def insert_many_ignoring_conflicts(
        self, conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]
    ) -> int:
        """Bulk ``insert_ignoring_conflicts``; returns how many rows went in (-1: unknown).

        The statement is compiled once per table and the values go through each column's own
        bind processor straight to the driver's executemany: the same SQL and the same stored
        values as ``conn.execute(insert, rows)``, without SQLAlchemy's per-row bookkeeping,
        which cost more than SQLite's own work on a 500-sheet batch.
        """
        if not rows:
            return 0
        compiled = self._bulk.get(table.name)
        if compiled is None:
            compiled = self._bulk[table.name] = _BulkInsert(
                self.insert_ignoring_conflicts(table), table, self.engine.dialect
            )
        if self.dialect == "postgresql":
            # One statement for all rows: psycopg's executemany runs the statement once per row
            # (pipelined, but a bind/execute round in the server each), and a multi-row VALUES
            # of 9,000 placeholders is re-parsed in Python by psycopg on every batch.
            result = conn.exec_driver_sql(compiled.columnwise_sql, compiled.columnwise(rows))
            return int(result.rowcount)
        result = conn.exec_driver_sql(compiled.sql, compiled.parameters(rows))
        return int(result.rowcount)

    @staticmethod
    def get_meta(conn: Connection, key: str) -> str | None:
        return conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()

    @staticmethod
    def set_meta(conn: Connection, key: str, value: str) -> None:
        updated = conn.execute(sa.update(meta).where(meta.c.key == key).values(value=value))
        if updated.rowcount == 0:
            conn.execute(sa.insert(meta).values(key=key, value=value))

    def secret(self, key: str) -> str:
        """A random secret made once and kept in the database (e.g. the token signing key)."""
        with self.write() as conn:
            value = self.get_meta(conn, key)
            if value is None:
                value = secrets.token_hex(32)
                self.set_meta(conn, key, value)
            return value


class _Checkpointer:
    def __init__(self, engine: Engine, interval: float):
        self.engine = engine
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                raw = self.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    cursor.close()
                finally:
                    raw.close()
            except Exception:
                log.exception("WAL checkpoint failed")


class _BulkInsert:
    def __init__(self, statement: Any, table: sa.Table, dialect: sa.Dialect):
        names = [c.name for c in table.columns if not (c.primary_key and c.autoincrement)]
        compiled = statement.compile(dialect=dialect, column_keys=names)
        self.sql = compiled.string
        self.positional = compiled.positional
        order = list(compiled.positiontup or []) if self.positional else names
        self.columns = [
            (name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in order
        ]
        quote = dialect.identifier_preparer.quote
        # PostgreSQL: every row in one statement, one array per column (unnest zips them). The
        # statement text stays short and the same whatever the row count, so psycopg parses it
        # once; %s placeholders (psycopg), columns in self.columns' order.
        self.columnwise_sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n, _p in self.columns)})"
            " SELECT * FROM unnest("
            + ", ".join(
                f"%b::{table.c[n].type.compile(dialect=dialect)}[]" for n, _p in self.columns
            )
            + ") ON CONFLICT DO NOTHING"
        )

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        values = self.columnwise(rows)
        if self.positional:
            return list(zip(*values, strict=True))
        names = [n for n, _p in self.columns]
        return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]

    def columnwise(self, rows: Sequence[Mapping[str, Any]]) -> tuple[list[Any], ...]:
        """The values of ``columnwise_sql``: one list per column, each through its processor.

        A batch's rows share many values (the tax code, the batch id, the time received, a
        status): a value that is the very object of the row before reuses that row's processed
        value instead of formatting the same timestamp 500 times.
        """
        return tuple(_processed([row[n] for row in rows], p) for n, p in self.columns)


def _processed(values: list[Any], processor: Any) -> list[Any]:
    if processor is None:
        return values
    out: list[Any] = []
    last: Any = _NOTHING
    done: Any = None
    for value in values:
        if value is not last:
            last, done = value, processor(value)
        out.append(done)
    return out


_NOTHING = object()


def _json_text(value: Any) -> str:
    """JSON columns' text: compact UTF-8 from pydantic-core, a third of json.dumps's time.

    Read back with json.loads like any other JSON; the scores of every stored sheet go through
    here, so on a 500-sheet batch the difference shows.
    """
    return pydantic_core.to_json(value).decode()


def _create_engine(url: str, *, reads: bool = False, ping: bool = False) -> Engine:
    """The writers' pool, the readers' (*reads*: larger, reads are many and short) or the one
    connection readiness pings with (*ping*)."""
    size, overflow = (1, 0) if ping else (16, 40) if reads else (8, 24)
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=size,
            max_overflow=overflow,
            pool_timeout=5 if ping else 30,
            json_serializer=_json_text,
        )
        _configure_sqlite(engine)
        return engine
    return sa.create_engine(
        url,
        pool_size=size,
        max_overflow=overflow,
        pool_pre_ping=True,
        pool_timeout=5 if ping else 30,
        json_serializer=_json_text,
        connect_args={"connect_timeout": 5} if ping else {},
    )


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling would
        # start transactions late and never as IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: an accepted receipt survives a power cut; one fsync per batch is cheap.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # 16k pages (64 MB): a backstop; the background checkpointer normally keeps it small.
        cursor.execute("PRAGMA wal_autocheckpoint=16000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
