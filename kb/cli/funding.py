"""`kb funding`: funding by fiscal year, as rows, as a pivot, or as a chart."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kb.cli.common import AtOpt, DbOpt, Format, Output, connect, emit, note, output_options

# What a narrow terminal leaves out first, after folding the columns equal on every row
# (fy 2023 for --fy 2023) and wrapping the quote: fy, amount, status, account, recipient
# and the quote answer the question.
FUNDING_DROPS = ("measure", "id", "range", "qualifier")

if TYPE_CHECKING:
    from kb import Filters


def register(app: typer.Typer) -> None:
    app.command("funding")(output_options(funding))


def funding(
    fy: Annotated[int | None, typer.Option("--fy", metavar="YEAR", help="One fiscal year.")] = None,
    fy_from: Annotated[
        int | None, typer.Option("--from", metavar="YEAR", help="First fiscal year.")
    ] = None,
    fy_to: Annotated[
        int | None, typer.Option("--to", metavar="YEAR", help="Last fiscal year.")
    ] = None,
    at: AtOpt = None,
    report: Annotated[str | None, typer.Option("--report", help="Only this report.")] = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account", help="INCLE, ESF, FMF, ... (matches combined figures too); 'none'."
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="appropriated, requested, estimated, ... (repeatable)."),
    ] = None,
    recipient: Annotated[
        str | None, typer.Option("--recipient", help="Mexico, global, ...")
    ] = None,
    exact: Annotated[
        bool,
        typer.Option(
            "--exact", help="Single-year figures only (no multi-year totals or averages)."
        ),
    ] = False,
    by_year: Annotated[
        bool, typer.Option("--by-year", help="Pivot: fiscal years as rows, accounts as columns.")
    ] = False,
    lineage: Annotated[
        bool,
        typer.Option(
            "--lineage",
            help="Every figure per recipient, account and fiscal years across versions and "
            "reports, in stage order (requested ... appropriated ... reported).",
        ),
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE.png",
            help="Also write a bar chart (PNG) of the single-year figures.",
            dir_okay=False,
        ),
    ] = None,
    db: DbOpt = None,
    *,
    out: Output,
) -> None:
    """Funding by fiscal year; a multi-year figure is listed under each year it covers.

    \b
    Example:
      kb funding --lineage --recipient Mexico --account INCLE --fy 2023
    """
    from kb import Filters

    # every value checked once, by the library, before the database is opened
    filters = Filters.parse(
        fy=fy, fy_from=fy_from, fy_to=fy_to, at=at, report=report, account=account,
        status=status, recipient=recipient, exact=exact,
    )  # fmt: skip
    if lineage:
        given = {"--at": at, "--status": status, "--exact": exact, "--by-year": by_year}
        clash = [name for name, value in {**given, "--plot": plot}.items() if value]
        if clash:
            from kb import UsageError

            raise UsageError(
                f"--lineage spans every version and stage; {', '.join(clash)} does not apply"
            )
        _lineage(db, out, filters)
        return
    from kb import FUNDING_COLUMNS as COLUMNS
    from kb import FUNDING_TABLE_COLUMNS as TABLE_COLUMNS
    from kb import PIVOT_COLUMNS as LONG_COLUMNS
    from kb import funding as query
    from kb import pivot

    with connect(db) as conn:
        in_scope = filters.versions(conn)
        # versions None: every report's latest version, read from the derived table
        rows = query(conn, filters, versions=in_scope if at else None)
    versions = ", ".join(str(v) for v in in_scope)
    if plot is not None:
        from kb.output.plot import chart_recipients, plot_funding

        # one panel per recipient, each on its own scale; too many: choose one (exit 2)
        whom = ", ".join(chart_recipients(rows)) or "no recipient"
        bars = plot_funding(rows, plot, f"{versions}: single-year figures")
        note(f"kb: wrote {plot} ({bars} bars; {whom})")
    if by_year:
        table = pivot(rows)
        if out.fmt in (Format.table, Format.md):
            title = (
                f"{versions}: single-year figures in US$; status shown unless appropriated; "
                "a total only where a recipient's figures for a year are all appropriated, exact, "
                "one per account"
            )
            emit(table.display_rows(), out, columns=table.columns, title=title)
        else:  # data: one row per figure (and per year's total), numbers as numbers
            emit(table.long_rows(), out, columns=LONG_COLUMNS, sheet="funding by year")
        return
    if out.fmt is Format.table:
        # The terminal view: the span (range) replaces fy_start/fy_end; CSV/JSON have all.
        from kb import fy_range

        span = fy_range(fy, fy) if fy else fy_range(fy_from, fy_to, open_end="...")
        span = span or "every fiscal year"
        title = (
            f"{versions}, {span}: a multi-year figure is listed under each year it covers "
            "(see range), never divided"
        )
        emit(
            [r.as_row() for r in rows],
            out,
            columns=TABLE_COLUMNS,
            title=title,
            drop_order=FUNDING_DROPS,
        )
        return
    emit([r.as_row() for r in rows], out, columns=COLUMNS, sheet="funding")


def _lineage(db: str | None, out: Output, filters: Filters) -> None:
    """`kb funding --lineage`: the same filters, checked against every version held."""
    from kb import LINEAGE_COLUMNS as COLUMNS
    from kb import lineage

    with connect(db) as conn:
        lines = lineage(conn, filters)
    if out.fmt is Format.table:
        from kb.output.lineage_render import TABLE_COLUMNS, lineage_table

        title = (
            "Funding lineage: each figure in stage order with the version that states it; "
            "a multi-year figure keeps its range, never divided"
        )
        emit(lineage_table(lines), out, columns=TABLE_COLUMNS, title=title, sheet="lineage")
        return
    emit(
        [row for line in lines for row in line.rows()], out, columns=COLUMNS, sheet="lineage"
    )
