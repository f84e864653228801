"""One renderer for every read command: rows (dicts of data: Decimal, int, date, list)
in, one of the formats out, to stdout, a file, a device or a pager.

Commands hand over rows and a column order; nothing here queries.  Files are written by
kb.output.files (atomic for regular files).  Formats:

- table: for a terminal (kb.output.table): fits the width, says what it left out;
- csv: kb.output.csvfile (formula guard, --excel byte-order mark);
- json: a list of objects; jsonl: one object per line (exact numbers);
- xlsx: kb.output.xlsx; md: a Markdown table.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from kb.domain.problems import KbError
from kb.output.csvfile import BOM_ENCODING, write_csv
from kb.output.files import atomic_path, is_stdout, open_output
from kb.output.jsonfile import write_json, write_jsonl

FORMATS = ("table", "csv", "json", "jsonl", "xlsx", "md")
EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".xlsx": "xlsx", ".md": "md"}


def format_for(fmt: str | None, output: Path | str | None) -> str:
    """The format to write: --format if given, else the -o file's extension, else table.
    An explicit format that contradicts the extension is a usage error."""
    ext = None if is_stdout(output) else Path(str(output)).suffix.lower()
    implied = EXTENSIONS.get(ext or "")
    if fmt is None:
        return implied or "table"
    if fmt not in FORMATS:
        raise KbError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    if implied and implied != fmt:
        raise KbError(
            f"--format {fmt} contradicts the file name {output} (a {ext} file is {implied}); "
            "drop --format or rename the file"
        )
    return fmt


@dataclass(frozen=True)
class Shown:
    """What a terminal table folded or left out, for the caller to tell the user."""

    dropped: list[str]
    width: int | None


def columns_of(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> list[str]:
    if columns:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def pick_columns(
    rows: Sequence[dict[str, Any]], columns: list[str], wanted: Sequence[str]
) -> list[str]:
    """``--columns a,b,c``: any column of the rows, in the order asked."""
    available = list(dict.fromkeys([*columns, *columns_of(rows)]))
    unknown = [c for c in wanted if c not in available]
    if unknown:
        raise KbError(f"no column {', '.join(unknown)}; columns here: {', '.join(available)}")
    return list(wanted)


def terminal_width(out: TextIO) -> int | None:
    """A terminal's width; for a file or a pipe none (natural width) unless $COLUMNS says."""
    if _isatty(out):
        return shutil.get_terminal_size().columns
    env = os.environ.get("COLUMNS", "")
    return int(env) if env.isdigit() and int(env) > 0 else None


def _isatty(out: Any) -> bool:
    try:
        return bool(out.isatty())
    except (AttributeError, ValueError):
        return False


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    output: Path | str | None = None,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    excel: bool = False,
    *,
    guard: bool = True,
    wide: bool = False,
    pick: Sequence[str] | None = None,
    pager: bool = False,
    width: int | None = None,
    drop_order: Sequence[str] = (),
    sheet: str = "kb",
) -> Shown:
    """Write rows in the chosen format to ``output`` or stdout."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    cols = columns_of(rows, columns)
    if pick:
        cols = pick_columns(rows, cols, pick)
    if fmt == "xlsx":
        write_xlsx_rows(rows, cols, output, sheet)
        return Shown([], None)
    if fmt in ("table", "md") and not is_stdout(output):
        pager = False
    with open_output(output, encoding=BOM_ENCODING if excel and fmt == "csv" else "utf-8") as out:
        if fmt == "csv":
            write_csv(out, rows, cols, guard=guard)
        elif fmt in ("json", "jsonl"):
            # Objects keep their own keys (facts of several kinds), unless columns are named.
            objects = (
                ({c: r.get(c) for c in cols} for r in rows) if (columns or pick) else iter(rows)
            )
            (write_json if fmt == "json" else write_jsonl)(out, objects)
        elif fmt == "md":
            from kb.output.table import render_markdown

            out.write(render_markdown(rows, cols, title))
        else:
            from kb.output.table import render_table

            screen = None if wide else (width or terminal_width(out))
            text, plan = render_table(rows, cols, screen, title, drop_order, keep_all=bool(pick))
            if pager and _isatty(out):
                page(text, out)
            else:
                out.write(text)
            return Shown(plan.dropped, screen)
    return Shown([], None)


def write_xlsx_rows(
    rows: Sequence[dict[str, Any]], cols: list[str], output: Path | str | None, sheet: str
) -> None:
    from kb.output.xlsx import Sheet, write_xlsx

    sheets = [Sheet(sheet, cols, rows)]
    if is_stdout(output):
        if _isatty(sys.stdout):
            raise KbError("XLSX is binary: name a file with -o FILE.xlsx, or pipe it")
        buffer = io.BytesIO()
        write_xlsx(buffer, sheets)
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return
    with atomic_path(Path(str(output))) as path:
        write_xlsx(str(path), sheets)


def page(text: str, out: TextIO) -> None:
    """Through $KB_PAGER or $PAGER (default less, with LESS=FRX as git sets it: quit if one
    screen, keep colours, leave the text on screen) when it is longer than the screen."""
    import subprocess

    command = os.environ.get("KB_PAGER", os.environ.get("PAGER", "less"))
    height = shutil.get_terminal_size().lines
    if not command.strip() or command.strip() == "cat" or text.count("\n") < height:
        out.write(text)
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    out.flush()
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        out.write(text)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode("utf-8"))
        proc.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early
        pass
    proc.wait()


# Names other modules import.
__all__ = ["FORMATS", "format_for", "render", "write_csv", "write_json", "write_jsonl"]
