"""`kb history ID`: one fact through every version that states it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from kb.domain.schemas import FactBase
from kb.query.facts import fact_history


def changed_fields(before: FactBase, after: FactBase) -> list[str]:
    """Names of the fields whose values differ (quote and note included)."""
    a, b = before.model_dump(), after.model_dump()
    return [name for name in b if a.get(name) != b.get(name)]


def history_rows(conn: Connection, fact_id: str, report: str | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    previous: dict[str, FactBase] = {}
    for record in fact_history(conn, fact_id, report):
        before = previous.get(record.report)
        if before is None:
            change = "first stated"
        else:
            fields = changed_fields(before, record.fact)
            change = "changed: " + ", ".join(fields) if fields else "unchanged"
        previous[record.report] = record.fact
        rows.append({"change": change, **record.as_row()})
    return rows
