"""Database views: the answers of kb's commands, for analysts who query SQL directly.

The views are created by migrations (their SQL lives there: 0002_funding_view.py,
0005_sql_views.py);
these Core tables describe them to SQLAlchemy in a MetaData of their own, so autogenerate
leaves them be.  tests/test_migrations.py checks each description against the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, Numeric, String, Table, Text

# funding_by_fy is described beside, for the fast path of `kb funding`; every view shares
# its MetaData.
from kb.store.funding_view import funding_by_fy, view_metadata  # noqa: F401
from kb.store.models import KIND_TABLES
from kb.store.tables import ExactNumeric, ExactUnits


def _columns_of(kind: str) -> list[Column[Any]]:
    """A kind table's own columns, typed as in the table (fact_id left out)."""
    table = KIND_TABLES[kind].__table__
    # An exact column shows the figure itself to SQL users (integer units on SQLite are
    # turned back by the view, 0005): plain NUMERIC here, not ExactNumeric.
    return [
        Column(c.name, Numeric(20, 4) if isinstance(c.type, ExactNumeric) else c.type)
        for c in table.columns
        if c.name != "fact_id"
    ]


# The facts of each report's latest version, one view per kind, named after the kind's
# table: latest_appropriations, latest_events, ... (report, version, id, fields, quote, note).
latest_views: dict[str, Table] = {
    kind: Table(
        f"latest_{KIND_TABLES[kind].__tablename__}",
        view_metadata,
        Column("report", String),
        Column("version", Date),
        Column("id", String),
        *_columns_of(kind),
        Column("quote", Text),
        Column("note", Text),
    )
    for kind in KIND_TABLES
}

# Dated facts (events, designations, measures, program and phase starts) in every version,
# with the precision their date has: year, month or day.
timeline = Table(
    "timeline",
    view_metadata,
    Column("report", String),
    Column("version", Date),
    Column("is_latest", Integer),
    Column("kind", String),
    Column("id", String),
    Column("date", String),
    Column("date_precision", String),
    Column("date_bound", String),  # on, by, since, after (0009)
    Column("label", Text),
    Column("category", String),
    Column("quote", Text),
)

# Fact-level changes between each version and the one before it: added, removed (superseded
# or no longer stated, in ``removal``), revised (a value field changed) or reworded (only
# wording), as `kb diff` classifies them.
fact_changes = Table(
    "fact_changes",
    view_metadata,
    Column("report", String),
    Column("from_version", Date),
    Column("to_version", Date),
    Column("is_latest", Integer),
    Column("kind", String),
    Column("id", String),
    Column("change", String),
    Column("removal", String),
    Column("quote_before", Text),
    Column("quote_after", Text),
)

# Every appropriation figure of every version, with the rank of its stage (requested 1 ...
# obligated 11): `kb funding --lineage` orders it per recipient, account, fiscal years and
# purpose (an earmarked part of an account is not the account's figure).  A multi-year
# figure keeps its range; nothing is divided.
funding_lineage = Table(
    "funding_lineage",
    view_metadata,
    Column("recipient", String),
    Column("account", String),
    Column("fy_start", Integer),
    Column("fy_end", Integer),
    Column("purpose", Text),
    Column("stage_order", Integer),
    Column("status", String),
    Column("amount_usd", Numeric(20, 4)),  # the figure, for SQL users (as funding_by_fy)
    Column("qualifier", String),
    Column("report", String),
    Column("version", Date),
    Column("is_latest", Integer),
    Column("id", String),
    Column("measure", Text),
    Column("quote", Text),
    Column("amount_cents", ExactUnits(2)),  # exact on both backends: what kb reads
    Column("reviewed", Boolean),  # false: drafted (kb load --accept-draft), not reviewed (0009)
)
