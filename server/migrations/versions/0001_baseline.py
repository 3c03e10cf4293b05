"""The schema as it was when migrations began (version 1)

Revision ID: 0001
Revises:
Create Date: 2026-12-02 06:52:03.118945
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "enterprises",
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tax_code"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "officials",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "rating_sheets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("idempotency_key", sa.String(length=36), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("receipt_id", sa.String(length=24), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("errors", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("declaration_number", sa.String(length=12), nullable=True),
        sa.Column("stage", sa.String(length=32), nullable=True),
        sa.Column("scores", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("contact_name", sa.String(length=100), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("is_low", sa.Boolean(), nullable=False),
        sa.Column("review_state", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt_id"),
        sa.UniqueConstraint("tax_code", "idempotency_key", name="uq_rating_sheets_key"),
    )
    with op.batch_alter_table("rating_sheets", schema=None) as batch_op:
        batch_op.create_index("ix_rating_sheets_declaration", ["declaration_number"], unique=False)
        batch_op.create_index(
            "ix_rating_sheets_review", ["review_state", "received_at"], unique=False
        )
        batch_op.create_index(
            "uq_rating_sheets_after_completion",
            ["declaration_number"],
            unique=True,
            sqlite_where=sa.text("stage = 'after_completion' AND status = 'accepted'"),
            postgresql_where=sa.text("stage = 'after_completion' AND status = 'accepted'"),
        )

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("response_id", sa.String(length=24), nullable=False),
        sa.Column("receipt_id", sa.String(length=24), nullable=False),
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("sheet_key", sa.String(length=36), nullable=False),
        sa.Column("declaration_number", sa.String(length=12), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt_id"),
        sa.UniqueConstraint("response_id"),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index("ix_responses_feed", ["tax_code", "id"], unique=False)

    op.create_table(
        "support_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(length=24), nullable=False),
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("idempotency_key", sa.String(length=36), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("enterprise_name", sa.String(length=255), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("operation_code", sa.String(length=3), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("contact_name", sa.String(length=100), nullable=False),
        sa.Column("contact_phone", sa.String(length=20), nullable=False),
        sa.Column("screenshot", sa.LargeBinary(), nullable=True),
        sa.Column("screenshot_type", sa.String(length=16), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id"),
        sa.UniqueConstraint("tax_code", "idempotency_key", name="uq_support_requests_key"),
    )
    with op.batch_alter_table("support_requests", schema=None) as batch_op:
        batch_op.create_index("ix_support_requests_operation", ["operation_code"], unique=False)
        batch_op.create_index("ix_support_requests_tax_code", ["tax_code"], unique=False)

    op.create_table(
        "declarations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("type_code", sa.String(length=3), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("office_name", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.SmallInteger(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tax_code"],
            ["enterprises.tax_code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.create_index("ix_declarations_feed", ["tax_code", "change_seq"], unique=False)
        batch_op.create_index("ix_declarations_status", ["status"], unique=False)

    op.create_table(
        "response_feedback",
        sa.Column("response_id", sa.String(length=24), nullable=False),
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.response_id"],
        ),
        sa.PrimaryKeyConstraint("response_id"),
    )


def downgrade() -> None:

    op.drop_table("response_feedback")
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.drop_index("ix_declarations_status")
        batch_op.drop_index("ix_declarations_feed")

    op.drop_table("declarations")
    with op.batch_alter_table("support_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_support_requests_tax_code")
        batch_op.drop_index("ix_support_requests_operation")

    op.drop_table("support_requests")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index("ix_responses_feed")

    op.drop_table("responses")
    with op.batch_alter_table("rating_sheets", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_rating_sheets_after_completion",
            sqlite_where=sa.text("stage = 'after_completion' AND status = 'accepted'"),
            postgresql_where=sa.text("stage = 'after_completion' AND status = 'accepted'"),
        )
        batch_op.drop_index("ix_rating_sheets_review")
        batch_op.drop_index("ix_rating_sheets_declaration")

    op.drop_table("rating_sheets")
    op.drop_table("officials")
    op.drop_table("meta")
    op.drop_table("enterprises")
