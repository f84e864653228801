"""Read commands: reports, versions, facts, show, history."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.cli.common import AtOpt, DbOpt, Format, FormatOpt, OutputOpt, connect, emit
from kb.domain.kinds import REGISTRY

# The kinds, from the registry: one per line in `kb facts --help` ("\b": not rewrapped).
KINDS_HELP = "\b\nKinds:\n" + "\n".join(f"  {spec.name:<14}{spec.description}" for spec in REGISTRY)

# Columns the table shows when facts of several kinds are listed together.
MIXED_COLUMNS = ["report", "version", "kind", "id", "description", "quote"]


def register(app: typer.Typer) -> None:
    app.command("reports")(reports)
    app.command("versions")(versions)
    app.command("facts", epilog=KINDS_HELP)(facts)
    app.command("show")(show)
    app.command("history")(history)
    app.command("events")(events)


def reports(db: DbOpt = None, fmt: FormatOpt = Format.table, output: OutputOpt = None) -> None:
    """The reports in the knowledge base, with their latest version.

    \b
    Example:
      kb reports
    """
    from kb.query.catalog import list_reports

    with connect(db) as conn:
        rows = [
            {
                "report": r.number,
                "type": r.type,
                "title": r.title,
                "versions": r.versions,
                "latest": r.latest,
                "authors": [a.name for a in r.authors],
            }
            for r in list_reports(conn)
        ]
    emit(rows, fmt, output)


def versions(
    report: Annotated[str | None, typer.Argument(help="Report number, e.g. IF10578.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """The versions of one report (or of all), oldest first.

    \b
    Example:
      kb versions IF10578
    """
    from kb.query.catalog import list_versions

    with connect(db) as conn:
        rows = [v.as_row() for v in list_versions(conn, report)]
    emit(rows, fmt, output)


def facts(
    kind: Annotated[
        str | None,
        typer.Argument(help="A kind (listed below); default: every kind."),
    ] = None,
    at: AtOpt = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", metavar="TEXT", help="Only facts whose fields or quote contain TEXT."
        ),
    ] = None,
    unreviewed: Annotated[
        bool,
        typer.Option("--unreviewed", help="Only drafted facts loaded with --accept-draft."),
    ] = False,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """The facts of a version (default: the latest version of each report).

    \b
    Example:
      kb facts appropriation --at IF10578@2024-10-01
    """
    from kb.domain.describe import describe
    from kb.query.facts import list_facts

    with connect(db) as conn:
        records = list_facts(conn, kind=kind, at=at, search=search, unreviewed=unreviewed)
    rows = [r.as_row() for r in records]
    columns = None
    if fmt is Format.table:
        # A terminal cannot show every field of every kind: one line of description each;
        # CSV and JSON carry all fields.
        for row, record in zip(rows, records, strict=True):
            row["description"] = describe(record.fact)
        columns = MIXED_COLUMNS if kind is None else [c for c in MIXED_COLUMNS if c != "kind"]
    emit(rows, fmt, output, columns=columns)


def show(
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A fact id, e.g. incle-mexico-fy2023 (kb facts lists them)."
        ),
    ],
    at: AtOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """One fact with its quote (default: as the latest version states it).

    \b
    Example:
      kb show incle-mexico-fy2023
    """
    from kb.query.facts import show_fact

    with connect(db) as conn:
        records = show_fact(conn, fact_id, at)
    rows = [r.as_row() for r in records]
    if fmt is Format.table:
        # One fact reads best as field / value pairs.
        rows = [{"field": k, "value": v} for row in rows for k, v in row.items()]
    emit(rows, fmt, output)


def history(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id.")],
    report: Annotated[str | None, typer.Option("--report", help="Only in this report.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """One fact through every version that states it, with what changed each time.

    \b
    Example:
      kb history incle-mexico-fy2023
    """
    from kb.query.history import history_rows

    with connect(db) as conn:
        rows = history_rows(conn, fact_id, report)
    emit(rows, fmt, output)


def events(
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    at: AtOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """A timeline: events and other dated facts in date order, with their precision.

    \b
    Example:
      kb events --since 2025-02 --until 2025-07
    """
    from kb.query.events import timeline

    with connect(db) as conn:
        rows = [e.as_row() for e in timeline(conn, since=since, until=until, at=at)]
    emit(rows, fmt, output)
