"""`kb changelog`: what changed between two versions, as a memo grouped by topic."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kb.cli.common import DbOpt, Output, OutputOpt, connect, emit
from kb.cli.common import Format as RowFormat


class MemoFormat(StrEnum):
    md = "md"
    table = "table"
    csv = "csv"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("changelog")(changelog)


def changelog(
    refs: Annotated[
        list[str],
        typer.Argument(
            metavar="REPORT[@V1] [REPORT@V2]",
            help="Two versions; or a report (its last two versions); or REPORT@V (V and the "
            "version before it).",
        ),
    ],
    all_changes: Annotated[
        bool, typer.Option("--all", help="Also list facts whose wording alone changed.")
    ] = False,
    db: DbOpt = None,
    fmt: Annotated[
        MemoFormat, typer.Option("--format", "-f", help="md (default), table, csv or json.")
    ] = MemoFormat.md,
    output: OutputOpt = None,
) -> None:
    """What changed, as short sentences grouped by topic, each with its citation.

    \b
    Example:
      kb changelog IF10578@2024-10-01 IF10578@2025-08-14
    """
    from kb import changelog as build

    with connect(db) as conn:
        memo = build(conn, refs, all_changes=all_changes)
    if fmt is MemoFormat.md:
        from kb.output.changelog_md import write_memo
        from kb.output.render import open_output

        with open_output(output) as out:
            write_memo(out, memo)
        return
    # the ids are for programs (CSV, JSON); a terminal reads the sentence and its source
    columns = ["topic", "change", "text", "citations"] if fmt is MemoFormat.table else None
    emit(
        memo.rows(),
        Output(format=RowFormat(fmt.value), output=output),
        columns=columns,
        sheet="changelog",
        title=f"{memo.old} -> {memo.new}",
    )
