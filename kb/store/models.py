"""SQLAlchemy models: reports, versions, and facts stored once per distinct content.

A version is a set of facts.  ``facts`` holds one row per distinct content of a fact
id within a report (its quote, note and kind); the kind's own table holds its typed
fields; ``version_facts`` says which of those rows each version states.  A fact that
did not change between two versions is one ``facts`` row and two membership rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints keep SQLite batch migrations and autogenerate comparisons stable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
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


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    type: Mapped[str] = mapped_column(String(64))
    authors: Mapped[list] = mapped_column(JSON)
    topics: Mapped[list] = mapped_column(JSON)
    meta_sha1: Mapped[str] = mapped_column(String(40))


class VersionRow(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("report_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    sequence: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    text_sha1: Mapped[str] = mapped_column(String(40))
    # SHA-1 of the version's whole content (metadata, text, facts): equal means a no-op load
    content_sha1: Mapped[str] = mapped_column(String(40))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class FactRow(Base):
    """One distinct content of one fact id within a report."""

    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("report_id", "slug", "content_sha1"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    content_sha1: Mapped[str] = mapped_column(String(40))
    quote: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class VersionFactRow(Base):
    """Membership: version V states fact content F under its id."""

    __tablename__ = "version_facts"
    __table_args__ = (
        # which versions state a content, read from the index alone
        Index("ix_version_facts_fact_id_version_id", "fact_id", "version_id"),
        # a version's facts with their contents, read from the index alone (kb diff)
        Index("ix_version_facts_version_id_slug_fact_id", "version_id", "slug", "fact_id"),
    )

    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"))


def _fact_fk() -> Mapped[int]:
    return mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("facts.id", ondelete="CASCADE"),
        primary_key=True,
    )


class ProgramRow(Base):
    __tablename__ = "programs"
    fact_id: Mapped[int] = _fact_fk()
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list] = mapped_column(JSON)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    successor_of: Mapped[str | None] = mapped_column(String(120))
    summary: Mapped[str | None] = mapped_column(Text)


class PhaseRow(Base):
    __tablename__ = "phases"
    fact_id: Mapped[int] = _fact_fk()
    program: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(Text)
    fy_start: Mapped[int | None] = mapped_column(Integer)
    fy_end: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[str | None] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    summary: Mapped[str | None] = mapped_column(Text)


class AppropriationRow(Base):
    __tablename__ = "appropriations"
    __table_args__ = (
        Index("ix_appropriations_fy", "fy_start", "fy_end"),
        # "fy_end >= Y" is the selective half of "covers fiscal year Y" for recent years
        Index("ix_appropriations_fy_end", "fy_end", "fy_start"),
    )
    fact_id: Mapped[int] = _fact_fk()
    amount_usd: Mapped[Decimal] = mapped_column(ExactNumeric())
    qualifier: Mapped[str] = mapped_column(String(24))
    fy_start: Mapped[int] = mapped_column(Integer)
    fy_end: Mapped[int] = mapped_column(Integer)
    account: Mapped[str | None] = mapped_column(String(48))
    recipient: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(24))
    measure: Mapped[str | None] = mapped_column(String(120))
    program: Mapped[str | None] = mapped_column(String(120))
    purpose: Mapped[str | None] = mapped_column(Text)


class DesignationRow(Base):
    __tablename__ = "designations"
    fact_id: Mapped[int] = _fact_fk()
    designee: Mapped[str | None] = mapped_column(Text)
    count: Mapped[int | None] = mapped_column(Integer)
    designation_type: Mapped[str] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))


class EventRow(Base):
    __tablename__ = "events"
    fact_id: Mapped[int] = _fact_fk()
    date: Mapped[str] = mapped_column(String(10))
    summary: Mapped[str] = mapped_column(Text)
    actors: Mapped[list] = mapped_column(JSON)
    category: Mapped[str | None] = mapped_column(String(48))


class MeasureRow(Base):
    __tablename__ = "measures"
    fact_id: Mapped[int] = _fact_fk()
    citation: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    measure_type: Mapped[str] = mapped_column(String(24))
    congress: Mapped[int | None] = mapped_column(Integer)
    fy: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(24))
    accompanies: Mapped[str | None] = mapped_column(String(120))
    date: Mapped[str | None] = mapped_column(String(10))


class ConditionRow(Base):
    __tablename__ = "conditions"
    fact_id: Mapped[int] = _fact_fk()
    measure: Mapped[str] = mapped_column(String(120))
    condition_type: Mapped[str] = mapped_column(String(24))
    percent: Mapped[Decimal | None] = mapped_column(ExactNumeric())
    account: Mapped[str | None] = mapped_column(String(48))
    recipient: Mapped[str | None] = mapped_column(String(120))
    conditioned: Mapped[str] = mapped_column(Text)
    deadline: Mapped[str | None] = mapped_column(Text)


class IndicatorRow(Base):
    __tablename__ = "indicators"
    fact_id: Mapped[int] = _fact_fk()
    name: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(ExactNumeric())
    unit: Mapped[str] = mapped_column(Text)
    qualifier: Mapped[str] = mapped_column(String(24))
    area: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[str | None] = mapped_column(String(10))
    period_end: Mapped[str | None] = mapped_column(String(10))


KIND_TABLES: dict[str, type[Base]] = {
    "program": ProgramRow,
    "phase": PhaseRow,
    "appropriation": AppropriationRow,
    "designation": DesignationRow,
    "event": EventRow,
    "measure": MeasureRow,
    "condition": ConditionRow,
    "indicator": IndicatorRow,
}


class FundingLatestRow(Base):
    """An index over the facts, not a second source of truth: the ``funding_by_fy`` rows of
    each report's latest version, rewritten for a report inside the transaction that loads
    it (kb.store.funding_index), rebuilt by migration 0007, checked by `kb verify`.

    `kb funding` over every report's latest version reads it instead of joining memberships,
    facts, appropriations and fiscal years at every call (FY2023 over 200 reports x 25
    versions x 400 facts: 10.9 ms through the view).
    """

    __tablename__ = "funding_latest"
    __table_args__ = (Index("ix_funding_latest_fy", "fy"),)

    report: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    fy: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[dt.date] = mapped_column(Date)
    version_id: Mapped[int] = mapped_column(Integer)
    fy_start: Mapped[int] = mapped_column(Integer)
    fy_end: Mapped[int] = mapped_column(Integer)
    amount_usd: Mapped[Decimal] = mapped_column(ExactNumeric())
    qualifier: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    account: Mapped[str | None] = mapped_column(String(48))
    recipient: Mapped[str] = mapped_column(String(120))
    measure: Mapped[str | None] = mapped_column(Text)
    measure_id: Mapped[str | None] = mapped_column(String(120))
    program: Mapped[str | None] = mapped_column(String(120))
    purpose: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)


class FiscalYearRow(Base):
    """The fiscal years 1900-2100: lets SQL spread a multi-year figure over its years."""

    __tablename__ = "fiscal_years"
    fy: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
