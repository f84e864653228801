"""`kb diff`: what changed between two versions, fact by fact (or sentence by sentence)."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.cli.common import DbOpt, Format, FormatOpt, OutputOpt, connect, emit

LONG_COLUMNS = ["change", "kind", "id", "field", "old", "new", "from_version", "to_version"]


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)


def diff(
    old: Annotated[str, typer.Argument(metavar="REPORT@V1", help="The older version.")],
    new: Annotated[str, typer.Argument(metavar="REPORT@V2", help="The newer version.")],
    kind: Annotated[str | None, typer.Option("--kind", help="Only facts of this kind.")] = None,
    change: Annotated[
        str | None, typer.Option("--change", help="Only added, removed or changed facts.")
    ] = None,
    summary: Annotated[bool, typer.Option("--summary", help="Counts per kind and change.")] = False,
    long: Annotated[
        bool,
        typer.Option("--long", help="One row per changed field: id, kind, field, old, new, ..."),
    ] = False,
    text: Annotated[
        bool, typer.Option("--text", help="A sentence-level diff of the two texts instead.")
    ] = False,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Facts added, removed and changed between two versions, paired by id.

    \b
    Example:
      kb diff IF10578@2024-10-01 IF10578@2025-08-14 --summary
    """
    if text:
        from kb.query.textdiff import text_diff

        with connect(db) as conn:
            v1, v2, changes = text_diff(conn, old, new)
        if fmt is Format.table:
            from kb.output.diff_render import write_text_diff
            from kb.output.render import open_output

            with open_output(output) as out:
                write_text_diff(out, v1, v2, changes)
            return
        emit([c.as_row() for c in changes], fmt, output)
        return

    from kb.query.diff import diff_versions

    with connect(db) as conn:
        result = diff_versions(conn, old, new, kind=kind, change=change)
    if summary:
        emit(result.summary(), fmt, output, title=f"{result.old} -> {result.new}")
    elif long:
        emit(result.long_rows(), fmt, output, columns=LONG_COLUMNS)
    elif fmt is Format.table:
        from kb.output.diff_render import write_diff
        from kb.output.render import open_output

        with open_output(output) as out:
            write_diff(out, result)
    else:
        emit(
            [c.as_row() for c in result.changes],
            fmt,
            output,
            columns=["change", "kind", "id", "fields", "before", "after"],
        )
