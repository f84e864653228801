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
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import true

from kb.store import tables
from kb.store.tables import NAMING, ExactNumeric, ExactUnits  # noqa: F401  (re-exported)


class Base(DeclarativeBase):
    metadata = tables.metadata


class ReportRow(Base):
    __table__ = tables.reports

    id: Mapped[int]
    number: Mapped[str]
    type: Mapped[str]
    authors: Mapped[list]
    topics: Mapped[list]
    meta_sha1: Mapped[str]


class VersionRow(Base):
    __table__ = tables.versions

    id: Mapped[int]
    report_id: Mapped[int]
    date: Mapped[dt.date]
    title: Mapped[str]
    sequence: Mapped[int | None]
    text: Mapped[str]
    text_sha1: Mapped[str]
    content_sha1: Mapped[str]
    loaded_at: Mapped[dt.datetime]


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
    # False for a drafted fact loaded with `kb load --accept-draft` before anyone reviewed it
    reviewed: Mapped[bool] = mapped_column(Boolean, server_default=true())


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
    date_bound: Mapped[str] = mapped_column(String(8), server_default="on")
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
    date_bound: Mapped[str] = mapped_column(String(8), server_default="on")
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
    date_bound: Mapped[str] = mapped_column(String(8), server_default="on")


class EventRow(Base):
    __tablename__ = "events"
    fact_id: Mapped[int] = _fact_fk()
    date: Mapped[str] = mapped_column(String(10))
    date_bound: Mapped[str] = mapped_column(String(8), server_default="on")
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
    date_bound: Mapped[str] = mapped_column(String(8), server_default="on")


class ConditionRow(Base):
    __tablename__ = "conditions"
    fact_id: Mapped[int] = _fact_fk()
    measure: Mapped[str] = mapped_column(String(120))
    condition_type: Mapped[str] = mapped_column(String(24))
    percent: Mapped[Decimal | None] = mapped_column(ExactNumeric(4))
    account: Mapped[str | None] = mapped_column(String(48))
    recipient: Mapped[str | None] = mapped_column(String(120))
    conditioned: Mapped[str] = mapped_column(Text)
    deadline: Mapped[str | None] = mapped_column(Text)


class IndicatorRow(Base):
    __tablename__ = "indicators"
    fact_id: Mapped[int] = _fact_fk()
    name: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(ExactNumeric(4))
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
    """funding_by_fy of each report's latest version (kb.store.tables.funding_latest)."""

    __table__ = tables.funding_latest

    report: Mapped[str]
    id: Mapped[str]
    fy: Mapped[int]
    version: Mapped[dt.date]
    version_id: Mapped[int]
    fy_start: Mapped[int]
    fy_end: Mapped[int]
    amount_usd: Mapped[Decimal]
    qualifier: Mapped[str]
    status: Mapped[str]
    account: Mapped[str | None]
    recipient: Mapped[str]
    measure: Mapped[str | None]
    measure_id: Mapped[str | None]
    program: Mapped[str | None]
    purpose: Mapped[str | None]
    quote: Mapped[str]


class FiscalYearRow(Base):
    """The fiscal years 1900-2100: lets SQL spread a multi-year figure over its years."""

    __tablename__ = "fiscal_years"
    fy: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
