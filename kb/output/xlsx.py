"""The one XLSX writer (openpyxl, write-only so large exports stream): a sheet per table,
the header row frozen and filtered, amounts as numbers with a thousands format, columns as
wide as their text (measured on the first rows: a streamed sheet sets its widths before its
rows), and text always a string cell, so "=HYPERLINK(...)" can never become a formula.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any

from kb.output.cells import text

SAMPLE = 1000  # rows measured for the column widths
MAX_WIDTH = 60
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 cannot carry


@dataclass
class Sheet:
    title: str
    columns: Sequence[str]
    rows: Iterable[dict[str, Any]]


def _width(value: Any) -> int:
    if isinstance(value, Decimal):
        return len(f"{value:,}")
    return max((len(line) for line in text(value).split("\n")), default=0)


def write_xlsx(target: str | IO[bytes], sheets: Sequence[Sheet]) -> int:
    """Write the sheets to ``target`` (a path or a binary file); returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    count = 0
    try:
        for sheet in sheets:
            ws = workbook.create_sheet(_title(sheet.title))
            cols = list(sheet.columns)
            rows = iter(sheet.rows)
            head = list(islice(rows, SAMPLE))
            for i, col in enumerate(cols, start=1):
                wide = max([len(col) + 3, *(_width(r.get(col)) for r in head)])  # 3: filter
                ws.column_dimensions[get_column_letter(i)].width = min(wide + 1, MAX_WIDTH)
            ws.freeze_panes = "A2"
            ws.append(cols)
            n = 0
            for row in chain(head, rows):
                ws.append([_cell(ws, row.get(c), WriteOnlyCell) for c in cols])
                n += 1
            last = get_column_letter(max(len(cols), 1))
            ws.auto_filter.ref = f"A1:{last}{n + 1}"
            count += n
        if isinstance(target, str):
            with open(target, "wb") as raw:
                workbook.save(_Fuse(raw))
        else:
            workbook.save(_Fuse(target))
    except BaseException as exc:
        _close_quietly(workbook)
        _raise_as_os_error(exc, target)
        raise
    return count


def _raise_as_os_error(exc: BaseException, target: str | IO[bytes]) -> None:
    """With lxml installed (kb draft needs it) openpyxl writes through lxml, which reports a
    failed write as SerialisationError("IO_EFBIG"): raise the OSError ("File too large")
    openpyxl's own writer gives, so the message says what failed."""
    code = str(exc)
    if type(exc).__name__ == "SerialisationError" and code.startswith("IO_"):
        import errno
        import os

        number = getattr(errno, code[3:], errno.EIO)
        name = target if isinstance(target, str) else getattr(target, "name", None)
        raise OSError(number, os.strerror(number), name) from exc


class _Fuse:
    """A binary file that, once a write has failed (a full disk), only pretends to write.

    zipfile's ZipFile, abandoned by the failed save, writes its directory again when it
    is collected and prints "Exception ignored" tracebacks; through the fuse that late
    write goes nowhere (with consistent positions), and the first error alone reaches the
    user.  The target is a temporary file that is removed anyway."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._pos: int | None = None  # set once blown

    def _blow(self) -> None:
        try:
            self._pos = self._raw.tell()
        except (OSError, ValueError):
            self._pos = 0

    def write(self, data: bytes) -> int:
        if self._pos is not None:
            self._pos += len(data)
            return len(data)
        try:
            return self._raw.write(data)
        except OSError:
            self._blow()
            raise

    def seek(self, offset: int, whence: int = 0) -> int:
        if self._pos is not None:
            self._pos = offset if whence == 0 else self._pos + offset
            return self._pos
        try:
            return self._raw.seek(offset, whence)
        except OSError:
            self._blow()
            raise

    def tell(self) -> int:
        return self._raw.tell() if self._pos is None else self._pos

    def flush(self) -> None:
        if self._pos is None:
            try:
                self._raw.flush()
            except OSError:
                self._blow()
                raise

    def seekable(self) -> bool:
        return bool(self._raw.seekable())

    def close(self) -> None:  # the caller closes the real file
        if self._pos is None:
            self._blow()


def _close_quietly(workbook: Any) -> None:
    """A failed save (a full disk) leaves each streamed sheet's row generator open; closed
    when collected, it writes to the closed file and Python prints "Exception ignored"
    tracebacks.  Close them here, where their errors can be dropped: the first error wins."""
    for ws in getattr(workbook, "_sheets", []):
        for gen in (getattr(ws, "_rows", None), getattr(getattr(ws, "_writer", None), "xf", None)):
            if gen is not None and hasattr(gen, "close"):
                with contextlib.suppress(Exception):  # already failing with a better error
                    gen.close()
    gc.collect()


def _title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "kb"


def _cell(ws: Any, value: Any, cell_type: Any) -> Any:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Decimal):
        cell = cell_type(ws, value=value)  # a number; Excel holds it as a double
        cell.number_format = "#,##0" if value == value.to_integral() else "#,##0.00"
        return cell
    if isinstance(value, dt.date):
        value = value.isoformat()
    cell = cell_type(ws, value=None)
    # Always a string cell: text that starts with "=" stays text, never a formula.
    cell.value = _ILLEGAL.sub("\ufffd", text(value))
    cell.data_type = "s"
    return cell
