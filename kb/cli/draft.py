"""`kb draft`: read a revision (.txt, .html, .pdf, or a comparison page) and draft its facts."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from kb.cli.common import DbOpt, Format, FormatOpt, Output, connect, emit, note


def register(app: typer.Typer) -> None:
    app.command("draft")(draft)


def draft(
    file: Annotated[
        Path | None,
        typer.Argument(help="The revision: .txt, .html or .pdf (omit with --compare)."),
    ] = None,
    report: Annotated[str, typer.Option("--report", help="The report number, e.g. IF10578.")] = "",
    out: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder to write REPORT/ into (a seed folder)."),
    ] = None,
    version: Annotated[
        str | None, typer.Option("--version", help="YYYY-MM-DD, when the file has no date.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Override the title.")] = None,
    align_to: Annotated[
        str | None,
        typer.Option(
            "--align-to",
            help="REPORT@VERSION to align to (default: the latest version before this one).",
        ),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option("--compare", help="A comparison page (del/ins markup): draft both revisions."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    db: DbOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Draft a revision's facts into a seed folder; prints the review table. Never writes
    to the database.

    \b
    Example:
      kb draft seeds/reports/IF10578/2025-08-14.txt --report IF10578 -o drafts/
    """
    from kb import DRAFT_REVIEW_COLUMNS as REVIEW_COLUMNS
    from kb import KbError, draft_revision
    from kb import draft_reference as as_reference

    if not report:
        raise KbError("--report REPORT is required (e.g. --report IF10578)")
    if out is None:
        raise KbError("-o DIR is required (the folder to write the draft into)")
    if (file is None) == (compare is None):
        raise KbError("give a FILE or --compare PAGE.html (one of them)")
    started = time.perf_counter()
    if compare is not None:
        from kb import read_compare

        revisions = list(read_compare(compare))
    else:
        from kb import read_revision

        revisions = [read_revision(file)]  # type: ignore[arg-type]
    read_seconds = time.perf_counter() - started
    if compare is not None and (version or title):
        raise KbError(f"{compare}: --version and --title name one revision; a comparison has two")
    reports = []
    with connect(db) as conn:
        reference = None
        for revision in revisions:
            done = draft_revision(
                revision, report, out, conn, version=version, title=title,
                align_to=align_to if reference is None else None, reference=reference,
                force=force, read_seconds=read_seconds,
            )
            reports.append(done)
            reference = as_reference(done)
    rows = [row for r in reports for row in r.rows()]
    if len(reports) > 1:
        for row, version_of in zip(rows, [r for r in reports for _ in r.rows()], strict=True):
            row["version"] = version_of.version.isoformat()
    columns = (["version"] if len(reports) > 1 else []) + REVIEW_COLUMNS
    if fmt is Format.table:
        # A terminal gets one prose column for the reviewer: what to check, and the old values
        # of a revised fact; the kind is in the id and the description (CSV/JSON keep all).
        for row in rows:
            row["check"] = "; ".join(x for x in (row["check"], row["was"] and f"was: {row['was']}")
                                     if x)
        columns = [c for c in columns if c not in ("kind", "was")]
        if not any(row["needs"] for row in rows):
            columns.remove("needs")
    emit(rows, Output(format=fmt), columns=columns, sheet="review")
    for r in reports:
        note(f"kb draft: {r.summary()}")
