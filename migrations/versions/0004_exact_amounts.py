"""exact amounts on SQLite: integer units in the NUMERIC columns; funding_by_fy.amount_cents

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

SQLite's NUMERIC affinity stored amounts as floats: '900719925474099.3' read back as
...099.2 and '999999999999999.99' as 1e15.  kb.store.models.ExactNumeric now stores an
INTEGER count of units there (cents for amounts, 1/10000 for percentages and indicator
values); this converts the existing rows.  Figures already rounded by the float cannot be
recovered here: the facts and versions that hold a float too large to be exact (2**53 units or
more) get a content hash that no seed has, so `kb verify` says seed-differs and
`kb load FOLDER --replace` writes them again, exactly (before, it said "nothing to do").
PostgreSQL's NUMERIC was exact all along: its data is unchanged.

funding_by_fy gains amount_cents (BIGINT, exact: SUM(amount_cents) is exact on both
backends), which kb reads; on SQLite its amount_usd is the units divided back into dollars
for reading: an integer for whole dollars (exact, sums exactly), a REAL with cents.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, column, units per 1): ExactNumeric's scales, copied (a released migration must
# not change when the models do).
SCALED = (
    ("appropriations", "amount_usd", 100),
    ("conditions", "percent", 10000),
    ("indicators", "value", 10000),
)

# The view's text is copied here, not imported (see 0002); {amount_usd} and {amount_cents}
# are the backend's expressions.
FUNDING_BY_FY_SQL = """
CREATE VIEW funding_by_fy AS
SELECT r.number AS report,
       v.date AS version,
       v.id AS version_id,
       CASE WHEN v.date = (SELECT max(v2.date) FROM versions v2 WHERE v2.report_id = v.report_id)
            THEN 1 ELSE 0 END AS is_latest,
       y.fy AS fy,
       f.slug AS id,
       a.fy_start, a.fy_end, {amount_usd} AS amount_usd, a.qualifier, a.status, a.account,
       a.recipient,
       m.citation AS measure,
       a.measure AS measure_id,
       a.program, a.purpose,
       f.quote,
       {amount_cents} AS amount_cents
FROM version_facts vf
JOIN versions v ON v.id = vf.version_id
JOIN reports r ON r.id = v.report_id
JOIN facts f ON f.id = vf.fact_id
JOIN appropriations a ON a.fact_id = f.id
JOIN fiscal_years y ON y.fy BETWEEN a.fy_start AND a.fy_end
LEFT JOIN version_facts mvf ON mvf.version_id = vf.version_id AND mvf.slug = a.measure
LEFT JOIN measures m ON m.fact_id = mvf.fact_id
"""

OLD_FUNDING_BY_FY_SQL = (
    FUNDING_BY_FY_SQL.replace("{amount_usd} AS amount_usd", "a.amount_usd")
    .replace(",\n       {amount_cents} AS amount_cents", "")
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.execute("DROP VIEW funding_by_fy")
    if _sqlite():
        _mark_rounded_figures()
        for table, column, units in SCALED:
            # integers scale exactly in integer arithmetic; floats (and any text) round once
            op.execute(
                f"UPDATE {table} SET {column} = CASE WHEN typeof({column}) = 'integer' "
                f"THEN {column} * {units} ELSE CAST(round({column} * {units}) AS INTEGER) END "
                f"WHERE {column} IS NOT NULL"
            )
        amount_usd = (
            "CASE WHEN a.amount_usd % 100 = 0 THEN a.amount_usd / 100 "
            "ELSE a.amount_usd / 100.0 END"
        )
        op.execute(FUNDING_BY_FY_SQL.format(amount_usd=amount_usd, amount_cents="a.amount_usd"))
    else:
        op.execute(
            FUNDING_BY_FY_SQL.format(
                amount_usd="a.amount_usd", amount_cents="CAST(a.amount_usd * 100 AS BIGINT)"
            )
        )


def _mark_rounded_figures() -> None:
    rounded = " UNION ".join(
        f"SELECT fact_id FROM {table} WHERE typeof({column}) = 'real' "
        f"AND abs({column}) * {units} >= 9007199254740992"
        for table, column, units in SCALED
    )
    # '~' is not a hex digit: no seed hashes to it, so a --replace load rewrites these.
    op.execute(
        "UPDATE versions SET content_sha1 = '~' || substr(content_sha1, 2) WHERE id IN "
        f"(SELECT version_id FROM version_facts WHERE fact_id IN ({rounded}))"
    )
    op.execute(
        f"UPDATE facts SET content_sha1 = '~' || substr(content_sha1, 2) WHERE id IN ({rounded})"
    )


def downgrade() -> None:
    op.execute("DROP VIEW funding_by_fy")
    if _sqlite():
        for table, column, units in SCALED:
            op.execute(
                f"UPDATE {table} SET {column} = CASE WHEN {column} % {units} = 0 "
                f"THEN {column} / {units} ELSE {column} * 1.0 / {units} END "
                f"WHERE {column} IS NOT NULL"
            )
    op.execute(OLD_FUNDING_BY_FY_SQL)
