"""`kb export`: facts to CSV, JSON Lines or XLSX files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kb.cli.common import AtOpt, DbOpt, connect, note


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    kind: Annotated[str, typer.Argument(help="A kind, or 'all'.")] = "all",
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv (a file per kind; a folder for all), json (JSON Lines), "
            "xlsx (a sheet per kind and a sources sheet).",
        ),
    ] = ExportFormat.csv,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="PATH", help="File (or folder) to write.")
    ] = ...,  # type: ignore[assignment]
    at: AtOpt = None,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="CSV with a byte-order mark, so Excel reads UTF-8 (Mérida)."),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Export facts (default: all kinds of the latest version of each report).

    \b
    Example:
      kb export appropriation -o appropriation.csv
    """
    from kb.output.export import export as run_export

    with connect(db) as conn:
        result = run_export(conn, None if kind == "all" else kind, fmt.value, output, at, excel)
    files = ", ".join(str(f) for f in result.files)
    note(f"kb: exported {result.rows} facts to {files}")
