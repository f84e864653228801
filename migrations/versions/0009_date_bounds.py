"""date_bound: a date that bounds the moment ("by", "since", "after") says so

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10

A text often dates a step only by another ("In response" to the October 2020 arrest, "Since
then", "later" than a July threat) or states a condition holding from a date ("Since 2019").
``date_bound`` on programs and phases (of ``start``), designations, events and measures (of
``date``): ``on`` (the moment itself; every existing row), ``by``, ``since`` or ``after``.
It is a value field: a bound replaced by a stated date is a revision.  An event's summary
becomes one too (kb.domain.kinds: it is the event's claim, so a changed summary is a revised
event, not a reworded one).

The views over these tables are rebuilt with the column: latest_<table> (columns in table
order), timeline (``date_bound`` after ``date_precision``) and fact_changes (a changed bound
or event summary is a revised fact).  Their SQL is 0005's generator run over a copy of its
column lists with ``date_bound`` added (0005 is loaded as a private module and never
changed; its lists are copied here, not read from kb's models, so this migration does not
change when they do).

funding_lineage gains ``reviewed`` (last, after amount_cents): false for a figure a version
states from a draft loaded with `kb load --accept-draft`, so a drafted figure's lineage step
never reads as a reviewed one.  Its SQL is 0008's with the column added.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BOUNDED = ("programs", "phases", "designations", "events", "measures")

# kind -> (table, columns in table order, value fields, key fields, extends): 0005's lists
# with date_bound after the date it bounds.
KINDS = {
    "program": (
        "programs",
        ("name", "aliases", "start", "date_bound", "end", "successor_of", "summary"),
        ("name", "aliases", "start", "date_bound", "end", "successor_of"),
        ("name",),
        None,
    ),
    "phase": (
        "phases",
        ("program", "name", "fy_start", "fy_end", "start", "date_bound", "end", "summary"),
        ("program", "name", "fy_start", "fy_end", "start", "date_bound", "end"),
        ("program", "name"),
        None,
    ),
    "designation": (
        "designations",
        ("designee", "count", "designation_type", "agency", "date", "date_bound"),
        ("designee", "count", "designation_type", "agency", "date", "date_bound"),
        ("designation_type", "designee"),
        None,
    ),
    "event": (
        "events",
        ("date", "date_bound", "summary", "actors", "category"),
        ("date", "date_bound", "summary", "actors", "category"),
        ("date", "category"),
        None,
    ),
    "measure": (
        "measures",
        (
            "citation", "title", "measure_type", "congress", "fy", "stage", "accompanies",
            "date", "date_bound",
        ),
        (
            "citation", "measure_type", "congress", "fy", "stage", "accompanies", "date",
            "date_bound",
        ),
        ("citation",),
        None,
    ),
}  # fmt: skip


def _migration(filename: str) -> ModuleType:
    """A private copy of a released migration's module (its SQL generators)."""
    path = Path(__file__).with_name(filename)
    spec = importlib.util.spec_from_file_location(f"_kb_migration_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _v0005() -> ModuleType:
    return _migration("0005_sql_views.py")


def _v0008() -> ModuleType:
    return _migration("0008_funding_stages.py")


def _with_bounds(m: ModuleType) -> ModuleType:
    m.KINDS = {**m.KINDS, **KINDS}
    return m


def _timeline_sql(m: ModuleType) -> str:
    # 0005's timeline with the bound beside the precision
    sql: str = m.timeline_sql()
    marker = "AS date_precision,"
    return sql.replace(marker, marker + ' k."date_bound" AS date_bound,')


def _lineage_sql(sqlite: bool) -> str:
    m = _v0008()
    sql: str = m._sql(m.STAGES, sqlite)
    marker = " AS amount_cents\n"
    assert marker in sql
    return sql.replace(marker, " AS amount_cents, vf.reviewed AS reviewed\n", 1)


def _drop_views(m: ModuleType) -> None:
    op.execute("DROP VIEW fact_changes")
    op.execute("DROP VIEW timeline")
    for table in BOUNDED:
        op.execute(f"DROP VIEW latest_{table}")


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def upgrade() -> None:
    m = _with_bounds(_v0005())
    _drop_views(m)
    # Plain ALTER TABLE (as 0006): a NOT NULL column with a constant default, in place.
    for table in BOUNDED:
        op.add_column(
            table, sa.Column("date_bound", sa.String(8), server_default="on", nullable=False)
        )
    sqlite = _sqlite()
    for kind in KINDS:
        op.execute(m.latest_sql(kind, sqlite))
    op.execute(_timeline_sql(m))
    op.execute(m.fact_changes_sql())
    op.execute("DROP VIEW funding_lineage")
    op.execute(_lineage_sql(sqlite))


def downgrade() -> None:
    old = _v0005()
    _drop_views(old)
    # A bound other than "on" is lost with its column: its fact's content no longer matches
    # its hash, so the hash is marked stale, and its versions' (one marker per row: facts'
    # hashes are unique per report and id); `kb verify` says seed-differs and
    # `kb load --replace` writes them again.
    bounded = " UNION ".join(f"SELECT fact_id FROM {t} WHERE date_bound <> 'on'" for t in BOUNDED)
    op.execute(
        "UPDATE versions SET content_sha1 = 'stale-0009-' || CAST(id AS VARCHAR(20)) "
        f"WHERE id IN (SELECT version_id FROM version_facts WHERE fact_id IN ({bounded}))"
    )
    op.execute(
        "UPDATE facts SET content_sha1 = 'stale-0009-' || CAST(id AS VARCHAR(20)) "
        f"WHERE id IN ({bounded})"
    )
    for table in BOUNDED:
        op.execute(f"ALTER TABLE {table} DROP COLUMN date_bound")
    sqlite = _sqlite()
    for kind in KINDS:
        op.execute(old.latest_sql(kind, sqlite))
    op.execute(old.timeline_sql())
    op.execute(old.fact_changes_sql())
    op.execute("DROP VIEW funding_lineage")
    v0008 = _v0008()
    op.execute(v0008._sql(v0008.STAGES, sqlite))
