"""Reading facts back as typed objects: by kind, by version, by id, by words."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Connection, Select, String, cast, func, or_, select

from kb.domain.problems import NotFound
from kb.domain.refs import version_ref
from kb.domain.schemas import KINDS, FactBase
from kb.domain.text_case import sql_lower
from kb.query.filters import Filters, check_kind, check_search
from kb.query.refs import VersionRef, resolve
from kb.store.models import KIND_TABLES, FactRow, ReportRow, VersionFactRow, VersionRow


@dataclass(frozen=True)
class FactRecord:
    """One fact as stated by one version."""

    report: str
    version: dt.date
    fact: FactBase
    # False for a drafted fact loaded with `kb load --accept-draft` and not yet reviewed
    reviewed: bool = True

    @property
    def ref(self) -> str:
        return version_ref(self.report, self.version)

    def as_row(self) -> dict[str, Any]:
        """Flat data (Decimals, lists): report, version, kind, id, fields, quote, note,
        reviewed (false: drafted, loaded with --accept-draft, not yet reviewed)."""
        data = self.fact.model_dump()
        row: dict[str, Any] = {"report": self.report, "version": self.version.isoformat()}
        row["kind"] = data.pop("kind")
        row["id"] = data.pop("id")
        quote, note = data.pop("quote"), data.pop("note")
        row.update(data)
        row["quote"] = quote
        row["note"] = note
        row["reviewed"] = self.reviewed
        return row


def kind_columns(kind: str) -> list[Any]:
    table = KIND_TABLES[kind].__table__
    return [c for c in table.columns if c.name != "fact_id"]


def _select_kind(kind: str) -> Select[Any]:
    table = KIND_TABLES[kind].__table__
    return (
        select(
            # Labelled: events, measures and designations have a `date` column of their
            # own, which an unlabelled versions.date would shadow (it came back as date_1
            # and the fact lost its date).
            ReportRow.number.label("_report"),
            VersionRow.date.label("_version"),
            FactRow.slug,
            FactRow.quote,
            FactRow.note,
            VersionFactRow.reviewed.label("_reviewed"),
            *kind_columns(kind),
        )
        .select_from(VersionFactRow)
        .join(VersionRow, VersionRow.id == VersionFactRow.version_id)
        .join(ReportRow, ReportRow.id == VersionRow.report_id)
        .join(FactRow, FactRow.id == VersionFactRow.fact_id)
        .join(table, table.c.fact_id == FactRow.id)
    )


def _record(kind: str, row: Any) -> FactRecord:
    """A FactRecord from a row of _select_kind (a Row or a plain mapping)."""
    mapping = dict(row._mapping if hasattr(row, "_mapping") else row)
    mapping.pop("_fid", None)
    number, date = mapping.pop("_report"), mapping.pop("_version")
    reviewed = mapping.pop("_reviewed", True)
    mapping["id"] = mapping.pop("slug")
    mapping["kind"] = kind
    fact = KINDS[kind].model_construct(**mapping)  # stored facts were validated on load
    return FactRecord(number, date, fact, reviewed=bool(reviewed))


def _search_clause(conn: Connection, kind: str, text: str) -> Any:
    """Case-insensitive, in SQL on both backends, and the same on both for any letter.

    SQLite's own lower() and LIKE fold ASCII letters only ("MÉRIDA" found nothing there
    and 9 facts on PostgreSQL), so SQLite is given kb_lower(), PostgreSQL's lower() in
    Python (a function registered on the connection: no schema change, no copy of the
    text).  instr/strpos take the text as it is: no LIKE wildcards to escape, and no
    "LIKE or GLOB pattern too complex" on long patterns."""
    columns: list[Any] = [FactRow.slug, FactRow.quote, FactRow.note]
    for col in kind_columns(kind):
        if isinstance(col.type, JSON):
            columns.append(cast(col, String))
        elif isinstance(col.type, String):  # Text is a String
            columns.append(col)
    if conn.dialect.name == "sqlite":
        needle: Any = sql_lower(text)
        return or_(*(func.instr(func.kb_lower(c), needle) > 0 for c in columns))
    needle = func.lower(text)
    return or_(*(func.strpos(func.lower(c), needle) > 0 for c in columns))


def _register_sqlite_functions(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        raw.create_function("kb_lower", 1, sql_lower, deterministic=True)  # type: ignore[union-attr]


def facts_in(
    conn: Connection,
    versions: Iterable[VersionRef],
    kind: str | None = None,
    search: str | None = None,
    ids: Iterable[str] | None = None,
    unreviewed: bool = False,
) -> list[FactRecord]:
    check_kind(kind)
    if search:
        check_search(search)
        _register_sqlite_functions(conn)
    version_ids = [v.version_id for v in versions]
    records: list[FactRecord] = []
    for k in [kind] if kind else list(KINDS):
        query = _select_kind(k).where(VersionFactRow.version_id.in_(version_ids))
        if search:
            query = query.where(_search_clause(conn, k, search))
        if ids is not None:
            query = query.where(VersionFactRow.slug.in_(list(ids)))
        if unreviewed:
            query = query.where(VersionFactRow.reviewed.is_(False))
        query = query.order_by(ReportRow.number, VersionRow.date, FactRow.slug)
        records.extend(_record(k, row) for row in conn.execute(query))
    return records


def list_facts(
    conn: Connection,
    kind: str | None = None,
    at: list[str] | None = None,
    search: str | None = None,
    unreviewed: bool = False,
) -> list[FactRecord]:
    """Facts of the named versions (default: the latest version of each report); with
    ``unreviewed``, only drafted facts loaded with --accept-draft and not yet reviewed.
    The values are parsed as every query's are (kb.query.filters)."""
    f = Filters.parse(kind=kind, at=at, search=search)
    return facts_in(conn, f.versions(conn), kind=f.kind, search=f.search, unreviewed=unreviewed)


