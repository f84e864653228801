"""Dates that keep their precision: "2024", "2024-07" or "2024-07-15".

A partial date is stored and printed as the ISO prefix the source supports, so
"July 2024" is ``2024-07``, never 2024-07-01.  ISO prefixes sort correctly as text
(``2024`` < ``2024-07`` < ``2024-07-15`` < ``2024-08``), which lets SQL order them.
"""

from __future__ import annotations

import datetime as dt
import re

# English month names, as CRS writes them (not calendar.month_name: that follows the locale)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def in_words(date: str) -> str:
    """'2025' -> '2025'; '2025-02' -> 'February 2025'; '2024-07-15' -> 'July 15, 2024'."""
    parts = date.split("-")
    if len(parts) == 1:
        return date
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{month} {int(parts[2])}, {parts[0]}"

# ASCII digits only ("２０２４" is not a year), and no trailing newline ("$" would allow one).
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)

PRECISIONS = {4: "year", 7: "month", 10: "day"}


def parse_partial_date(value: object) -> str:
    """Normalise a YAML value (int year, date, or ISO-prefix string) to an ISO prefix."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value.isoformat()} has a time; give a date")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    match = _PARTIAL.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date: {exc}") from None
    if not 1800 <= int(year) <= 2100:
        raise ValueError(f"{value!r}: year outside 1800-2100")
    return value.strip()


def precision(value: str) -> str:
    """'year', 'month' or 'day'."""
    return PRECISIONS[len(value)]


def parse_version_date(value: object) -> dt.date:
    """A version is tagged by a full 'Updated' date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip(), re.ASCII):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:  # 2025-13-01, 2025-02-30
            raise ValueError(f"{value!r} is not a valid date: {exc}") from None
    raise ValueError(f"{value!r} is not a date (a version is tagged YYYY-MM-DD)")


BOUND_WORDS = {"on": "{d}", "by": "by {d}", "since": "since {d}", "after": "{d} or later"}


def bounded(date: str | None, bound: str | None = "on", words: bool = False) -> str | None:
    """A date with its bound, as kb prints it: '2025-03', 'by 2025-03', 'since 2019',
    '2020-10 or later' (``words``: 'by March 2025', 'October 2020 or later')."""
    if date is None:
        return None
    shown = in_words(date) if words else date
    return BOUND_WORDS.get(bound or "on", "{d}").format(d=shown)
