"""Database views: the answers of kb's commands, for analysts who query SQL directly.

The views are created by migrations (see migrations/versions/0002_*); these Core tables
describe them to SQLAlchemy in a MetaData of their own, so autogenerate leaves them be.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, Text

from kb.models import ExactNumeric

view_metadata = MetaData()

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

# One row per appropriation fact, per version, per fiscal year its range covers.
funding_by_fy = Table(
    "funding_by_fy",
    view_metadata,
    Column("report", String),
    Column("version", Date),
    Column("version_id", Integer),
    Column("is_latest", Integer),
    Column("fy", Integer),
    Column("id", String),
    Column("fy_start", Integer),
    Column("fy_end", Integer),
    Column("amount_usd", ExactNumeric()),
    Column("qualifier", String),
    Column("status", String),
    Column("account", String),
    Column("recipient", String),
    Column("measure", Text),
    Column("measure_id", String),
    Column("program", String),
    Column("purpose", Text),
    Column("quote", Text),
)
