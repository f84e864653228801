"""Read commands: reports, versions, facts, show, history."""

from __future__ import annotations

from typing import Annotated

import typer

from kb import KIND_REGISTRY as REGISTRY
from kb.cli.common import AtOpt, DbOpt, Format, Output, connect, emit, output_options

# The kinds, from the registry: one per line in `kb facts --help` ("\b": not rewrapped).
KINDS_HELP = "\b\nKinds:\n" + "\n".join(f"  {spec.name:<14}{spec.description}" for spec in REGISTRY)

# Columns the table shows when facts of several kinds are listed together.
MIXED_COLUMNS = ["report", "version", "kind", "id", "description", "quote"]
# What a narrow terminal leaves out first (after folding columns equal on every row).
CATALOG_DROPS = ("text_sha1", "ref", "sequence", "authors", "type", "first")
FACT_DROPS = ("report", "version", "kind", "note", "quote")
HISTORY_DROPS = ("report", "kind", "id", "note", "measure", "program", "purpose", "fy_start")
EVENT_DROPS = ("report", "version", "precision", "kind", "quote")


def register(app: typer.Typer) -> None:
    app.command("reports")(output_options(reports))
    app.command("versions")(output_options(versions))
    app.command("facts", epilog=KINDS_HELP)(output_options(facts))
    app.command("show")(output_options(show))
    app.command("history")(output_options(history))
    app.command("events")(output_options(events))


def reports(db: DbOpt = None, *, out: Output) -> None:
    """The reports held: title, versions and their dates, recipients, facts.

    \b
    Example:
      kb reports
    """
    from kb import reports as list_reports

    with connect(db) as conn:
        rows = [r.as_row() for r in list_reports(conn)]
    emit(rows, out, drop_order=CATALOG_DROPS, sheet="reports")


def versions(
    report: Annotated[str | None, typer.Argument(help="Report number, e.g. IF10578.")] = None,
    db: DbOpt = None,
    *,
    out: Output,
) -> None:
    """The versions of one report (or of all), oldest first.

    \b
    Example:
      kb versions IF10578
    """
    from kb import versions as list_versions

    with connect(db) as conn:
        rows = [v.as_row() for v in list_versions(conn, report)]
    emit(rows, out, drop_order=CATALOG_DROPS, sheet="versions")


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
    *,
    out: Output,
) -> None:
    """The facts of a version (default: the latest version of each report).

    \b
    Example:
      kb facts appropriation --at IF10578@2024-10-01
    """
    from kb import describe
    from kb import facts as list_facts

    with connect(db) as conn:
        records = list_facts(conn, kind=kind, at=at, search=search, unreviewed=unreviewed)
    rows = [r.as_row() for r in records]
    columns = None
    if out.fmt in (Format.table, Format.md):
        # A terminal cannot show every field of every kind: one line of description each;
        # CSV and JSON carry all fields.
        for row, record in zip(rows, records, strict=True):
            drafted = "" if record.reviewed else "DRAFT, not reviewed: "
            row["description"] = drafted + describe(record.fact)
        columns = MIXED_COLUMNS if kind is None else [c for c in MIXED_COLUMNS if c != "kind"]
        if not all(r.reviewed for r in records):  # a drafted fact never looks reviewed
            columns = [*columns[:-1], "reviewed", columns[-1]]
    emit(rows, out, columns=columns, drop_order=FACT_DROPS, sheet=kind or "facts")


def show(
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A fact id, e.g. incle-mexico-fy2023 (kb facts lists them)."
        ),
    ],
    at: AtOpt = None,
    db: DbOpt = None,
    *,
    out: Output,
) -> None:
    """One fact with its quote (default: as the latest version states it).

    \b
    Example:
      kb show incle-mexico-fy2023
    """
    from kb import show as show_fact

    with connect(db) as conn:
        records = show_fact(conn, fact_id, at)
    rows = [r.as_row() for r in records]
    if out.fmt is Format.table and not out.columns:
        # One fact reads best as field / value pairs.
        rows = [{"field": k, "value": v} for row in rows for k, v in row.items()]
    emit(rows, out, sheet="fact")


def history(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id.")],
    report: Annotated[str | None, typer.Option("--report", help="Only in this report.")] = None,
    db: DbOpt = None,
    *,
    out: Output,
) -> None:
    """One fact through every version that states it, with what changed each time.

    \b
    Example:
      kb history incle-mexico-fy2023
    """
    from kb import history_rows

    with connect(db) as conn:
        rows = history_rows(conn, fact_id, report)
    if out.fmt is Format.table and not out.columns:
        # a terminal reads "revised: status" in one column (CSV/JSON keep the fields apart)
        for row in rows:
            fields = row.pop("fields")
            if fields:
                row["change"] = f"{row['change']}: {', '.join(fields)}"
    emit(rows, out, drop_order=HISTORY_DROPS, sheet="history")


def events(
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    at: AtOpt = None,
    db: DbOpt = None,
    *,
    out: Output,
) -> None:
    """A timeline: events and other dated facts in date order, with their precision.

    \b
    Example:
      kb events --since 2025-02 --until 2025-07
    """
    from kb import events as timeline

    with connect(db) as conn:
        rows = [e.as_row() for e in timeline(conn, since=since, until=until, at=at)]
    emit(rows, out, drop_order=EVENT_DROPS, sheet="events")