def show_fact(conn: Connection, fact_id: str, at: list[str] | None = None) -> list[FactRecord]:
    """One fact (in each report that has that id) with its quote."""
    versions = Filters.parse(at=at, id=fact_id).versions(conn)
    found = facts_in(conn, versions, ids=[fact_id])
    if not found:
        raise NotFound(_not_in(conn, fact_id, versions) or _no_fact(conn, fact_id, versions))
    return found


def _not_in(conn: Connection, fact_id: str, versions: list[VersionRef]) -> str | None:
    """The message for an id other versions state: which did last, and how to see it (no
    'did you mean' other ids: the id is right, the version does not state it)."""
    rows = conn.execute(
        select(ReportRow.number, func.max(VersionRow.date))
        .select_from(VersionFactRow)
        .join(VersionRow, VersionRow.id == VersionFactRow.version_id)
        .join(ReportRow, ReportRow.id == VersionRow.report_id)
        .where(VersionFactRow.slug == fact_id)
        .group_by(ReportRow.number)
        .order_by(ReportRow.number)
    ).all()
    if not rows:
        return None
    where = ", ".join(map(str, versions))
    last = [version_ref(number, date) for number, date in rows]
    return (
        f"no fact {fact_id!r} in {where}: that version does not state it; "
        f"{', '.join(last)} {'does' if len(last) == 1 else 'do'} "
        f"(kb show {fact_id} --at {last[-1]}; kb history {fact_id})"
    )


def fact_history(conn: Connection, fact_id: str, report: str | None = None) -> list[FactRecord]:
    """Every version that states the fact, oldest first."""
    Filters.parse(id=fact_id, at=report)  # REPORT or REPORT@VERSION, checked as --at is
    if report:
        report = resolve(conn, report).report  # an unknown report is named as such
    query = (
        select(FactRow.kind)
        .join(VersionFactRow, VersionFactRow.fact_id == FactRow.id)
        .where(VersionFactRow.slug == fact_id)
        .limit(1)
    )
    if report:
        query = query.join(ReportRow, ReportRow.id == FactRow.report_id).where(
            ReportRow.number == report.upper()
        )
    kind = conn.execute(query).scalar()
    if kind is None:
        raise NotFound(_no_fact(conn, fact_id, None))
    history = _select_kind(kind).where(VersionFactRow.slug == fact_id)
    if report:
        history = history.where(ReportRow.number == report.upper())
    history = history.order_by(ReportRow.number, VersionRow.date)
    return [_record(kind, row) for row in conn.execute(history)]


def _no_fact(conn: Connection, fact_id: str, versions: list[VersionRef] | None) -> str:
    query = select(VersionFactRow.slug).distinct()
    if versions is not None:
        query = query.where(VersionFactRow.version_id.in_([v.version_id for v in versions]))
    ids = conn.execute(query).scalars().all()
    where = ", ".join(map(str, versions)) if versions else "any version"
    close = difflib.get_close_matches(fact_id, ids, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"no fact {fact_id!r} in {where}{hint}"
