"""The console's own tables, on the intake server's MetaData (so ``create_schema`` makes them).

- ``console_sessions``: who is logged in. The cookie holds a random token (signed); the table
  holds only its SHA-256, so a copy of the database logs nobody in.
- ``console_cases``: the customs side's work on one low sheet that the intake tables do not hold:
  who took it, the handling notes, whether an official reopened it; ``console_closures``: a
  reopened case handled again. (Not derived: keep them.)
- ``console_sheets``, ``console_scores``, ``console_rollup``, ``console_targets``,
  ``console_units``: what the console derives from ``rating_sheets`` and ``responses``
  (``server.console.index`` keeps them level). The rollup holds counts by day and by month, so a
  statistics page adds up a few thousand rows in plain SQL that SQLite and PostgreSQL run alike,
  instead of unpacking the JSON of a million sheets with each dialect's own functions.

All of them can be dropped and rebuilt from the intake tables: delete their rows and the
``console_index_mark`` / ``console_answers_mark`` meta keys, and the next page view refills them.
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

console_closures = sa.Table(
    "console_closures",
    metadata,
    # A reopened case handled again: what was done (internal), by whom, when. A "not resolved"
    # verdict or a reopening later than closed_at opens the case once more. (Not derived.)
    sa.Column("receipt_id", sa.String(24), primary_key=True),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("closed_at", Timestamp, nullable=False),
    sa.Column("closed_by", sa.String(64), nullable=False),
)

console_sheets = sa.Table(
    "console_sheets",
    metadata,
    # rating_sheets.id; no foreign key, so the intake side never waits on the console's rows.
    # Every accepted sheet has a row: it says the sheet is counted in console_rollup.
    sa.Column("sheet_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("receipt_id", sa.String(24), nullable=False),
    sa.Column("received_at", Timestamp, nullable=False),
    # The declaration's customs office (Chi cục): the "unit" statistics are chosen by.
    sa.Column("office_code", sa.String(4), nullable=False),
    sa.Column("min_score", sa.SmallInteger, nullable=False),
    sa.Column("is_low", sa.Boolean, nullable=False),
    # The answer's deadline for a low sheet (working days after arrival); NULL otherwise.
    sa.Column("due_at", Timestamp, nullable=True),
    sa.Index("ix_console_sheets_receipt", "receipt_id"),
)

console_scores = sa.Table(
    "console_scores",
    metadata,
    # The scores of low sheets only: what the queue's target filters look for.
    sa.Column("sheet_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("position", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("target_kind", sa.String(16), nullable=False),
    sa.Column("target_code", sa.String(32), nullable=False),
    sa.Column("target_name", sa.String(255), nullable=False),
    sa.Column("score", sa.SmallInteger, nullable=False),
    sa.Index("ix_console_scores_target", "target_kind", "target_code", "sheet_id"),
)

console_rollup = sa.Table(
    "console_rollup",
    metadata,
    # Counts kept up to date as sheets and answers arrive, by day ("d", period "2025-03-07")
    # and by month ("m", period "2025-03"), Vietnamese dates. A statistics page adds up whole
    # months and the days of the months it covers only in part: a few thousand rows, whatever
    # the number of sheets.
    #   kind "sheet": code "", score = the sheet's lowest score; n sheets, of the low ones how
    #                 many answered and how many by their due date;
    #   kind "sub_department" / "team" / "officer" / "stage": the target's code and one score
    #                 level; n scores, answered / on_time for its 1–2 star scores;
    #   kind "level": code "", one score level; n scores of every target together (the
    #                 totals' and the months' shares, without adding up every target's rows);
    #   kind "reason": the reason's code, the score it was given with; n times chosen.
    sa.Column("kind", sa.String(16), primary_key=True, autoincrement=False),
    sa.Column("grain", sa.String(1), primary_key=True, autoincrement=False),
    sa.Column("period", sa.String(10), primary_key=True, autoincrement=False),
    sa.Column("office_code", sa.String(4), primary_key=True, autoincrement=False),
    sa.Column("code", sa.String(32), primary_key=True, autoincrement=False),
    sa.Column("score", sa.SmallInteger, primary_key=True, autoincrement=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("n", sa.BigInteger, nullable=False),
    sa.Column("answered", sa.BigInteger, nullable=False),
    sa.Column("on_time", sa.BigInteger, nullable=False),
    # SQLite: the primary key is the table's order, so a period's rows are one range read.
    sqlite_with_rowid=False,
)

console_targets = sa.Table(
    "console_targets",
    metadata,
    # The first name seen for each rated target: the statistics' row labels.
    sa.Column("kind", sa.String(16), primary_key=True, autoincrement=False),
    sa.Column("code", sa.String(32), primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(255), nullable=False),
    # Some sheet gave it 1–2 stars: it is one of the queue's filter choices.
    sa.Column("has_low", sa.Boolean, nullable=False, default=False),
)

console_units = sa.Table(
    "console_units",
    metadata,
    # The customs offices (Chi cục) sheets came from: the statistics' choice of unit.
    sa.Column("office_code", sa.String(4), primary_key=True, autoincrement=False),
    sa.Column("office_name", sa.String(255), nullable=False),
)
