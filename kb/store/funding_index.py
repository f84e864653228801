"""Keeping ``funding_latest`` (kb.store.models.FundingLatestRow) equal to the latest-version
rows of the ``funding_by_fy`` view: rewritten per report inside its load's transaction,
copied from the view itself (set work in SQL), so the two cannot disagree on meaning."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, delete, except_, func, insert, select
from sqlalchemy.orm import aliased

from kb.store.funding_view import funding_by_fy as view
from kb.store.models import VersionRow
from kb.store.tables import funding_latest

table = funding_latest
COLUMNS = [c.name for c in table.columns]


def _latest_rows(report_id: int | None = None) -> Select[Any]:
    """The view's rows of each report's latest version (of one report, if given)."""
    other = aliased(VersionRow)
    latest = (
        select(func.max(other.date)).where(other.report_id == VersionRow.report_id)
    ).scalar_subquery()
    versions = select(VersionRow.id).where(VersionRow.date == latest)
    if report_id is not None:
        versions = versions.where(VersionRow.report_id == report_id)
    return select(*(view.c[name] for name in COLUMNS)).where(view.c.version_id.in_(versions))


def refresh(conn: Connection, report_id: int, number: str) -> None:
    """Rewrite one report's rows (call inside the transaction that changed its versions)."""
    conn.execute(delete(table).where(table.c.report == number))
    conn.execute(insert(table).from_select(COLUMNS, _latest_rows(report_id)))


def rebuild(conn: Connection) -> None:
    """Rewrite every row (migration 0007 does the same with its own copy of this SQL)."""
    conn.execute(delete(table))
    conn.execute(insert(table).from_select(COLUMNS, _latest_rows()))


def differences(conn: Connection) -> int:
    """Rows in the index but not in the view, plus rows in the view but not in the index."""
    stored: Select[Any] = select(*(table.c[name] for name in COLUMNS))
    derived = _latest_rows()
    missing = conn.execute(
        select(func.count()).select_from(except_(derived, stored).subquery())
    ).scalar_one()
    extra = conn.execute(
        select(func.count()).select_from(except_(stored, derived).subquery())
    ).scalar_one()
    return int(missing) + int(extra)
