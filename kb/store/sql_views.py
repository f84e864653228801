"""Database views: the answers of kb's commands, for analysts who query SQL directly.

The views are created by migrations (their SQL lives there, e.g. 0002_funding_view.py);
these Core tables describe them to SQLAlchemy in a MetaData of their own, so autogenerate
leaves them be.  tests/test_migrations.py checks each description against the database.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, Text

from kb.store.tables import ExactNumeric

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
