"""JSON (a list of objects) and JSON Lines (one object per line), with exact numbers.

Amounts are Decimals; JSON has numbers of any precision, Python's json module only writes
floats.  simplejson (use_decimal) writes a Decimal's own digits, so 999999999999999.99
stays exactly that: no float on the way.  Dates are ISO text (with their precision).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TextIO

from kb.output.cells import decimal_text


def plain(value: Any) -> Any:
    """A value made of JSON types only (Decimals kept, as plain-digit Decimals)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Decimal):
        return Decimal(decimal_text(value)) if value.is_finite() else str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return plain(value.model_dump())
    return str(value)


def dumps(value: Any, indent: int | None = None) -> str:
    import simplejson

    return simplejson.dumps(plain(value), ensure_ascii=False, use_decimal=True, indent=indent)


def write_json(out: TextIO, rows: Iterable[dict[str, Any]]) -> int:
    """A list of objects, streamed, laid out as json.dump(rows, indent=2) would."""
    count = 0
    for row in rows:
        out.write("[\n  " if count == 0 else ",\n  ")
        out.write(dumps(row, indent=2).replace("\n", "\n  "))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def write_jsonl(out: TextIO, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    for row in rows:
        out.write(dumps(row))
        out.write("\n")
        count += 1
    return count
