"""The console's own tables, on the intake server's MetaData (so ``create_schema`` makes them).

- ``console_sessions``: who is logged in. The cookie holds a random token (signed); the table
  holds only its SHA-256, so a copy of the database logs nobody in.
- ``console_cases``: the customs side's work on one low sheet that the intake tables do not hold:
  who took it, the handling notes, when it is due, whether an official reopened it.
- ``console_sheets`` / ``console_scores`` / ``console_reasons`` / ``console_units``: every accepted sheet (and each of its scores) in flat
  columns, filled from ``rating_sheets`` by ``server.console.index``. Statistics group and count
  these in plain SQL that SQLite and PostgreSQL run alike, instead of unpacking the JSON of a
  million sheets on every page with each dialect's own JSON functions.
"""

from __future__ import annotations

import sqlalchemy as sa

from server.schema import Timestamp, metadata

console_sessions = sa.Table(
    "console_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
    sa.Index("ix_console_sessions_username", "username"),
)

console_cases = sa.Table(
    "console_cases",
    metadata,
    sa.Column("receipt_id", sa.String(24), primary_key=True),
    sa.Column("assigned_to", sa.String(64), nullable=True),
    sa.Column("assigned_at", Timestamp, nullable=True),
    sa.Column("handling_note", sa.Text, nullable=False, default=""),
    sa.Column("reopened_at", Timestamp, nullable=True),
    sa.Column("reopened_by", sa.String(64), nullable=True),
    sa.Column("updated_at", Timestamp, nullable=False),
)

console_sheets = sa.Table(
    "console_sheets",
    metadata,
    # rating_sheets.id; no foreign key, so the intake side never waits on the console's rows.
    sa.Column("sheet_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("receipt_id", sa.String(24), nullable=False),
    sa.Column("received_at", Timestamp, nullable=False),
    # "2025-03": the trend's month, as text so both dialects group it the same way.
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("stage", sa.String(32), nullable=False),
    # The declaration's customs office (Chi cục): the "unit" statistics are chosen by.
    sa.Column("office_code", sa.String(4), nullable=False),
    sa.Column("min_score", sa.SmallInteger, nullable=False),
    sa.Column("is_low", sa.Boolean, nullable=False),
    # The answer's deadline for a low sheet (working days after arrival); NULL otherwise.
    sa.Column("due_at", Timestamp, nullable=True),
    # Covering indexes: a period's counts and its trend read the index alone, not the rows.
    sa.Index("ix_console_sheets_received", "received_at", "month", "is_low", "office_code"),
    sa.Index("ix_console_sheets_low", "is_low", "received_at", "receipt_id", "due_at"),
)

console_scores = sa.Table(
    "console_scores",
    metadata,
    sa.Column("sheet_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("position", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("received_at", Timestamp, nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("target_kind", sa.String(16), nullable=False),
    sa.Column("target_code", sa.String(32), nullable=False),
    sa.Column("target_name", sa.String(255), nullable=False),
    sa.Column("score", sa.SmallInteger, nullable=False),
    sa.Column("office_code", sa.String(4), nullable=False),
    sa.Index("ix_console_scores_time", "received_at", "month", "score", "office_code"),
    sa.Index(
        "ix_console_scores_kind",
        "target_kind",
        "received_at",
        "target_code",
        "score",
        "office_code",
    ),
    sa.Index("ix_console_scores_target", "target_kind", "target_code", "sheet_id"),
)

console_reasons = sa.Table(
    "console_reasons",
    metadata,
    sa.Column("sheet_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("position", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("reason", sa.String(32), primary_key=True, autoincrement=False),
    sa.Column("received_at", Timestamp, nullable=False),
    sa.Column("score", sa.SmallInteger, nullable=False),
    sa.Column("office_code", sa.String(4), nullable=False),
    sa.Index("ix_console_reasons_received", "received_at", "reason", "office_code"),
)

console_units = sa.Table(
    "console_units",
    metadata,
    # The customs offices (Chi cục) sheets came from: the statistics' choice of unit.
    sa.Column("office_code", sa.String(4), primary_key=True, autoincrement=False),
    sa.Column("office_name", sa.String(255), nullable=False),
)
