"""How kb writes a version and a span of fiscal years: the one spelling of each."""

from __future__ import annotations

import datetime as dt


def version_ref(report: str, date: dt.date) -> str:
    """A version as users write it: ``IF10578@2025-08-14``."""
    return f"{report}@{date.isoformat()}"


def fy_range(start: int | None, end: int | None, *, open_end: str = "present") -> str:
    """``FY2023``, ``FY2008-FY2023``; an open end reads ``open_end`` (``FY2021-present``),
    an open start ``...`` (``...-FY2020``); no years at all, the empty string."""
    if start is None and end is None:
        return ""
    first = "..." if start is None else f"FY{start}"
    if end is None:
        return f"{first}-{open_end}"
    return first if start == end else f"{first}-FY{end}"
