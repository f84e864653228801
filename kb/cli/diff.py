"""`kb diff`: what changed between two versions, fact by fact (or sentence by sentence)."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.cli.common import DbOpt, Format, Output, connect, emit, output_options

LONG_COLUMNS = [
    "change",
    "kind",
    "id",
    "field",
    "old",
    "new",
    "from_version",
    "to_version",
    "removal",
    "superseded_by",
    "reason",
]


def register(app: typer.Typer) -> None:
    app.command("diff")(output_options(diff))


def diff(
    old: Annotated[str, typer.Argument(metavar="REPORT@V1", help="The older version.")],
    new: Annotated[str, typer.Argument(metavar="REPORT@V2", help="The newer version.")],
    kind: Annotated[str | None, typer.Option("--kind", help="Only facts of this kind.")] = None,
    change: Annotated[
        str | None,
        typer.Option(
            "--change",
            help="Only added, removed, revised (a value changed) or reworded (only wording).",
        ),
    ] = None,
    ignore_fields: Annotated[
        str | None,
        typer.Option(
            "--ignore-fields",
            metavar="FIELDS",
            help="Comma-separated fields whose changes do not count (e.g. quote,note).",
        ),
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
    *,
    out: Output,
) -> None:
    """Facts added, removed, revised and reworded between two versions, paired by id.

    A removed fact is "superseded" when the new version states a fact of the same kind and
    key in its place, "no longer stated" otherwise.

    \b
    Example:
      kb diff IF10578@2024-10-01 IF10578@2025-08-14 --kind appropriation --change revised
    """
    if text:
        from kb import text_diff

        with connect(db) as conn:
            v1, v2, changes = text_diff(conn, old, new)
        if out.fmt is Format.table and not out.columns:
            from kb.output.diff_render import write_text_diff
            from kb.output.files import open_output

            with open_output(out.output) as fh:
                write_text_diff(fh, v1, v2, changes)
            return
        emit([c.as_row() for c in changes], out, columns=["change", "sentence"], sheet="text")
        return

    from kb import diff as diff_versions

    with connect(db) as conn:
        result = diff_versions(
            conn,
            old,
            new,
            kind=kind,
            change=change,
            ignore=ignore_fields.split(",") if ignore_fields else None,
        )
    if summary:
        emit(result.summary(), out, title=f"{result.old} -> {result.new}", sheet="summary")
    elif long:
        emit(result.long_rows(), out, columns=LONG_COLUMNS, sheet="changes")
    elif out.fmt is Format.table and not out.columns:
        from kb.output.diff_render import write_diff
        from kb.output.files import open_output

        with open_output(out.output) as fh:
            write_diff(fh, result)
    else:
        from kb import DIFF_COLUMNS

        emit(
            [c.as_row() for c in result.changes],
            out,
            columns=DIFF_COLUMNS,
            sheet="diff",
        )
