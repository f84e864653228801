"""Commands that change or check the database: load, verify, migrate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kb.cli.common import DbOpt, Format, Output, connect, emit, engine_for, note, output_options

VERIFY_COLUMNS = ["code", "file", "fact_id", "field", "message"]


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("verify")(output_options(verify))
    app.command("migrate")(migrate)


def load(
    path: Annotated[Path, typer.Argument(help="A report folder, or a seeds/ folder of reports.")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace versions already loaded with different content."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line.")
    ] = False,
    accept_draft: Annotated[
        bool,
        typer.Option(
            "--accept-draft",
            help="Load facts still marked review: revised/new, flagged unreviewed.",
        ),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Load report folders in one transaction; identical content is a no-op.

    \b
    Example:
      kb load seeds/reports/IF10578
    """
    from kb import load as load_path
    from kb.output.progress import progress_bar

    engine = engine_for(db, seed=False)  # a new database gets only what the user gave
    try:
        # A bar only on a terminal (stderr); a pipe, a log or --quiet gets none.
        with progress_bar(enabled=not quiet) as progress:
            result = load_path(
                engine, path, replace=replace, progress=progress, accept_draft=accept_draft
            )
    finally:
        engine.dispose()
    if not quiet:
        note(f"kb: {path}: {result.summary()}")


def verify(
    seeds: Annotated[
        Path | None,
        typer.Option(
            "--seeds",
            metavar="FOLDER",
            help="Seed folder to compare with (default: the bundled seeds).",
        ),
    ] = None,
    no_seeds: Annotated[bool, typer.Option("--no-seeds", help="Check the database only.")] = False,
    db: DbOpt = None,
    *,
    out: Output,
) -> None:
    """Every quote verbatim in its version text, references resolved, seeds loaded as they are.

    \b
    Example:
      kb verify
    """
    from kb import seeds_dir
    from kb import verify as run_verify

    with connect(db) as conn:  # one snapshot, even while a load commits
        report = run_verify(conn, None if no_seeds else (seeds or seeds_dir()))
    rows = [
        {
            "code": p.code,
            "file": p.file,
            "fact_id": p.fact_id,
            "field": p.field,
            "message": p.message,
        }
        for p in report.problems
    ]
    if report.ok and out.fmt is Format.table and out.output is None:
        print(f"kb verify: {report.summary()}")
        return
    # Data formats (and files) get the problem list even when it is empty: `[]` in JSON.
    emit(rows, out, columns=VERIFY_COLUMNS, sheet="problems")
    note(f"kb verify: {report.summary()}")
    if not report.ok:
        raise typer.Exit(2)


def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision (default head).")] = "head",
    db: DbOpt = None,
) -> None:
    """Create or upgrade the kb schema of a database (without loading seeds).

    \b
    Example:
      kb migrate
    """
    from kb import migrate as migrate_database

    reached = migrate_database(db, revision)
    note(f"kb: schema at {reached}")
