"""Reports and their versions."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from kb.domain.schemas import Author, Report, Version
from kb.query.filters import Filters
from kb.query.refs import VersionRef
from kb.store.funding_view import funding_by_fy
from kb.store.models import ReportRow, VersionFactRow, VersionRow


def list_reports(conn: Connection) -> list[Report]:
    """Every report: its latest version's title and fact count, its versions' count and date
    range, and the recipients its figures name in any version (counted and found in SQL)."""
    latest = (
        select(
            VersionRow.report_id,
            func.count().label("versions"),
            func.min(VersionRow.date).label("first"),
            func.max(VersionRow.date).label("latest"),
        )
        .group_by(VersionRow.report_id)
        .subquery()
    )
    counts = (
        select(VersionFactRow.version_id, func.count().label("facts"))
        .group_by(VersionFactRow.version_id)
        .subquery()
    )
    rows = conn.execute(
        # Columns, not the ORM entity: a Core connection flattens an entity into its
        # columns, so `row.ReportRow` does not exist on the rows it returns.
        select(
            ReportRow.number,
            ReportRow.type,
            ReportRow.authors,
            latest.c.versions,
            latest.c.first,
            latest.c.latest,
            VersionRow.title,
            func.coalesce(counts.c.facts, 0).label("facts"),
        )
        .outerjoin(latest, latest.c.report_id == ReportRow.id)
        .outerjoin(
            VersionRow,
            (VersionRow.report_id == ReportRow.id) & (VersionRow.date == latest.c.latest),
        )
        .outerjoin(counts, counts.c.version_id == VersionRow.id)
        .order_by(ReportRow.number)
    )
    named: dict[str, list[str]] = {}
    for number, recipient in conn.execute(
        select(funding_by_fy.c.report, funding_by_fy.c.recipient).distinct()
    ):
        named.setdefault(number, []).append(recipient)
    return [
        Report(
            number=r.number,
            type=r.type,
            authors=[Author(**a) for a in r.authors],
            versions=r.versions or 0,
            first=r.first,
            latest=r.latest,
            title=r.title,
            recipients=sorted(named.get(r.number, []), key=lambda n: (n.lower(), n)),
            facts=r.facts,
        )
        for r in rows
    ]


def list_versions(
    conn: Connection, report: str | None = None, version_ids: list[int] | None = None
) -> list[Version]:
    """Versions oldest first, with their fact counts (only those of ``version_ids`` if given:
    then only their memberships are counted, which keeps exports of one version cheap)."""
    counts_query = select(VersionFactRow.version_id, func.count().label("facts"))
    if version_ids is not None:
        counts_query = counts_query.where(VersionFactRow.version_id.in_(version_ids))
    counts = counts_query.group_by(VersionFactRow.version_id).subquery()
    query = (
        select(
            ReportRow.number,
            VersionRow.date,
            VersionRow.title,
            VersionRow.sequence,
            VersionRow.text_sha1,
            func.coalesce(counts.c.facts, 0).label("facts"),
        )
        .join(ReportRow, ReportRow.id == VersionRow.report_id)
        .outerjoin(counts, counts.c.version_id == VersionRow.id)
        .order_by(ReportRow.number, VersionRow.date)
    )
    if version_ids is not None:
        query = query.where(VersionRow.id.in_(version_ids))
    if report:
        f = Filters.parse(report=report)
        f.check_report(conn)
        query = query.where(ReportRow.number == f.report)
    return [
        Version(
            report=r.number,
            version=r.date,
            title=r.title,
            sequence=r.sequence,
            facts=r.facts,
            text_sha1=r.text_sha1,
        )
        for r in conn.execute(query)
    ]


def version_refs(conn: Connection, report: str | None = None) -> list[VersionRef]:
    """Every version (of one report), oldest first, without counting facts: what a picker
    needs (list_versions counts every membership, 0.3 s over two million of them)."""
    query = (
        select(VersionRow.id, ReportRow.number, VersionRow.date)
        .join(ReportRow, ReportRow.id == VersionRow.report_id)
        .order_by(ReportRow.number, VersionRow.date)
    )
    if report:
        query = query.where(ReportRow.number == report.upper())
    return [VersionRef(r.id, r.number, r.date) for r in conn.execute(query)]
