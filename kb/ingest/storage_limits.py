"""What the database can store: validated values a backend would refuse are problems too.

The limits are read from the store's column types (text lengths, 32-bit integers), so a
value that validates but cannot be stored is reported before the load writes anything.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Integer, String

from kb.domain.problems import Problem
from kb.domain.schemas import FactBase
from kb.store.models import KIND_TABLES, ExactNumeric, FactRow

_INT32 = (-(2**31), 2**31 - 1)  # INTEGER on PostgreSQL; SQLite's is wider, but both must agree


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def storage_problems(
    values: dict[str, Any],
    model: Any,
    file: str | None,
    fact_id: str | None = None,
    names: dict[str, str] | None = None,
) -> list[Problem]:
    """Validated values that a backend would refuse (or SQLite keep and PostgreSQL refuse):
    NUL characters, text longer than its column, integers beyond a 32-bit INTEGER."""
    found = []
    columns = model.__table__.columns
    for column_name, value in values.items():
        name = (names or {}).get(column_name, column_name)
        if any("\x00" in text for text in _strings(value)):
            message = "contains a NUL character (\\x00), which cannot be stored"
            found.append(Problem("bad-character", message, file, fact_id, name))
            continue
        column = columns.get(column_name)
        kind = column.type if column is not None else None
        length = getattr(kind, "length", None)
        if isinstance(value, str) and isinstance(kind, String) and length and len(value) > length:
            message = f"is {len(value)} characters long; at most {length} can be stored"
            found.append(Problem("too-long", message, file, fact_id, name))
        elif (
            isinstance(value, int)
            and isinstance(kind, Integer)
            and not isinstance(kind, BigInteger)
            and not _INT32[0] <= value <= _INT32[1]
        ):
            message = f"{value} is out of range (at most {_INT32[1]})"
            found.append(Problem("out-of-range", message, file, fact_id, name))
        elif isinstance(value, Decimal) and isinstance(kind, ExactNumeric):
            problem = _exact_problem(value, kind)
            if problem:
                found.append(Problem("out-of-range", problem, file, fact_id, name))
    return found


def _exact_problem(value: Decimal, kind: ExactNumeric) -> str | None:
    """What every backend must refuse so that all store the same figure (see ExactNumeric:
    SQLite holds 64-bit units)."""
    if abs(value) > kind.max_value:
        return f"{value} is out of range (at most {kind.max_value} can be stored exactly)"
    try:
        kind.units(value)
    except ValueError as exc:
        return str(exc)
    return None


@functools.cache
def _limits(model: Any) -> dict[str, tuple[int | None, bool, ExactNumeric | None]]:
    """Per column: the longest text it stores (None: no limit), whether it is a 32-bit int,
    its exact decimal type."""
    limits = {}
    for column in model.__table__.columns:
        kind = column.type
        length = getattr(kind, "length", None)
        limits[column.name] = (
            length if isinstance(kind, String) and length else None,
            isinstance(kind, Integer) and not isinstance(kind, BigInteger),
            kind if isinstance(kind, ExactNumeric) else None,
        )
    return limits


def _fits(values: dict[str, Any], model: Any) -> bool:
    """True when storage_problems would find nothing; False when it might (then it decides).

    The common case, checked without building Problems: plain strings, ints, decimals,
    None and lists of strings."""
    limits = _limits(model)
    for name, value in values.items():
        kind = type(value)
        if kind is str:
            if "\x00" in value:
                return False
            limit = limits.get(name)
            if limit is not None and limit[0] is not None and len(value) > limit[0]:
                return False
        elif kind is int:
            limit = limits.get(name)
            if limit is not None and limit[1] and not _INT32[0] <= value <= _INT32[1]:
                return False
        elif kind is Decimal:
            limit = limits.get(name)
            if limit is not None and limit[2] is not None and _exact_problem(value, limit[2]):
                return False
        elif value is None:
            continue
        elif kind is list:
            if not all(type(item) is str and "\x00" not in item for item in value):
                return False
        else:
            return False
    return True


def fact_storage_problems(fact: FactBase, file: str | None) -> list[Problem]:
    common = {"slug": fact.id, "quote": fact.quote, "note": fact.note}
    content = fact.content()
    if _fits(common, FactRow) and _fits(content, KIND_TABLES[fact.kind]):
        return []
    return storage_problems(
        common, FactRow, file, fact.id, names={"slug": "id"}
    ) + storage_problems(content, KIND_TABLES[fact.kind], file, fact.id)
