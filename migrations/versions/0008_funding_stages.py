"""funding_lineage: the stages of a figure after enactment (authorized, proposed, notified,
committed, disbursed) get their place in the lineage order

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

kb draft reads these statuses from CRS's texts now ("the Administration proposed", "has
committed", "notified Congress", "disbursed"); without a stage order the lineage would sort
them nowhere.  The view's text is 0005's with the longer list (copied, not imported: a released
migration must not change).
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_STAGES = (
    "requested", "house_introduced", "senate_introduced", "committee_reported", "house_passed",
    "senate_passed", "appropriated", "allocated", "estimated", "reported", "obligated",
)  # fmt: skip
# The order a figure moves through: asked for, legislated, made available, then spent.
STAGES = (
    "requested", "proposed", "house_introduced", "senate_introduced", "committee_reported",
    "house_passed", "senate_passed", "authorized", "appropriated", "allocated", "notified",
    "committed", "estimated", "reported", "obligated", "disbursed",
)  # fmt: skip

IS_LATEST = (
    "CAST(CASE WHEN v.date = (SELECT max(v2.date) FROM versions v2 "
    "WHERE v2.report_id = v.report_id) THEN 1 ELSE 0 END AS INTEGER)"
)


def _sql(stages: tuple[str, ...], sqlite: bool) -> str:
    ref = "a.amount_usd"
    # SQLite stores cents (0004); the view shows dollars, as 0005's did
    shown = (f"CAST(CASE WHEN {ref} % 100 = 0 THEN {ref} / 100 ELSE {ref} * 1.0 / 100 END "
             "AS NUMERIC)") if sqlite else ref
    cents = ref if sqlite else f"CAST({ref} * 100 AS BIGINT)"
    order = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(stages, 1))
    return f"""
CREATE VIEW funding_lineage AS
SELECT a.recipient, a.account, a.fy_start, a.fy_end, a.purpose,
       CAST(CASE a.status {order} END AS INTEGER) AS stage_order,
       a.status, {shown} AS amount_usd, a.qualifier,
       r.number AS report, v.date AS version, {IS_LATEST} AS is_latest,
       f.slug AS id, m.citation AS measure, f.quote, {cents} AS amount_cents
FROM version_facts vf
JOIN versions v ON v.id = vf.version_id
JOIN reports r ON r.id = v.report_id
JOIN facts f ON f.id = vf.fact_id
JOIN appropriations a ON a.fact_id = f.id
LEFT JOIN version_facts mvf ON mvf.version_id = vf.version_id AND mvf.slug = a.measure
LEFT JOIN measures m ON m.fact_id = mvf.fact_id
"""


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def upgrade() -> None:
    op.execute("DROP VIEW funding_lineage")
    op.execute(_sql(STAGES, _sqlite()))


def downgrade() -> None:
    op.execute("DROP VIEW funding_lineage")
    op.execute(_sql(OLD_STAGES, _sqlite()))
