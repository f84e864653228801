"""Options every read command shares, declared once, and the one way commands open a DB."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
    jsonl = "jsonl"
    xlsx = "xlsx"
    md = "md"


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table, csv, json (a list of objects), jsonl (JSON Lines), xlsx or md; "
        "default: the -o file's extension, else table.",
        show_default=False,
    ),
]
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
ExcelOpt = Annotated[
    bool,
    typer.Option("--excel", help="CSV with a byte-order mark, so Excel reads UTF-8 (Mérida)."),
]
NoGuardOpt = Annotated[
    bool,
    typer.Option(
        "--no-formula-guard",
        help="CSV cells as they are: no ' before text starting with = + - @ (for pandas, R).",
    ),
]
WideOpt = Annotated[
    bool, typer.Option("--wide", help="Table: every column at full width, whatever the screen.")
]
ColumnsOpt = Annotated[
    str | None,
    typer.Option("--columns", metavar="A,B,C", help="Only these columns, in this order."),
]
NoPagerOpt = Annotated[
    bool, typer.Option("--no-pager", help="Never page a long table ($KB_PAGER, $PAGER, less).")
]


@dataclass(frozen=True)
class Output:
    """The output options of one command, as the user gave them."""

    format: Format | None = None
    output: Path | None = None
    excel: bool = False
    guard: bool = True
    wide: bool = False
    columns: list[str] | None = None
    pager: bool = True

    @property
    def fmt(self) -> Format:
        """The format to write: --format, else the -o file's extension, else table."""
        from kb.output.render import format_for

        return Format(format_for(self.format.value if self.format else None, self.output))


_OUTPUT_PARAMS = [
    inspect.Parameter("fmt", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FormatOpt),
    inspect.Parameter("output", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OutputOpt),
    inspect.Parameter("excel", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=ExcelOpt),
    inspect.Parameter(
        "no_formula_guard", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=NoGuardOpt
    ),
    inspect.Parameter("wide", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=WideOpt),
    inspect.Parameter(
        "columns", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ColumnsOpt
    ),
    inspect.Parameter(
        "no_pager", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=NoPagerOpt
    ),
]


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the shared output options (--format, -o, --excel, --no-formula-guard,
    --wide, --columns, --no-pager), declared once here, and pass them as ``out: Output``."""
    signature = inspect.signature(command, eval_str=True)
    params = [p for name, p in signature.parameters.items() if name != "out"]
    params += _OUTPUT_PARAMS

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        picked = kwargs.pop("columns")
        out = Output(
            format=kwargs.pop("fmt"),
            output=kwargs.pop("output"),
            excel=kwargs.pop("excel"),
            guard=not kwargs.pop("no_formula_guard"),
            wide=kwargs.pop("wide"),
            columns=[c.strip() for c in picked.split(",") if c.strip()] if picked else None,
            pager=not kwargs.pop("no_pager"),
        )
        out.fmt  # noqa: B018 - a contradicting --format and -o is refused before any work
        return command(out=out, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


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
    from kb import open_database as open_engine

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
    out: Output,
    columns: list[str] | None = None,
    title: str | None = None,
    drop_order: tuple[str, ...] = (),
    sheet: str = "kb",
) -> None:
    """Render rows as the user asked; a table that left columns out says which (stderr)."""
    from kb.output.render import render

    shown = render(
        rows,
        out.fmt.value,
        out.output,
        columns=columns,
        title=title,
        excel=out.excel,
        guard=out.guard,
        wide=out.wide,
        pick=out.columns,
        pager=out.pager,
        drop_order=drop_order,
        sheet=sheet,
    )
    if shown.dropped:
        note(
            f"kb: left out to fit {shown.width} columns: {', '.join(shown.dropped)} "
            "(--wide shows every column, --columns A,B,C picks them)"
        )


def note(message: str) -> None:
    """Human messages go to stderr; stdout carries only data."""
    print(message, file=sys.stderr)
