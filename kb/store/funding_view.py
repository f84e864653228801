"""The funding_by_fy view's description, apart from the other views (kb.store.sql_views):
`kb funding` imports it without the ORM models the other descriptions are built from."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, Numeric, String, Table, Text

from kb.store.tables import ExactUnits

view_metadata = MetaData()


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
    # For SQL users: NUMERIC on PostgreSQL; on SQLite dollars from amount_cents (an integer
    # for whole dollars, a REAL with cents).  kb reads amount_cents, exact on both.
    Column("amount_usd", Numeric(20, 4)),
    Column("qualifier", String),
    Column("status", String),
    Column("account", String),
    Column("recipient", String),
    Column("measure", Text),
    Column("measure_id", String),
    Column("program", String),
    Column("purpose", Text),
    Column("quote", Text),
    Column("amount_cents", ExactUnits(2)),  # exact; SUM(amount_cents) is exact in SQL
)
