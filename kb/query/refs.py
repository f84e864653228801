"""REPORT@VERSION references: parsing, and resolving them against a database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from kb.domain.problems import NotFound, UsageError
from kb.domain.refs import version_ref

# Core tables, not the ORM classes: `kb funding` starts without importing the ORM.
from kb.store.tables import reports as R
from kb.store.tables import versions as V

_REF = re.compile(r"^([A-Z]{1,4}[0-9]{1,6})(?:@(.+))?$")


@dataclass(frozen=True)
class VersionRef:
    version_id: int
    report: str
    date: dt.date

    def __str__(self) -> str:
        return version_ref(self.report, self.date)


def parse_ref(text: str) -> tuple[str, dt.date | None]:
    """'IF10578@2024-10-01' -> ('IF10578', date); 'IF10578' or 'IF10578@latest' -> latest."""
    match = _REF.match(text.strip().upper()) if text.isprintable() else None
    if not match:
        raise UsageError(
            f"{text!r} is not a version reference: use REPORT or REPORT@YYYY-MM-DD "
            "(for example IF10578@2025-08-14)"
        )
    number, version = match.groups()
    if version is None or version == "LATEST":
        return number, None
    try:
        return number, dt.date.fromisoformat(version)
    except ValueError:
        raise UsageError(f"{text!r}: {version!r} is not a date (use YYYY-MM-DD)") from None


def unknown_report(conn: Connection, number: str) -> NotFound:
    """The error for a report that is not in the database, naming those that are."""
    known = conn.execute(select(R.c.number).order_by(R.c.number)).scalars().all()
    return NotFound(f"no report {number}; reports in this database: {', '.join(known) or 'none'}")


def resolve(conn: Connection, text: str) -> VersionRef:
    number, date = parse_ref(text)
    report_id = conn.execute(select(R.c.id).where(R.c.number == number)).scalar()
    if report_id is None:
        raise unknown_report(conn, number)
    query = select(V.c.id, V.c.date).where(V.c.report_id == report_id)
    if date is None:
        row = conn.execute(query.order_by(V.c.date.desc()).limit(1)).first()
    else:
        row = conn.execute(query.where(V.c.date == date)).first()
    if row is None:
        dates = (
            conn.execute(select(V.c.date).where(V.c.report_id == report_id).order_by(V.c.date))
            .scalars()
            .all()
        )
        listed = ", ".join(version_ref(number, d) for d in dates) or "none"
        raise NotFound(f"no version {text}; versions of {number}: {listed}")
    return VersionRef(row.id, number, row.date)


def latest_versions(conn: Connection) -> list[VersionRef]:
    """The latest version of every report."""
    newest = (
        select(V.c.report_id, func.max(V.c.date).label("date")).group_by(V.c.report_id).subquery()
    )
    rows = conn.execute(
        select(V.c.id, R.c.number, V.c.date)
        .join(
            newest,
            (newest.c.report_id == V.c.report_id) & (newest.c.date == V.c.date),
        )
        .join(R, R.c.id == V.c.report_id)
        .order_by(R.c.number)
    )
    return [VersionRef(r.id, r.number, r.date) for r in rows]


def scope(conn: Connection, at: list[str] | None) -> list[VersionRef]:
    """The versions a read command looks at: those named, or the latest of each report."""
    if at:
        return [resolve(conn, ref) for ref in at]
    return latest_versions(conn)
