"""``keep_only`` and ``other_enterprises`` on the files a bundle may meet: today's schema, an
older one (answers without a tax code), and a file that cannot be read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import connect, migrate
from app.store.bundle_copy import Others, keep_only, mentions, other_enterprises

A, B = "0100109106", "0100109106-001"
NOW = "2026-11-20T08:30:00+00:00"


def _version_five(path: Path) -> sqlite3.Connection:
    conn = connect(path)
    migrate(conn, target=5)
    conn.executescript(
        f"""
        INSERT INTO declarations(id, number, type_code, office_code, registered_at, status,
            tax_code, updated_at) VALUES
            (1, '104512345670', 'A11', '03CC', '{NOW}', 'cleared', '{A}', '{NOW}'),
            (2, '305512345670', 'B11', '03CC', '{NOW}', 'cleared', '{B}', '{NOW}');
        INSERT INTO status_history VALUES (1, 'cleared', '{NOW}'), (2, 'cleared', '{NOW}');
        INSERT INTO rating_sheets(id, idempotency_key, declaration_id, stage, tax_code, created_at)
            VALUES (1, 'key-a', 1, 'after_completion', '{A}', '{NOW}'),
                   (2, 'key-b', 2, 'after_completion', '{B}', '{NOW}');
        INSERT INTO sheet_scores VALUES (1, 0, 'officer', 'CC1', 'An', 5, '[]'),
            (2, 0, 'officer', 'CC2', 'Bình', 2, '[]');
        INSERT INTO responses(response_id, sheet_key, declaration_number, result, content,
            responded_at) VALUES ('R-A', 'key-a', '104512345670', 'upheld', 'A', '{NOW}'),
            ('R-B', 'key-b', '305512345670', 'upheld', 'B', '{NOW}');
        INSERT INTO rating_prompts VALUES ('104512345670', '{NOW}'), ('305512345670', '{NOW}');
        INSERT INTO meta VALUES ('cursor:declarations:http://x:{A}', '1'),
            ('cursor:declarations:http://x:{B}', '2'), ('current_enterprise', '{B}');
        """
    )
    conn.commit()
    return conn


def test_an_older_schema_loses_every_row_of_the_others(tmp_path: Path) -> None:
    conn = _version_five(tmp_path / "old.sqlite3")
    try:
        keep_only(conn, [A])
        for table, expected in (
            ("declarations", [(1,)]),
            ("status_history", [(1,)]),
            ("rating_sheets", [(1,)]),
            ("sheet_scores", [(1,)]),
        ):
            column = (
                "sheet_id"
                if table == "sheet_scores"
                else ("declaration_id" if table == "status_history" else "id")
            )
            assert conn.execute(f"SELECT {column} FROM {table}").fetchall() == expected, table
        assert conn.execute("SELECT response_id FROM responses").fetchall() == [("R-A",)]
        assert conn.execute("SELECT number FROM rating_prompts").fetchall() == [("104512345670",)]
        keys = {k for (k,) in conn.execute("SELECT key FROM meta")}
        assert keys == {f"cursor:declarations:http://x:{A}", "current_enterprise"}
        current = conn.execute("SELECT value FROM meta WHERE key = 'current_enterprise'")
        assert current.fetchone()[0] == A
    finally:
        conn.close()


def test_the_others_are_named_for_the_logs_and_an_unreadable_file_names_none(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    _version_five(path).close()
    others = other_enterprises(path, [A])
    assert others.tax_codes == {B} and others.numbers == {"305512345670"}
    assert bool(others) and not Others()
    assert mentions("sheet x for declaration 305512345670 saved", others)
    assert mentions(f"logged in as {B}", others)
    assert not mentions(f"logged in as {A}, declaration 104512345670", others)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    assert other_enterprises(broken, [A]) == Others()
