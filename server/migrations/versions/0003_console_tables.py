"""The officials' console: cases, closures, sessions, and the tables the queue and the
statistics read (console_sheets, console_scores, console_rollup, console_targets, console_units),
which the console fills from the rating sheets when their version changes (server/console).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:38:18.197642
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_cases",
        sa.Column("receipt_id", sa.String(length=24), nullable=False),
        sa.Column("assigned_to", sa.String(length=64), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handling_note", sa.Text(), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopened_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("receipt_id"),
    )
    op.create_table(
        "console_closures",
        sa.Column("receipt_id", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("receipt_id"),
    )
    op.create_table(
        "console_rollup",
        sa.Column("kind", sa.String(length=16), autoincrement=False, nullable=False),
        sa.Column("grain", sa.String(length=1), autoincrement=False, nullable=False),
        sa.Column("period", sa.String(length=10), autoincrement=False, nullable=False),
        sa.Column("office_code", sa.String(length=4), autoincrement=False, nullable=False),
        sa.Column("code", sa.String(length=32), autoincrement=False, nullable=False),
        sa.Column("score", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("answered", sa.BigInteger(), nullable=False),
        sa.Column("on_time", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "grain", "period", "office_code", "code", "score"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "console_scores",
        sa.Column("sheet_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_code", sa.String(length=32), nullable=False),
        sa.Column("target_name", sa.String(length=255), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("sheet_id", "position"),
    )
    with op.batch_alter_table("console_scores", schema=None) as batch_op:
        batch_op.create_index(
            "ix_console_scores_target", ["target_kind", "target_code", "sheet_id"], unique=False
        )

    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("console_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_console_sessions_username", ["username"], unique=False)

    op.create_table(
        "console_sheets",
        sa.Column("sheet_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("receipt_id", sa.String(length=24), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("min_score", sa.SmallInteger(), nullable=False),
        sa.Column("is_low", sa.Boolean(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("sheet_id"),
    )
    with op.batch_alter_table("console_sheets", schema=None) as batch_op:
        batch_op.create_index("ix_console_sheets_receipt", ["receipt_id"], unique=False)

    op.create_table(
        "console_targets",
        sa.Column("kind", sa.String(length=16), autoincrement=False, nullable=False),
        sa.Column("code", sa.String(length=32), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("has_low", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "code"),
    )
    op.create_table(
        "console_units",
        sa.Column("office_code", sa.String(length=4), autoincrement=False, nullable=False),
        sa.Column("office_name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("office_code"),
    )


def downgrade() -> None:
    op.drop_table("console_units")
    op.drop_table("console_targets")
    with op.batch_alter_table("console_sheets", schema=None) as batch_op:
        batch_op.drop_index("ix_console_sheets_receipt")

    op.drop_table("console_sheets")
    with op.batch_alter_table("console_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_console_sessions_username")

    op.drop_table("console_sessions")
    with op.batch_alter_table("console_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_console_scores_target")

    op.drop_table("console_scores")
    op.drop_table("console_rollup")
    op.drop_table("console_closures")
    op.drop_table("console_cases")
