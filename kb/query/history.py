"""`kb history ID`: one fact through every version that states it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from kb.domain.kinds import spec
from kb.domain.schemas import FactBase
from kb.query.facts import fact_history


def changed_fields(before: FactBase, after: FactBase) -> list[str]:
    """Names of the fields whose values differ (quote and note included)."""
    a, b = before.model_dump(), after.model_dump()
    names = [*after.content(), "quote", "note"]  # the kind's fields first, as kb diff has them
    return [name for name in names if a.get(name) != b.get(name)]


def change_between(before: FactBase | None, after: FactBase) -> tuple[str, list[str]]:
    """("first stated" | "revised" | "reworded" | "unchanged", the changed fields): revised
    when a value field changed, reworded when only wording did (the kind registry's split)."""
    if before is None:
        return "first stated", []
    fields = changed_fields(before, after)
    if not fields:
        return "unchanged", []
    return spec(after.kind).change_of(fields), fields


def history_rows(conn: Connection, fact_id: str, report: str | None = None) -> list[dict[str, Any]]:
    """One row per version stating the fact: how it changed there, then the fact."""
    rows: list[dict[str, Any]] = []
    previous: dict[str, FactBase] = {}
    for record in fact_history(conn, fact_id, report):
        change, fields = change_between(previous.get(record.report), record.fact)
        previous[record.report] = record.fact
        rows.append({"change": change, "fields": fields, **record.as_row()})
    return rows
