"""Options every read command shares, declared once, and the one way commands open a DB."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table (default), csv or json.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout.",
        dir_okay=False,
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL; default $KB_DATABASE_URL or the embedded SQLite file.",
        envvar="KB_DATABASE_URL",
        show_envvar=False,
    ),
]
AtOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--at",
        metavar="REPORT@VERSION",
        help="A version (repeatable); default: the latest version of each report.",
    ),
]


# Library parameters named by a flag other than "--" + the name with dashes: the library
# names its parameters in errors (kb.domain.problems.BadArgument), the CLI its flags.
_FLAGS = {"fy_from": "--from", "fy_to": "--to"}


def flag_for(parameter: str) -> str:
    return _FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def engine_for(db: str | None, *, seed: bool = True) -> Engine:
    """An engine on ``db`` at the current schema.  A new database is seeded from the
    bundled seeds only for read commands (``seed``); `kb load` loads what it is given."""
    from kb.ingest.bootstrap import open_engine

    return open_engine(db, seed=seed)


@contextmanager
def connect(db: str | None) -> Iterator[Connection]:
    """A read connection whose queries all see one snapshot of the database.

    A command runs several queries (one per kind, then the versions...); if a load
    commits between two of them, each query alone would see a consistent state, but
    together they would mix the old and the new.  PostgreSQL: REPEATABLE READ takes one
    snapshot for the transaction.  SQLite: pysqlite runs SELECTs outside any transaction
    unless one is begun, so BEGIN explicitly (WAL keeps that read snapshot until the end).
    """
    engine = engine_for(db)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")
            else:
                conn.execution_options(isolation_level="REPEATABLE READ")
            yield conn
    finally:
        engine.dispose()


def emit(
    rows: list[dict[str, Any]],
    fmt: Format,
    output: Path | None,
    columns: list[str] | None = None,
    title: str | None = None,
) -> None:
    from kb.output.render import render

    render(rows, fmt.value, output, columns=columns, title=title)


def note(message: str) -> None:
    """Human messages go to stderr; stdout carries only data."""
    print(message, file=sys.stderr)
