"""One renderer for every read command: table, CSV or JSON, to stdout or a file.

Commands hand over rows (dicts) and a column order; nothing here queries.  Files are
written to a temporary sibling and renamed, so a failure never leaves half a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

FORMATS = ("table", "csv", "json")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as text: exact decimals, ISO dates, lists joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def neutralise(text: str) -> str:
    """Spreadsheet-safe: a cell starting with = + - @ cannot run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def safe_cell(value: Any) -> str:
    text = cell(value)
    # Numbers stay numbers; only text can smuggle a formula.  Read commands get their
    # decimals as JSON text ("-5"), so a plain number in text is left alone too: "-5" is
    # not a formula, and "'-5" would turn a negative figure into a string.
    if isinstance(value, int | Decimal) or _PLAIN_NUMBER.fullmatch(text):
        return text
    return neutralise(text)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def columns_of(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> list[str]:
    if columns:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def write_csv(
    out: TextIO, rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None
) -> None:
    cols = columns_of(rows, columns)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cols)
    writer.writerows([safe_cell(row.get(c)) for c in cols] for row in rows)


def write_json(out: TextIO, rows: Sequence[dict[str, Any]]) -> None:
    json.dump(list(rows), out, ensure_ascii=False, indent=2, default=_json_default)
    out.write("\n")


# Long prose columns wrap; every other column keeps its full width so ids never get cut.
WRAP = frozenset(
    {
        "quote",
        "note",
        "summary",
        "description",
        "conditioned",
        "purpose",
        "title",
        "before",
        "after",
        "message",
        "sentence",
        "lineage",
        "text",
        "citations",
        "check",  # kb draft's review table
        "was",
    }
)


def write_table(
    out: TextIO,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    cols = columns_of(rows, columns)
    cells = [[_table_cell(row.get(c)) for c in cols] for row in rows]
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    natural = 0
    for i, col in enumerate(cols):
        wide = max([len(col), *(len(r[i]) for r in cells)])
        natural += (min(wide, 60) if col in WRAP else wide) + 3
        table.add_column(
            col,
            justify="right" if _numeric(rows, col) else "left",
            overflow="fold",
            ratio=1 if col in WRAP else None,
            no_wrap=col not in WRAP,
            min_width=None if col in WRAP else wide,
        )
    for line in cells:
        table.add_row(*line)
    # A terminal wraps prose at its width; a file or pipe gets the table's natural width.
    width = None if out.isatty() else max(natural, 80)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        soft_wrap=False,
        highlight=False,
        markup=False,
        color_system="auto" if out.isatty() else None,
    )
    if title:
        console.print(title)
    console.print(table)
    if not rows:
        console.print("(no rows)")
    # rich pads every line to the table's width; trailing blanks only get in a reader's way
    out.write("\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n")


def _numeric(rows: Sequence[dict[str, Any]], col: str) -> bool:
    values = [row.get(col) for row in rows if row.get(col) is not None]
    return bool(values) and all(
        isinstance(v, int | Decimal) and not isinstance(v, bool) for v in values
    )


def _table_cell(value: Any) -> str:
    if isinstance(value, Decimal) and value == value.to_integral() and abs(value) >= 1000:
        return f"{value:,.0f}"
    return cell(value)


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    output: Path | None = None,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    excel: bool = False,
) -> None:
    """Write rows in the chosen format to ``output`` (atomically) or stdout."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    with open_output(output, excel=excel and fmt == "csv") as out:
        if fmt == "csv":
            write_csv(out, rows, columns)
        elif fmt == "json":
            write_json(out, [{c: r.get(c) for c in columns} for r in rows] if columns else rows)
        else:
            write_table(out, rows, columns, title)


@contextmanager
def open_output(output: Path | None, excel: bool = False) -> Iterator[TextIO]:
    """stdout, or a file written to a temporary sibling and renamed into place."""
    if output is None or str(output) == "-":
        yield sys.stdout
        return
    with (
        atomic_path(Path(output)) as tmp,
        open(tmp, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh,
    ):
        yield fh


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed onto it only if the block succeeds."""
    target = target.expanduser()
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder; name a file")
    directory = target.parent
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
