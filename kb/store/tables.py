"""Core tables for the paths that must start fast, and the types every table uses.

`kb funding` (and any read of reports, versions and the funding index) imports these and
not kb.store.models, whose ORM classes cost SQLAlchemy's ORM import and their mapping:
110 ms of CPU of a 400 ms `kb funding --fy 2023` cold start (measured with getrusage, the
machine being busy).  The ORM classes of kb.store.models map these same Table objects
(declarative with an imperative table), so there is one definition of each table.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

# Named constraints keep SQLite batch migrations and autogenerate comparisons stable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


metadata = MetaData(naming_convention=NAMING)


class ExactNumeric(TypeDecorator[Decimal]):
    """NUMERIC that round-trips exact decimals on SQLite too.

    SQLite has no decimal type; binding the value as text lets its NUMERIC affinity
    store integers exactly (every amount in the data is whole dollars), and reading
    it back through ``str`` avoids a float detour on our side.
    """

    impl = Numeric(20, 4)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: object) -> object:
        if value is None:
            return None
        return str(value) if getattr(dialect, "name", "") == "sqlite" else value

    def process_result_value(self, value: object, dialect: object) -> Decimal | None:
        if value is None:
            return None
        if type(value) is int:  # SQLite's whole amounts: exact as they are (and 5x faster)
            return Decimal(value)
        dec = value if isinstance(value, Decimal) else Decimal(str(value))
        # PostgreSQL hands back NUMERIC(20, 4) as 12.5000, SQLite as 12.5; both must read back
        # as the figure that was loaded: 12.5, and 48000000 (not 4.8E+7) for whole amounts.
        return dec.quantize(Decimal(1)) if dec == dec.to_integral() else dec.normalize()

    def load_dialect_impl(self, dialect):  # type: ignore[no-untyped-def]
        if dialect.name == "sqlite":
            # asdecimal=False: SQLite hands back int/float; we convert via str above.
            return dialect.type_descriptor(Numeric(20, 4, asdecimal=False))
        return dialect.type_descriptor(Numeric(20, 4))


reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(16), unique=True, nullable=False),
    Column("type", String(64), nullable=False),
    Column("authors", JSON, nullable=False),
    Column("topics", JSON, nullable=False),
    Column("meta_sha1", String(40), nullable=False),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("date", Date, nullable=False),
    Column("title", Text, nullable=False),
    Column("sequence", Integer, nullable=True),
    Column("text", Text, nullable=False),
    Column("text_sha1", String(40), nullable=False),
    # SHA-1 of the version's whole content (metadata, text, facts): equal means a no-op load
    Column("content_sha1", String(40), nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("report_id", "date"),
)

# An index over the facts, not a second source of truth: the ``funding_by_fy`` rows of each
# report's latest version, rewritten for a report inside the transaction that loads it
# (kb.store.funding_index), rebuilt by migration 0007, checked by `kb verify`.  `kb funding`
# over every report's latest version reads it instead of joining memberships, facts,
# appropriations and fiscal years at every call (FY2023 over 200 reports x 25 versions x
# 400 facts: 10.9 ms through the view).
funding_latest = Table(
    "funding_latest",
    metadata,
    Column("report", String(16), primary_key=True),
    Column("id", String(120), primary_key=True),
    Column("fy", Integer, primary_key=True, autoincrement=False),
    Column("version", Date, nullable=False),
    Column("version_id", Integer, nullable=False),
    Column("fy_start", Integer, nullable=False),
    Column("fy_end", Integer, nullable=False),
    Column("amount_usd", ExactNumeric(), nullable=False),
    Column("qualifier", String(24), nullable=False),
    Column("status", String(24), nullable=False),
    Column("account", String(48), nullable=True),
    Column("recipient", String(120), nullable=False),
    Column("measure", Text, nullable=True),
    Column("measure_id", String(120), nullable=True),
    Column("program", String(120), nullable=True),
    Column("purpose", Text, nullable=True),
    Column("quote", Text, nullable=False),
    Index("ix_funding_latest_fy", "fy"),
)
