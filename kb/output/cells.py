"""How one value becomes text: the same for every format, with the guards each one needs.

Rows stay data (Decimal, int, date, list, dict) until a writer asks for a cell; CSV then
neutralises formulas, a terminal table escapes control characters, JSON keeps both as
they are.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from kb.domain.problems import printable

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ... and a reader that splits lines on a bare CR or LF inside a quoted cell sees a new cell
# start after it: guard those starts too.
_AFTER_BREAK = re.compile(r"(?<=[\r\n])(?=[=+\-@\t\r])")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def decimal_text(value: Decimal) -> str:
    """The exact figure as plain digits: 127100000 and 12.5, never 1.271E+8 or 12.50."""
    if not value.is_finite():
        return str(value)
    text = format(value.normalize(), "f")
    return text


def text(value: Any) -> str:
    """A value as text: exact decimals, ISO dates, lists joined with '; ', dicts as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(text(v) for v in value)
    if isinstance(value, dict) or hasattr(value, "model_dump"):
        from kb.output.jsonfile import dumps

        return dumps(value)
    return str(value)


def neutralise(cell: str) -> str:
    """Spreadsheet-safe text: a leading = + - @ tab or CR, at the start or after a line
    break inside the cell, gets a ' so it cannot run as a formula."""
    if cell.startswith(FORMULA_START):
        cell = "'" + cell
    if "\r" in cell or "\n" in cell:
        cell = _AFTER_BREAK.sub("'", cell)
    return cell


def csv_cell(value: Any, guard: bool = True) -> str:
    """A CSV cell. Numbers stay numbers (only text can smuggle a formula): "-5" is not a
    formula, and "'-5" would turn a negative figure into a string."""
    cell = text(value)
    if not guard or isinstance(value, int | Decimal) or _PLAIN_NUMBER.fullmatch(cell):
        return cell
    return neutralise(cell)


def table_cell(value: Any) -> str:
    """A terminal cell: thousands separators on whole amounts, control characters (terminal
    escapes, bidi overrides) escaped so data cannot drive the screen; newlines stay breaks."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral():
        cell = f"{value:,.0f}" if abs(value) >= 1000 else decimal_text(value)
    else:
        cell = text(value)
    if cell.isprintable():
        return cell
    return "\n".join(printable(line) for line in cell.replace("\r\n", "\n").split("\n"))


def is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)
