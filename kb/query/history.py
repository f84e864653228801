"""`kb history ID`: one fact through every version that states it, and how it changed there."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from kb.domain.kinds import spec
from kb.query.diff import changed_fields
from kb.query.facts import FactRecord, fact_history
from kb.store.models import ReportRow, VersionFactRow, VersionRow


def history_rows(conn: Connection, fact_id: str, report: str | None = None) -> list[dict[str, Any]]:
    """One row per version stating the fact: "first stated", "revised" (a value field
    changed), "reworded" (only wording) or "unchanged", the changed fields (named by the
    diff's own SQL, so `kb history` and `kb diff` agree), then the fact; and "no longer
    stated" for each later version of the report that does not state it (its fields empty,
    and quote empty)."""
    records = fact_history(conn, fact_id, report)
    # which content each version states, to compare consecutive versions of a report
    stated = {
        (r.number, r.date): (r.version_id, r.fact_id)
        for r in conn.execute(
            select(
                ReportRow.number,
                VersionRow.date,
                VersionFactRow.version_id,
                VersionFactRow.fact_id,
            )
            .join(VersionRow, VersionRow.id == VersionFactRow.version_id)
            .join(ReportRow, ReportRow.id == VersionRow.report_id)
            .where(VersionFactRow.slug == fact_id)
        )
    }
    # every version of the reports that state it, so a version that no longer does says so
    reports = {r.report for r in records}
    all_versions = conn.execute(
        select(ReportRow.number, VersionRow.date)
        .join(VersionRow, VersionRow.report_id == ReportRow.id)
        .where(ReportRow.number.in_(reports))
        .order_by(ReportRow.number, VersionRow.date)
    ).all()
    by_version = {(r.report, r.version): r for r in records}
    first: dict[str, Any] = {}
    for r in records:
        first.setdefault(r.report, r.version)
    rows: list[dict[str, Any]] = []
    previous: dict[str, tuple[int, int]] = {}
    last: dict[str, FactRecord] = {}
    for number, date in all_versions:
        record = by_version.get((number, date))
        if record is None:
            if date > first[number]:
                rows.append(_not_stated(last[number], date))
            continue
        version_id, content_id = stated[(record.report, record.version)]
        before = previous.get(record.report)
        fields: list[str] = []
        if before is None:
            change = "first stated"
        elif before[1] == content_id:
            change = "unchanged"
        else:
            fields = changed_fields(conn, before[0], version_id, fact_id)
            change = spec(record.fact.kind).change_of(fields) if fields else "unchanged"
        if rows and rows[-1]["change"] == NOT_STATED and rows[-1]["report"] == record.report:
            change = f"stated again ({change})" if change != "unchanged" else "stated again"
        previous[record.report] = (version_id, content_id)
        last[record.report] = record
        rows.append({"change": change, "fields": fields, **record.as_row()})
    return rows


NOT_STATED = "no longer stated"


def _not_stated(record: FactRecord, date: Any) -> dict[str, Any]:
    """A version after the last that states the fact: the row names the version and says
    so; the fact's fields and quote are empty (the version states none: the row above is
    the version that last did)."""
    row: dict[str, Any] = {k: None for k in record.as_row()}
    row.update(
        {
            "report": record.report,
            "version": date.isoformat(),
            "kind": record.fact.kind,
            "id": record.fact.id,
        }
    )
    return {"change": NOT_STATED, "fields": [], **row}
