"""`kb events`: a timeline of dated facts (events, designations, measures, programs,
phases), in date order, honest about precision.

Dates are ISO prefixes, so text order is date order and "2024-07" sorts with July.
A filter keeps a date whose period overlaps the window: "2024" is kept by
--since 2024-07, because that year runs past July.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, literal

from kb.domain.dates import precision
from kb.domain.describe import describe
from kb.domain.kinds import REGISTRY
from kb.query.facts import _record, _select_kind
from kb.query.filters import Filters
from kb.store.models import KIND_TABLES, VersionFactRow

# kind -> the column holding its date, from the kind registry
DATED = {spec.name: spec.dated_by for spec in REGISTRY if spec.dated_by is not None}


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    report: str
    version: dt.date
    kind: str
    id: str
    description: str
    quote: str
    date_bound: str = "on"  # on, by, since, after (kb.domain.schemas.DateBound)

    def as_row(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": precision(self.date),
            "date_bound": self.date_bound,
            "kind": self.kind,
            "id": self.id,
            "description": self.description,
            "report": self.report,
            "version": self.version,
            "quote": self.quote,
        }


def timeline(
    conn: Connection,
    since: str | None = None,
    until: str | None = None,
    at: list[str] | None = None,
    kinds: list[str] | None = None,
) -> list[TimelineEntry]:
    f = Filters.parse(since=since, until=until, at=at)
    since, until = f.since, f.until
    version_ids = [v.version_id for v in f.versions(conn)]
    entries: list[TimelineEntry] = []
    for kind, column in DATED.items():
        if kinds and kind not in kinds:
            continue
        table = KIND_TABLES[kind].__table__
        date = table.c[column]
        query = _select_kind(kind).where(
            VersionFactRow.version_id.in_(version_ids), date.is_not(None)
        )
        if since:
            # the date's period does not end before `since` starts
            query = query.where(date >= func.substr(literal(since), 1, func.length(date)))
        if until:
            query = query.where(func.substr(date, 1, len(until)) <= until)
        for row in conn.execute(query):
            record = _record(kind, row)
            entries.append(
                TimelineEntry(
                    date=getattr(record.fact, column),
                    report=record.report,
                    version=record.version,
                    kind=kind,
                    id=record.fact.id,
                    description=describe(record.fact),
                    quote=record.fact.quote,
                    date_bound=getattr(record.fact, "date_bound", "on"),
                )
            )
    entries.sort(key=lambda e: (e.date, e.report, e.kind, e.id))
    return entries
