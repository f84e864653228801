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
    BigInteger,
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


def _read_back(dec: Decimal) -> Decimal:
    # PostgreSQL hands back NUMERIC(20, 4) as 12.5000: every figure reads back as it was
    # loaded, 12.5, and 48000000 (not 4.8E+7) for whole amounts.  -0 is 0.
    if dec == dec.to_integral():
        return dec.quantize(Decimal(1)) + 0
    return dec.normalize()


class ExactNumeric(TypeDecorator[Decimal]):
    """Exact decimals on every backend: the one place that knows how they are stored.

    PostgreSQL: NUMERIC(20, 4), exact, summed exactly by SUM().  SQLite has no decimal
    type, and its NUMERIC affinity turns '900719925474099.3' into a float (...099.2): there
    the column (still declared NUMERIC(20, 4); an integer in it stays an integer) holds an
    INTEGER count of 10**-scale units, so a value round-trips exactly, SUM() is exact integer
    arithmetic (an overflow is an error, never a rounding), and ORDER BY and comparisons
    with bound values work on the units.  ``scale`` is the decimal places a value may have:
    2 (cents) for amounts, 4 for percentages and indicator values.  The largest value is
    what 64 bits of units hold (``max_value``); the loader refuses larger ones on every
    backend, so both store the same data.
    """

    impl = Numeric(20, 4)
    cache_ok = True

    def __init__(self, scale: int = 2) -> None:
        super().__init__()
        self.scale = scale

    @property
    def max_value(self) -> Decimal:
        return Decimal(2**63 - 1).scaleb(-self.scale)

    def units(self, value: Decimal) -> int:
        """``value`` in 10**-scale units; ValueError if it has more decimal places."""
        scaled = value.scaleb(self.scale)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.scale} decimal places")
        return int(scaled)

    def process_bind_param(self, value: Decimal | None, dialect: object) -> object:
        if value is None:
            return None
        if getattr(dialect, "name", "") == "sqlite":
            return self.units(Decimal(value))
        return value

    def process_result_value(self, value: object, dialect: object) -> Decimal | None:
        if value is None:
            return None
        if getattr(dialect, "name", "") == "sqlite":
            return _read_back(Decimal(str(value)).scaleb(-self.scale))
        return _read_back(value if isinstance(value, Decimal) else Decimal(str(value)))

    def load_dialect_impl(self, dialect):  # type: ignore[no-untyped-def]
        if dialect.name == "sqlite":
            return _UnitsColumn(20, 4)
        return dialect.type_descriptor(Numeric(20, 4))


class _UnitsColumn(Numeric):
    """SQLite's NUMERIC(20, 4) column holding integer units: the driver's int passes as it
    is (Numeric's own processing would take it through a float: ...099.3 became ...099.36)."""

    def bind_processor(self, dialect):  # type: ignore[no-untyped-def]
        return None

    def result_processor(self, dialect, coltype):  # type: ignore[no-untyped-def]
        return None


class ExactUnits(TypeDecorator[Decimal]):
    """A BIGINT count of 10**-scale units read as an exact Decimal: the views' amount_cents,
    which sums exactly in SQL on both backends."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int = 2) -> None:
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value: Decimal | None, dialect: object) -> object:
        return None if value is None else ExactNumeric(self.scale).units(Decimal(value))

    def process_result_value(self, value: object, dialect: object) -> Decimal | None:
        return None if value is None else _read_back(Decimal(str(value)).scaleb(-self.scale))


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
    # the view's amount_cents (exact on both backends), read back as Decimal dollars
    Column("amount_cents", ExactUnits(2), nullable=False),
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
