"""funding_latest: the funding_by_fy rows of each report's latest version, as a table

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

An index over the facts, not a second source of truth: `kb load` rewrites a report's rows
inside its transaction (kb.store.funding_index), `kb verify` checks them against the view.
`kb funding` over every report's latest version reads one indexed table instead of joining
memberships, facts, appropriations and fiscal years at every call.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (
    "report, id, fy, version, version_id, fy_start, fy_end, amount_cents, qualifier, status, "
    "account, recipient, measure, measure_id, program, purpose, quote"
)
# Copied, not imported: a released migration must not change with kb.store.funding_index.
REBUILD_SQL = f"""
INSERT INTO funding_latest ({COLUMNS})
SELECT {COLUMNS} FROM funding_by_fy
WHERE version_id IN (
    SELECT v.id FROM versions v
    WHERE v.date = (SELECT max(v2.date) FROM versions v2 WHERE v2.report_id = v.report_id)
)
"""


def upgrade() -> None:
    op.create_table(
        "funding_latest",
        sa.Column("report", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("fy", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Date(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("fy_start", sa.Integer(), nullable=False),
        sa.Column("fy_end", sa.Integer(), nullable=False),
        # the view's amount_cents (0004): integer cents, exact on both backends
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("qualifier", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("account", sa.String(length=48), nullable=True),
        sa.Column("recipient", sa.String(length=120), nullable=False),
        sa.Column("measure", sa.Text(), nullable=True),
        sa.Column("measure_id", sa.String(length=120), nullable=True),
        sa.Column("program", sa.String(length=120), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("report", "id", "fy", name=op.f("pk_funding_latest")),
    )
    op.create_index("ix_funding_latest_fy", "funding_latest", ["fy"])
    op.execute(REBUILD_SQL)


def downgrade() -> None:
    op.drop_index("ix_funding_latest_fy", table_name="funding_latest")
    op.drop_table("funding_latest")
