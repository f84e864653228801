"""Database views: the answers of kb's commands, for analysts who query SQL directly.

The views are created by migrations (their SQL lives there, e.g. 0002_funding_view.py);
these Core tables describe them to SQLAlchemy in a MetaData of their own, so autogenerate
leaves them be.  tests/test_migrations.py checks each description against the database.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, Numeric, String, Table, Text

from kb.store.models import ExactUnits

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
