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
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("tokens_after", sa.BigInteger(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("officials", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=16), server_default="official", nullable=False)
        )
        batch_op.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("tokens_after", sa.BigInteger(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("officials", schema=None) as batch_op:
        batch_op.drop_column("tokens_after")
        batch_op.drop_column("demo")
        batch_op.drop_column("disabled_at")
        batch_op.drop_column("role")

    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_column("tokens_after")
        batch_op.drop_column("demo")
        batch_op.drop_column("disabled_at")

    op.drop_table("login_failures")
