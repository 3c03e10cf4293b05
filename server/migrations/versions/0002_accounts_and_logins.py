"""Accounts: roles, disabling, demo marks; login failures

Accounts that existed before are marked as demo data where they are: the simulated enterprises
(no password), the demo enterprise and the demo official (server/demo.py, values as of this
revision).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 06:52:14.478824
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.Float(), nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key"),
    )
    # Plain ADD COLUMN (no batch copy of the table: SQLite adds a column with a constant
    # default in place, and a copy would drop the enterprises table under its foreign keys).
    for table in ("enterprises", "officials"):
        if table == "officials":
            op.add_column(
                table,
                sa.Column("role", sa.String(length=16), server_default="official", nullable=False),
            )
        op.add_column(table, sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
        op.add_column(
            table, sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        op.add_column(
            table, sa.Column("tokens_after", sa.BigInteger(), server_default="0", nullable=False)
        )

    enterprises = sa.table(
        "enterprises",
        sa.column("tax_code", sa.String),
        sa.column("password_hash", sa.String),
        sa.column("demo", sa.Boolean),
    )
    op.execute(
        enterprises.update()
        .where(
            sa.or_(enterprises.c.password_hash.is_(None), enterprises.c.tax_code == "0299987654")
        )
        .values(demo=True)
    )
    officials = sa.table(
        "officials", sa.column("username", sa.String), sa.column("demo", sa.Boolean)
    )
    op.execute(officials.update().where(officials.c.username == "official01").values(demo=True))


def downgrade() -> None:
    for table in ("officials", "enterprises"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("tokens_after")
            batch_op.drop_column("demo")
            batch_op.drop_column("disabled_at")
            if table == "officials":
                batch_op.drop_column("role")
    op.drop_table("login_failures")
