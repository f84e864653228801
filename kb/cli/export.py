"""`kb export`: facts to CSV, JSON Lines or XLSX files."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kb.cli.common import AtOpt, DbOpt, ExcelOpt, NoGuardOpt, connect, note


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    kind: Annotated[str, typer.Argument(help="A kind, or 'all'.")] = "all",
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv (a file per kind; a folder OUT/ for all), json (a list of objects), "
            "jsonl (JSON Lines), xlsx (a sheet per kind and a sources sheet); "
            "default: the -o file's extension, else csv.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str,  # not a Path: a trailing "/" (a folder) must survive
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="File to write, or a folder (ending in / or existing).",
        ),
    ] = ...,  # type: ignore[assignment]  # a required option
    at: AtOpt = None,
    excel: ExcelOpt = False,
    no_formula_guard: NoGuardOpt = False,
    db: DbOpt = None,
) -> None:
    """Export facts (default: all kinds of the latest version of each report).

    \b
    Example:
      kb export appropriation -o appropriation.csv
    """
    from kb.output.export import export as run_export

    with connect(db) as conn:
        result = run_export(
            conn,
            None if kind == "all" else kind,
            fmt.value if fmt else None,
            output,
            at,
            excel=excel,
            guard=not no_formula_guard,
        )
    files = ", ".join(str(f) for f in result.files)
    note(f"kb: exported {result.rows} facts to {files}")
