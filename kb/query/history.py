"""`kb history ID`: one fact through every version that states it, and how it changed there."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from kb.domain.kinds import spec
from kb.query.diff import changed_fields
from kb.query.facts import fact_history
from kb.store.models import ReportRow, VersionFactRow, VersionRow


def history_rows(conn: Connection, fact_id: str, report: str | None = None) -> list[dict[str, Any]]:
    """One row per version stating the fact: "first stated", "revised" (a value field
    changed), "reworded" (only wording) or "unchanged", the changed fields (named by the
    diff's own SQL, so `kb history` and `kb diff` agree), then the fact."""
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
    rows: list[dict[str, Any]] = []
    previous: dict[str, tuple[int, int]] = {}
    for record in records:
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
        previous[record.report] = (version_id, content_id)
        rows.append({"change": change, "fields": fields, **record.as_row()})
    return rows
