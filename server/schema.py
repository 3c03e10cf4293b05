"""The intake server's tables, in SQLAlchemy Core so one definition serves SQLite and PostgreSQL.

Idempotency lives in ``rating_sheets`` itself: every sheet that arrived with a usable key is a
row, accepted or rejected, under a UNIQUE (tax code, key). The database, not Python, decides
which of two simultaneous requests with the same key wins, and a partial UNIQUE index makes
"one after-completion sheet per declaration" hold even between concurrent batches.
"""

from __future__ import annotations

import sqlalchemy as sa

#: The schema's history is Alembic's (server/migrations); meta's schema_version is what it was
#: before, kept for old tools that read it.
SCHEMA_VERSION = 1

metadata = sa.MetaData()

Timestamp = sa.DateTime(timezone=True)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

enterprises = sa.Table(
    "enterprises",
    metadata,
    sa.Column("tax_code", sa.String(14), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    # NULL: a simulated enterprise nobody can log in as.
    sa.Column("password_hash", sa.String(255), nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
    # Set: nobody can log in as it, and its tokens stop working.
    sa.Column("disabled_at", Timestamp, nullable=True),
    # The demo data's (server/demo.py, the simulator's world): listed as such, never a real one.
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
    # Tokens issued before this moment are refused (a password reset, a disabled account).
    sa.Column("tokens_after", sa.BigInteger, nullable=False, server_default="0"),
)

officials = sa.Table(
    "officials",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("full_name", sa.String(100), nullable=False),
    sa.Column("office_code", sa.String(4), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    # official | admin: an admin also manages accounts (server/admin_api.py).
    sa.Column("role", sa.String(16), nullable=False, server_default="official"),
    sa.Column("disabled_at", Timestamp, nullable=True),
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("tokens_after", sa.BigInteger, nullable=False, server_default="0"),
)

#: Failed logins, per account and per client address (server/login.py): in the database, so a
#: lockout survives a restart and holds for every worker. Times are seconds since the epoch.
login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("scope", sa.String(16), primary_key=True),  # account | address
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", sa.Float, nullable=False),
    sa.Column("locked_until", sa.Float, nullable=False),
)

declarations = sa.Table(
    "declarations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("number", sa.String(12), nullable=False, unique=True),
    sa.Column("tax_code", sa.String(14), sa.ForeignKey("enterprises.tax_code"), nullable=False),
    sa.Column("type_code", sa.String(3), nullable=False),
    sa.Column("office_code", sa.String(4), nullable=False),
    sa.Column("office_name", sa.String(255), nullable=False),
    sa.Column("channel", sa.SmallInteger, nullable=True),
    sa.Column("registered_at", Timestamp, nullable=False),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("targets", sa.JSON, nullable=False),
    sa.Column("history", sa.JSON, nullable=False),
    # Bumped on every change; the declarations feed's cursor.
    sa.Column("change_seq", sa.BigInteger, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Index("ix_declarations_feed", "tax_code", "change_seq"),
    sa.Index("ix_declarations_status", "status"),
)

rating_sheets = sa.Table(
    "rating_sheets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tax_code", sa.String(14), nullable=False),
    sa.Column("idempotency_key", sa.String(36), nullable=False),
    sa.Column("body_hash", sa.String(64), nullable=False),
    # Which request wrote the row: tells a request whether its own insert won a race.
    sa.Column("batch_id", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # accepted | rejected
    sa.Column("receipt_id", sa.String(24), nullable=True, unique=True),
    sa.Column("received_at", Timestamp, nullable=False),
    sa.Column("errors", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("declaration_number", sa.String(12), nullable=True),
    sa.Column("stage", sa.String(32), nullable=True),
    sa.Column("scores", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("content", sa.Text, nullable=True),
    sa.Column("contact_name", sa.String(100), nullable=True),
    sa.Column("contact_phone", sa.String(20), nullable=True),
    sa.Column("is_low", sa.Boolean, nullable=False, default=False),
    sa.Column("review_state", sa.String(16), nullable=True),  # awaiting | answered
    sa.UniqueConstraint("tax_code", "idempotency_key", name="uq_rating_sheets_key"),
    sa.Index(
        "uq_rating_sheets_after_completion",
        "declaration_number",
        unique=True,
        sqlite_where=sa.text("stage = 'after_completion' AND status = 'accepted'"),
        postgresql_where=sa.text("stage = 'after_completion' AND status = 'accepted'"),
    ),
    sa.Index("ix_rating_sheets_review", "review_state", "received_at"),
    sa.Index("ix_rating_sheets_declaration", "declaration_number"),
)

responses = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("response_id", sa.String(24), nullable=False, unique=True),
    # One handling result per low sheet.
    sa.Column("receipt_id", sa.String(24), nullable=False, unique=True),
    sa.Column("tax_code", sa.String(14), nullable=False),
    sa.Column("sheet_key", sa.String(36), nullable=False),
    sa.Column("declaration_number", sa.String(12), nullable=False),
    sa.Column("result", sa.String(16), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("responded_at", Timestamp, nullable=False),
    sa.Column("responded_by", sa.String(64), nullable=False),
    sa.Index("ix_responses_feed", "tax_code", "id"),
)

response_feedback = sa.Table(
    "response_feedback",
    metadata,
    sa.Column(
        "response_id", sa.String(24), sa.ForeignKey("responses.response_id"), primary_key=True
    ),
    sa.Column("tax_code", sa.String(14), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("recorded_at", Timestamp, nullable=False),
)

support_requests = sa.Table(
    "support_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("request_id", sa.String(24), nullable=False, unique=True),
    sa.Column("tax_code", sa.String(14), nullable=False),
    sa.Column("idempotency_key", sa.String(36), nullable=False),
    sa.Column("body_hash", sa.String(64), nullable=False),
    sa.Column("enterprise_name", sa.String(255), nullable=False),
    sa.Column("office_code", sa.String(4), nullable=False),
    sa.Column("operation_code", sa.String(3), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("contact_name", sa.String(100), nullable=False),
    sa.Column("contact_phone", sa.String(20), nullable=False),
    sa.Column("screenshot", sa.LargeBinary, nullable=True),
    sa.Column("screenshot_type", sa.String(16), nullable=True),
    sa.Column("received_at", Timestamp, nullable=False),
    sa.Column("answer", sa.Text, nullable=True),
    sa.Column("answered_at", Timestamp, nullable=True),
    sa.Column("answered_by", sa.String(64), nullable=True),
    # Content and answer without diacritics, lower case: "thong quan" finds "Thông quan".
    sa.Column("search_text", sa.Text, nullable=False),
    sa.UniqueConstraint("tax_code", "idempotency_key", name="uq_support_requests_key"),
    sa.Index("ix_support_requests_operation", "operation_code"),
    sa.Index("ix_support_requests_tax_code", "tax_code"),
)
