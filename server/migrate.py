"""Bringing a database to the newest schema: Alembic's revisions in server/migrations.

``ensure_schema`` runs at every start (and ``customs-rating-intake db upgrade`` on demand):

- a database at the newest revision is left alone (one small query; alembic is not imported);
- an empty one gets the whole schema from ``server.schema`` at once and is stamped with the
  newest revision, which is what running every revision would give, in a fraction of the time
  (the desktop client starts its embedded server on a new profile this way);
- one made before migrations began (tables, no ``alembic_version``) is the baseline, 0001, and
  is upgraded from there; any other is upgraded from its revision.

All of it in one transaction that holds the database's write lock (BEGIN IMMEDIATE on SQLite, an
advisory lock on PostgreSQL), so two processes starting at once cannot both migrate.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server.schema import metadata

#: The newest revision in server/migrations/versions (tests/server/test_migrations.py checks it
#: against Alembic's own reading of the folder).
HEAD = "0003"
BASELINE = "0001"
SCRIPT_LOCATION = "server:migrations"
_ADVISORY_KEY = 0x1C5_0001  # any constant: "the intake schema is being migrated"

_version_meta = sa.MetaData()
alembic_version = sa.Table(
    "alembic_version",
    _version_meta,
    sa.Column("version_num", sa.String(32), primary_key=True),
)


class NewerDatabase(RuntimeError):
    """The database is at a revision this program does not know: a newer program made it."""


def current_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.select(alembic_version.c.version_num)).scalar_one_or_none()


def ensure_schema(db: Any) -> str:
    """Bring *db* (a ``server.database.Database``) to HEAD; returns what it did, for the log."""
    with db.write() as conn:
        if db.dialect == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_KEY})")
        revision = current_revision(conn)
        if revision == HEAD:
            return "up to date"
        if revision is None and not sa.inspect(conn).get_table_names():
            metadata.create_all(conn)
            _version_meta.create_all(conn)
            conn.execute(sa.insert(alembic_version).values(version_num=HEAD))
            return f"created at {HEAD}"
        if revision is not None and revision not in _known_revisions():
            raise NewerDatabase(
                f"the database is at schema revision {revision}, which this version of the "
                "intake server does not know: run a newer version"
            )
        _upgrade(conn, stamp=BASELINE if revision is None else None)
        return f"upgraded from {revision or BASELINE + ' (before migrations)'} to {HEAD}"


def _config(conn: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = conn
    return config


def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _upgrade(conn: Connection, *, stamp: str | None) -> None:
    from alembic import command

    config = _config(conn)
    if stamp is not None:
        command.stamp(config, stamp)
    command.upgrade(config, "head")


def script_head() -> str:
    """The newest revision as Alembic reads the folder (for the test that keeps HEAD honest)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head
