"""fiscal_years table and the funding_by_fy view

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The view's text is copied here, not imported: a released migration must not change
# when kb.store.sql_views does (fix forward with a new migration).
FUNDING_BY_FY_SQL = """
CREATE VIEW funding_by_fy AS
SELECT r.number AS report,
       v.date AS version,
       v.id AS version_id,
       CASE WHEN v.date = (SELECT max(v2.date) FROM versions v2 WHERE v2.report_id = v.report_id)
            THEN 1 ELSE 0 END AS is_latest,
       y.fy AS fy,
       f.slug AS id,
       a.fy_start, a.fy_end, a.amount_usd, a.qualifier, a.status, a.account, a.recipient,
       m.citation AS measure,
       a.measure AS measure_id,
       a.program, a.purpose,
       f.quote
FROM version_facts vf
JOIN versions v ON v.id = vf.version_id
JOIN reports r ON r.id = v.report_id
JOIN facts f ON f.id = vf.fact_id
JOIN appropriations a ON a.fact_id = f.id
JOIN fiscal_years y ON y.fy BETWEEN a.fy_start AND a.fy_end
LEFT JOIN version_facts mvf ON mvf.version_id = vf.version_id AND mvf.slug = a.measure
LEFT JOIN measures m ON m.fact_id = mvf.fact_id
"""


def upgrade() -> None:
    years = op.create_table(
        "fiscal_years",
        sa.Column("fy", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("fy", name=op.f("pk_fiscal_years")),
    )
    op.bulk_insert(years, [{"fy": fy} for fy in range(1900, 2101)])
    op.execute(FUNDING_BY_FY_SQL)


def downgrade() -> None:
    op.execute("DROP VIEW funding_by_fy")
    op.drop_table("fiscal_years")
