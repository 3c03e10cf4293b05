"""Alembic migrations: the shortcut for a new database equals running them, an old one upgrades.

On PostgreSQL too when INTAKE_TEST_DATABASE_URL is set (scripts/test-postgres).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from server import migrate
from server.database import Database, sqlite_url
from server.schema import metadata
from tests.conftest import INTAKE_TEST_DATABASE_URL, PostgresDatabases


@pytest.fixture
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if not INTAKE_TEST_DATABASE_URL:
        db = Database(sqlite_url(tmp_path))
        yield db
        db.dispose()
        return
    databases: PostgresDatabases = request.getfixturevalue("_intake_postgres")
    url = databases.create()
    db = Database(url)
    try:
        yield db
    finally:
        db.dispose()
        databases.drop(url)


def differences(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))


def run_revisions(db: Database, target: str) -> None:
    with db.write() as conn:
        command.upgrade(migrate._config(conn), target)


def test_head_is_the_newest_revision_in_the_folder() -> None:
    assert migrate.script_head() == migrate.HEAD


def test_a_new_database_is_created_at_head_like_running_every_revision(
    empty_db: Database, tmp_path: Path
) -> None:
    assert migrate.ensure_schema(empty_db) == f"created at {migrate.HEAD}"
    assert differences(empty_db) == []
    assert migrate.ensure_schema(empty_db) == "up to date"


def test_running_every_revision_gives_the_schema_the_code_describes(empty_db: Database) -> None:
    run_revisions(empty_db, "head")
    assert differences(empty_db) == []
    with empty_db.read() as conn:
        assert migrate.current_revision(conn) == migrate.HEAD


def test_a_database_from_before_migrations_is_upgraded_with_its_rows(empty_db: Database) -> None:
    run_revisions(empty_db, migrate.BASELINE)
    with empty_db.write() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")  # as the server made it then
        for tax_code, password_hash in (("0299987654", "x"), ("0100109106", None), ("0101", "y")):
            conn.execute(
                sa.text(
                    "INSERT INTO enterprises (tax_code, name, password_hash, created_at) "
                    "VALUES (:t, 'Công ty', :p, CURRENT_TIMESTAMP)"
                ),
                {"t": tax_code, "p": password_hash},
            )
        conn.exec_driver_sql(
            "INSERT INTO officials (username, full_name, office_code, password_hash, created_at)"
            " VALUES ('official01', 'Phạm Minh Tuấn', '03CC', 'x', CURRENT_TIMESTAMP)"
        )
    outcome = migrate.ensure_schema(empty_db)
    assert outcome.startswith("upgraded from 0001")
    assert differences(empty_db) == []
    with empty_db.read() as conn:
        demo = dict(conn.execute(sa.text("SELECT tax_code, demo FROM enterprises")).all())
        official = conn.execute(sa.text("SELECT role, demo FROM officials")).one()
    assert {k: bool(v) for k, v in demo.items()} == {
        "0299987654": True,  # the demo enterprise
        "0100109106": True,  # a simulated one (no password)
        "0101": False,  # somebody's real account
    }
    assert (official.role, bool(official.demo)) == ("official", True)


def test_a_database_from_a_newer_program_is_refused(empty_db: Database) -> None:
    migrate.ensure_schema(empty_db)
    with empty_db.write() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(migrate.NewerDatabase, match="9999"):
        migrate.ensure_schema(empty_db)


def test_every_revision_can_be_undone_and_done_again(empty_db: Database) -> None:
    """A department that must go back a version runs ``downgrade``: every revision's way back
    works, and the way forward after it gives the same schema again."""
    run_revisions(empty_db, "head")
    with empty_db.write() as conn:
        command.downgrade(migrate._config(conn), "base")
    with empty_db.engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
    run_revisions(empty_db, "head")
    assert differences(empty_db) == []
