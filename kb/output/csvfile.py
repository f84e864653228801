"""The one CSV writer: every command that writes CSV (read commands, funding, diff,
export) goes through CsvWriter, so the formula guard, the quoting and the byte-order mark
are the same everywhere.

- The guard (on by default, for Excel): a text cell that starts with = + - @ tab or CR,
  or has one of them after a line break inside it, gets a leading ' (kb.output.cells).
  ``guard=False`` (``--no-formula-guard``) writes the data as it is, for pandas and R.
- Python's csv module with lineterminator "\\n" leaves a field with a bare CR unquoted, so
  a reader that ends lines on CR would see a new row start inside it: such a row is
  written with every field quoted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from kb.output.cells import FORMULA_START, csv_cell

BOM_ENCODING = "utf-8-sig"  # --excel: a byte-order mark, so Excel reads UTF-8 (Mérida)


class CsvWriter:
    def __init__(self, out: TextIO, guard: bool = True) -> None:
        self._plain = csv.writer(out, lineterminator="\n")
        self._quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self.guard = guard
        self.rows = 0
        self._cr = False

    def header(self, columns: Sequence[str]) -> None:
        self._write([csv_cell(c, self.guard) for c in columns])

    def row(self, values: Iterable[Any]) -> None:
        guard, start, slow = self.guard, FORMULA_START, self._slow
        self._cr = False
        # The common cells (plain text, ints, empty) pass as they are; a function call per
        # cell was a third of an export's time.  Only slow() cells can hold a CR.
        cells = [
            v
            if (t := type(v)) is str
            and not (guard and v.startswith(start))
            and "\r" not in v
            and "\n" not in v
            else ""
            if v is None
            else v
            if t is int
            else slow(v)
            for v in values
        ]
        (self._quoted if self._cr else self._plain).writerow(cells)
        self.rows += 1

    def _slow(self, value: Any) -> str:
        cell = csv_cell(value, self.guard)
        if "\r" in cell:
            self._cr = True
        return cell

    def _write(self, cells: list[Any]) -> None:
        if any(type(c) is str and "\r" in c for c in cells):
            self._quoted.writerow(cells)
        else:
            self._plain.writerow(cells)


def write_csv(
    out: TextIO,
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    guard: bool = True,
) -> int:
    writer = CsvWriter(out, guard)
    writer.header(columns)
    for row in rows:
        writer.row([row.get(c) for c in columns])
    return writer.rows
